import { describe, expect, it } from 'vitest';
import { zeros3 } from '../array3.ts';
import { Rng } from '../rng.ts';
import perceptualDiscrimination from '../tasks/perceptual-discrimination.ts';
import { createTask } from '../tasks/registry.ts';
import { buildTask } from '../tasks/task.ts';

const PD = createTask({ name: 'PerceptualDiscrimination', N_batch: 1 }, new Rng(1));
const MTC = createTask({ name: 'MatchToCategory', N_batch: 1 }, new Rng(1));
import type { TrialBatch } from '../tasks/task.ts';
import { fitLogistic, MAX_SLOPE_TIMES_RANGE, psychometric } from './psychometric.ts';

/** Choices drawn from P(1) = 1 / (1 + exp(−slope·(x − bias))) at each x, `perX` times. */
function syntheticChoices(xs: number[], bias: number, slope: number, perX: number, seed = 3) {
  const rng = new Rng(seed);
  const x: number[] = [];
  const y: number[] = [];
  for (const v of xs) {
    for (let k = 0; k < perX; k++) {
      x.push(v);
      y.push(rng.uniform() < 1 / (1 + Math.exp(-slope * (v - bias))) ? 1 : 0);
    }
  }
  return { x, y };
}

/** A one-step batch with two outputs whose choices are `choices` (output = one-hot, mask 1). */
function batchWithChoices(params: object[], targets: number[], choices: number[]) {
  const n = params.length;
  const y = zeros3(n, 1, 2);
  const outputs = zeros3(n, 1, 2);
  const mask = zeros3(n, 1, 2);
  mask.data.fill(1);
  targets.forEach((t, b) => (y.data[b * 2 + t] = 1));
  choices.forEach((c, b) => (outputs.data[b * 2 + c] = 1));
  const batch: TrialBatch<object> = { x: zeros3(n, 1, 2), y, mask, params };
  return { batch, outputs };
}

describe('fitLogistic', () => {
  it('recovers a known bias and slope by maximum likelihood', () => {
    const xs = [-0.7, -0.5, -0.3, -0.1, 0.1, 0.3, 0.5, 0.7];
    const { x, y } = syntheticChoices(xs, 0.08, 6, 2000);
    const fit = fitLogistic(x, y)!;
    expect(fit.bias).toBeCloseTo(0.08, 1);
    expect(fit.slope / 6).toBeCloseTo(1, 1);
  });

  it('fits a decreasing curve with a negative slope', () => {
    const { x, y } = syntheticChoices([-2, -1, 0, 1, 2], -0.5, -1.5, 2000, 4);
    const fit = fitLogistic(x, y)!;
    expect(fit.bias).toBeCloseTo(-0.5, 1);
    expect(fit.slope / -1.5).toBeCloseTo(1, 1);
  });

  it('returns the capped step under perfect separation', () => {
    expect(fitLogistic([-0.3, -0.1, 0.1, 0.3], [0, 0, 1, 1])).toEqual({ bias: 0, slope: MAX_SLOPE_TIMES_RANGE / 0.6 });
    expect(fitLogistic([-1, 0, 0, 1, 3], [1, 1, 0, 0, 0])).toEqual({ bias: 0, slope: -MAX_SLOPE_TIMES_RANGE / 4 });
  });

  it('caps the slope of a steep but overlapping fit, keeping its bias', () => {
    // P = 0.1 at x = 0 and 0.9 at x = 0.001: the MLE slope, ≈ 4400, exceeds the cap of 500 / range(x)
    const x = [...Array(10).fill(0), ...Array(10).fill(0.001), 1];
    const y = [1, ...Array(9).fill(0), 0, ...Array(9).fill(1), 1];
    const fit = fitLogistic(x, y)!;
    expect(fit.slope).toBe(MAX_SLOPE_TIMES_RANGE);
    expect(fit.bias).toBeCloseTo(0.0005, 4);
  });

  it('returns null with a single x, a single choice, or no trials', () => {
    expect(fitLogistic([0.3, 0.3, 0.3], [0, 1, 1])).toBeNull();
    expect(fitLogistic([-0.3, 0.1, 0.3], [1, 1, 1])).toBeNull();
    expect(fitLogistic([], [])).toBeNull();
    expect(() => fitLogistic([1, 2], [0, 2])).toThrow(/y\[1\] = 2; each y must be 0 or 1/);
  });
});

describe('psychometric', () => {
  it('gives the fraction choosing output 1 per signed coherence, ascending', () => {
    const params = [
      { coherence: 0.1, direction: 1 },
      { coherence: 0.1, direction: 1 },
      { coherence: 0.1, direction: 0 },
      { coherence: 0.1, direction: 0 },
      { coherence: 0.5, direction: 1 },
    ];
    const { batch, outputs } = batchWithChoices(params, [1, 1, 0, 0, 1], [1, 0, 1, 1, 1]);
    const p = psychometric(PD, batch, outputs);
    expect(p).toMatchObject({ kind: 'evidence', axis: 'signed coherence', x: [-0.1, 0.1, 0.5], pChoice1: [1, 0.5, 1], trials: [2, 2, 1] });
  });

  it('gives accuracy per condition for the other tasks', () => {
    const params = [{ category: 0 }, { category: 1 }, { category: 1 }, { category: 0 }];
    const { batch, outputs } = batchWithChoices(params, [0, 1, 1, 0], [0, 1, 0, 1]);
    expect(psychometric(MTC, batch, outputs)).toEqual({
      kind: 'conditions',
      labels: ['category 0', 'category 1'],
      accuracy: [0.5, 0.5],
      trials: [2, 2],
    });
  });

  it('on a PerceptualDiscrimination batch with outputs = targets: P(choice 1) is 0 below 0 and 1 above', () => {
    const task = buildTask(perceptualDiscrimination, { dt: 10, tau: 100, T: 500, N_batch: 64 }, new Rng(21));
    const batch = task.getTrialBatch();
    const p = psychometric(task, batch, batch.y);
    if (p.kind !== 'evidence') throw new Error('expected a psychometric curve against the evidence');
    expect(p.x).toEqual([-0.7, -0.5, -0.3, -0.1, 0.1, 0.3, 0.5, 0.7]);
    expect(p.pChoice1).toEqual(p.x.map((s) => (s > 0 ? 1 : 0)));
    expect(p.trials.reduce((a, b) => a + b, 0)).toBe(64);
    expect(p.fit!.bias).toBeCloseTo(0, 12);
    expect(p.fit!.slope).toBeGreaterThan(100);
  });
});
