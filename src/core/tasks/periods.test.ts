import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.ts';
import {
  choice,
  drawDuration,
  drawPeriods,
  durationProblem,
  durationRange,
  inPeriod,
  isPeriods,
  periodAt,
  periodsEnd,
  truncatedExponential,
  uniform,
} from './periods.ts';
import { MomentAccumulator } from './test-stats.ts';

const draws = (n: number, draw: () => number) => Array.from({ length: n }, draw);

describe('durations', () => {
  it('draws a uniform on [min, max) with mean (min + max)/2', () => {
    const rng = new Rng(1);
    const m = new MomentAccumulator();
    const xs = draws(20000, () => drawDuration(rng, uniform(100, 300)));
    xs.forEach((x) => m.add(x));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...xs)).toBeLessThan(300);
    expect(Math.abs(m.moments.mean - 200)).toBeLessThan(2); // 5 standard errors (57.7 / √20000)
  });

  it('draws each value of a choice equally often', () => {
    const rng = new Rng(2);
    const xs = draws(30000, () => drawDuration(rng, choice([200, 400, 800])));
    for (const v of [200, 400, 800]) expect(xs.filter((x) => x === v).length / xs.length).toBeCloseTo(1 / 3, 1);
  });

  it('draws a truncated exponential in [min, max) with the truncated mean', () => {
    const rng = new Rng(3);
    const [mean, min, max] = [100, 50, 250];
    const m = new MomentAccumulator();
    const xs = draws(40000, () => drawDuration(rng, truncatedExponential(mean, min, max)));
    xs.forEach((x) => m.add(x - min));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(min);
    expect(Math.max(...xs)).toBeLessThan(max);
    // E[X | X < a] for X ~ Exp(mean), a = max − min: mean − a / (e^{a/mean} − 1)
    const a = max - min;
    expect(Math.abs(m.moments.mean - (mean - a / (Math.exp(a / mean) - 1)))).toBeLessThan(1.5); // ~5 standard errors
  });

  it('gives each duration its range, and says what is wrong with a bad one', () => {
    expect(durationRange(30)).toEqual([30, 30]);
    expect(durationRange(uniform(1, 2))).toEqual([1, 2]);
    expect(durationRange(choice([5, 1, 3]))).toEqual([1, 5]);
    expect(durationProblem(-1)).toMatch(/finite number of ms ≥ 0, got -1/);
    expect(durationProblem(uniform(5, 1))).toMatch(/uniform\(5, 1\) needs finite 0 ≤ min ≤ max/);
    expect(durationProblem(choice([]))).toMatch(/at least one/);
    expect(durationProblem(truncatedExponential(0, 1, 2))).toMatch(/mean > 0/);
    expect(durationProblem({ dist: 'gamma' } as never)).toMatch(/must be a number of ms, uniform/);
    expect(durationProblem(uniform(0, 10))).toBeNull();
  });
});

describe('periods', () => {
  const periods = drawPeriods(new Rng(1), { fixation: 100, stimulus: 0, delay: uniform(0, 10), decision: 50 });

  it('lays the declared periods end to end from 0, in order', () => {
    expect(Object.keys(periods)).toEqual(['fixation', 'stimulus', 'delay', 'decision']);
    expect(periods.fixation).toEqual([0, 100]);
    expect(periods.stimulus).toEqual([100, 100]);
    expect(periods.delay[0]).toBe(100);
    expect(periods.decision[0]).toBe(periods.delay[1]);
    expect(periodsEnd(periods)).toBe(periods.decision[1]);
    expect(isPeriods(periods)).toBe(true);
    expect(isPeriods({ a: [1] })).toBe(false);
  });

  it('finds the half-open period of a time, skipping empty ones, null after the end', () => {
    expect(periodAt(0, periods)).toBe('fixation');
    expect(periodAt(99.9, periods)).toBe('fixation');
    expect(periodAt(100, periods)).toBe(periods.delay[1] > 100 ? 'delay' : 'decision');
    expect(periodAt(periods.decision[1] - 1e-9, periods)).toBe('decision');
    expect(periodAt(periods.decision[1], periods)).toBeNull();
    expect(inPeriod(50, periods, 'fixation')).toBe(true);
    expect(inPeriod(50, periods, ['stimulus', 'decision'])).toBe(false);
    expect(inPeriod(50, periods, 'nonexistent')).toBe(false);
  });

  it('names the period whose duration cannot be drawn', () => {
    expect(() => drawPeriods(new Rng(1), { fixation: 10, stimulus: uniform(10, 0) })).toThrow(/period 'stimulus': uniform\(10, 0\)/);
  });
});
