/** Placeholder until the share helper's part of issue 12 lands (it replaces this file). */
export function ShareControls() {
  return null;
}
