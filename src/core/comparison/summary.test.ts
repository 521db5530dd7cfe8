/** A comparison's summary: runs grouped by condition in seed order, censoring kept, quartiles, tests against the first. */
import { describe, expect, it } from 'vitest';
import { median, quantile, summarizeComparison } from './summary.ts';

describe('summarizeComparison', () => {
  it('groups runs by condition in seed order and tests each later condition against the first', () => {
    const summary = summarizeComparison(['curriculum', 'none', 'other'], [
      { condition: 1, seed: 2, trials: 500, censored: true },
      { condition: 0, seed: 2, trials: 200, censored: false },
      { condition: 1, seed: 1, trials: 400, censored: false },
      { condition: 0, seed: 1, trials: 100, censored: false },
    ]);
    expect(summary.conditions[0]).toEqual({ label: 'curriculum', trials: [100, 200], censored: [false, false], seeds: [1, 2], median: 150 });
    expect(summary.conditions[1]).toMatchObject({ trials: [400, 500], censored: [false, true] });
    // "other" has no runs yet: no test for it
    expect(summary.tests.map((t) => [t.condition, t.u, t.n1, t.n2])).toEqual([[1, 0, 2, 2]]);
  });

  it('quartiles interpolate between order statistics (numpy’s default)', () => {
    expect([quantile([1, 2, 3, 4], 0.25), median([1, 2, 3, 4]), quantile([1, 2, 3, 4], 0.75)]).toEqual([1.75, 2.5, 3.25]);
    expect([quantile([7], 0.25), median([]), quantile([3, 1, 2], 1)]).toEqual([7, null, 3]);
  });
});
