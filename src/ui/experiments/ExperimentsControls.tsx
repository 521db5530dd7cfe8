/** Placeholder until the persist helper's part of issue 12 lands (it replaces this file). */
export function ExperimentsControls() {
  return null;
}
