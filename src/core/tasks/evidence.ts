/** Signed evidence for the psychometric curve (positive ↔ the correct choice is output 1), and its labels. */

/** ±coherence: + when the stimulus favours output 1 (`direction` 1), − for output 0; + 0 turns −0 into 0. */
export function signedCoherence(coherence: number, direction: number): number {
  return (direction === 1 ? coherence : -coherence) + 0;
}

/** "+0.30", "-0.10", "0.00"; more decimals only when two would change the value. */
export function formatSigned(x: number): string {
  const magnitude = Math.abs(x);
  const twoDecimals = magnitude.toFixed(2);
  const text = Math.abs(Number(twoDecimals) - magnitude) < 1e-9 ? twoDecimals : String(magnitude);
  if (Number(text) === 0) return text;
  return (x > 0 ? '+' : '-') + text;
}
