/**
 * A comparison's result from its finished runs: trials-to-threshold per condition (censored runs marked), and a
 * Mann–Whitney test of each condition against the first (with three or more conditions, pairwise against the first,
 * not corrected for multiple comparisons: the page says so). Plain data: it is saved with the experiment and drawn
 * by the page as it is.
 */
import { mannWhitney, type RankTest } from './statistics.ts';
import type { ThresholdResult } from './full-task-measure.ts';

export interface FinishedRun extends ThresholdResult {
  condition: number;
  seed: number;
}

export interface ConditionSummary {
  label: string;
  /** trials to threshold of its runs, in seed order (censored ones at the cap) */
  trials: number[];
  censored: boolean[];
  seeds: number[];
  median: number | null;
}

export interface ConditionTest extends RankTest {
  /** the condition tested against the first */
  condition: number;
}

export interface ComparisonSummary {
  conditions: ConditionSummary[];
  /** one per condition after the first, that has runs on both sides */
  tests: ConditionTest[];
}

/** The median of `values` (null for none). */
export const median = (values: readonly number[]): number | null => quantile(values, 0.5);

/** The q-quantile of `values` by linear interpolation between order statistics (R's type 7, numpy's default). */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

export function summarizeComparison(labels: readonly string[], runs: readonly FinishedRun[]): ComparisonSummary {
  const conditions = labels.map((label, c): ConditionSummary => {
    const mine = runs.filter((run) => run.condition === c).sort((a, b) => a.seed - b.seed);
    const trials = mine.map((run) => run.trials);
    return { label, trials, censored: mine.map((run) => run.censored), seeds: mine.map((run) => run.seed), median: median(trials) };
  });
  const first = conditions[0]?.trials ?? [];
  const tests = conditions.slice(1).flatMap((other, k): ConditionTest[] =>
    first.length > 0 && other.trials.length > 0 ? [{ condition: k + 1, ...mannWhitney(first, other.trials) }] : [],
  );
  return { conditions, tests };
}
