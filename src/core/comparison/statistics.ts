/**
 * The Mann–Whitney U test (two-sided) between two conditions' trials-to-threshold, with its p-value from stdlib's
 * Kruskal–Wallis test (@stdlib/stats-kruskal-test). With two groups Kruskal–Wallis H is the square of the
 * Mann–Whitney z = (U − n₁n₂/2) / √(n₁n₂(N+1)/12 · tie correction), and its χ²(1) p-value is the two-sided normal
 * approximation of Mann–Whitney's, ties corrected, without continuity correction — scipy.stats.mannwhitneyu with
 * method="asymptotic", use_continuity=False (the test pins this). None of the statistics libraries at hand computes
 * the exact small-sample distribution, and censored runs tie at the cap, where an exact test would not apply anyway.
 */
import kruskalTest from '@stdlib/stats-kruskal-test';

export const P_VALUE_METHOD = 'two-sided, normal approximation, ties corrected';

export interface RankTest {
  /** U of the first sample: pairs (a, b) with a > b, ties counting ½ (scipy's statistic for x) */
  u: number;
  /** null when undefined: every value is the same (no ranks to compare) */
  p: number | null;
  n1: number;
  n2: number;
}

/** U₁ = Σᵢ Σⱼ [aᵢ > bⱼ] + ½ [aᵢ = bⱼ]: the statistic itself, as Mann and Whitney define it. */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): number {
  let u = 0;
  for (const x of a) for (const y of b) u += x > y ? 1 : x === y ? 0.5 : 0;
  return u;
}

/** The two-sided Mann–Whitney test of `a` against `b`; throws when a side has no runs. */
export function mannWhitney(a: readonly number[], b: readonly number[]): RankTest {
  if (a.length === 0 || b.length === 0) throw new Error(`a rank test needs runs on both sides; got ${a.length} and ${b.length}`);
  const p = kruskalTest([...a], [...b]).pValue;
  return { u: mannWhitneyU(a, b), p: Number.isFinite(p) ? p : null, n1: a.length, n2: b.length };
}
