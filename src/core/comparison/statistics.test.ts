/**
 * The Mann–Whitney test against scipy 1.17.1: scipy.stats.mannwhitneyu(x, y, method="asymptotic",
 * use_continuity=False) gave these U and p (printed with repr), including ties such as censored runs make.
 */
import { describe, expect, it } from 'vitest';
import { mannWhitney, mannWhitneyU } from './statistics.ts';

const SCIPY: [number[], number[], number, number][] = [
  [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], 0, 0.009023438818080326],
  [[1600, 2400, 3200, 3200, 4000], [4800, 5600, 6400, 6400, 8000], 0, 0.008610705964961161],
  [[800, 1200, 1200, 2000, 2000], [1200, 2000, 2000, 2000, 2000], 7, 0.18859344218176333],
  [[1200, 1500, 1800], [900, 1000, 1300], 8, 0.12663045794761718],
  [[3, 1, 2], [5, 4, 6, 7], 0, 0.03389485352468927],
];

describe('mannWhitney', () => {
  it.each(SCIPY)('%j vs %j: U = %d and p as scipy gives them', (x, y, u, p) => {
    const test = mannWhitney(x, y);
    expect(test.u).toBe(u);
    expect(test.p).toBeCloseTo(p, 12);
    expect([test.n1, test.n2]).toEqual([x.length, y.length]);
  });

  it('U of one side and of the other add up to n₁·n₂', () => {
    expect(mannWhitneyU([1, 5, 5], [5, 2]) + mannWhitneyU([5, 2], [1, 5, 5])).toBe(6);
  });

  it('gives no p-value when every run tied (all censored at the cap): there is nothing to rank', () => {
    expect(mannWhitney([2000, 2000], [2000, 2000, 2000])).toEqual({ u: 3, p: null, n1: 2, n2: 3 });
  });

  it('refuses a side without runs, saying how many each had', () => {
    expect(() => mannWhitney([], [1, 2])).toThrow('a rank test needs runs on both sides; got 0 and 2');
  });
});
