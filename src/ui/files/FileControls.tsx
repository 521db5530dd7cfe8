/** Placeholder until the files helper's part of issue 12 lands (it replaces this file). */
export function FileControls() {
  return null;
}
