/**
 * The psychometric curve (PsychRNN Fig. 2B): for a task whose conditions carry a signed evidence (the coherence
 * of PerceptualDiscrimination), the fraction of trials that choose output 1 at each evidence, with a logistic fit;
 * for a task with a behaviour `measure` (ReadySetGo's produced interval), one point per trial; for other tasks,
 * accuracy per condition. A trial's choice is PsychRNN's: argmax over outputs of the masked time-average.
 */
import { type Array3, trialView } from '../array3.ts';
import { perTrialChoices } from '../tasks/accuracy.ts';
import type { Task, TrialBatch } from '../tasks/task.ts';
import { conditionIndices, trialConditions } from './conditions.ts';

/** Percent choice 1 against the signed evidence with a fitted logistic (Fig. 2B); a behaviour per trial; or accuracy per condition. */
export type Psychometric =
  | {
      kind: 'evidence';
      /** the x axis title, e.g. "signed coherence" */
      axis: string;
      /** signed evidence of each condition, ascending */
      x: number[];
      /** fraction of trials choosing output 1 */
      pChoice1: number[];
      trials: number[];
      /** P(choice 1) = 1 / (1 + exp(−(x − bias)·slope)), null when it cannot be fitted */
      fit: { bias: number; slope: number } | null;
    }
  | {
      kind: 'measure';
      /** axis titles, e.g. ["target interval (ms)", "produced interval (ms)"] */
      axes: [string, string];
      /** one point per trial that has one */
      x: number[];
      y: number[];
      /** each point's condition label */
      labels: string[];
      /** trials without a point (e.g. the output never crossed its threshold) */
      missing: number;
    }
  | { kind: 'conditions'; labels: string[]; accuracy: number[]; trials: number[] };

export interface LogisticFit {
  bias: number;
  slope: number;
}

/** The steepest slope reported, times the x range: P goes from 0.7% to 99.3% over 2% of the range. */
export const MAX_SLOPE_TIMES_RANGE = 500;
const MAX_NEWTON_ITERATIONS = 50;

/** Whether each trial's chosen output is the target's chosen output (PsychRNN's accuracy rule). */
export function correctTrials(batch: TrialBatch<object>, outputs: Array3): boolean[] {
  const chosen = perTrialChoices(outputs, batch.mask);
  const target = perTrialChoices(batch.y, batch.mask);
  return Array.from(chosen, (c, b) => c === target[b]);
}

/** log(1 + e^η) without overflow. */
function softplus(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

/** Σ y·η − log(1 + e^η) with η = a + b·z. */
function logLikelihood(z: number[], y: number[], a: number, b: number): number {
  let ll = 0;
  for (let i = 0; i < z.length; i++) {
    const eta = a + b * z[i];
    ll += y[i] * eta - softplus(eta);
  }
  return ll;
}

/**
 * Newton's method with step halving for logit P = a + b·z; the MLE (a, b), or null if it does not
 * converge in `MAX_NEWTON_ITERATIONS`. Gradient Σ (y − p)[1, z], Hessian Σ p(1 − p)[1, z][1, z]ᵀ.
 */
function newtonLogistic(z: number[], y: number[]): [number, number] | null {
  let a = 0;
  let b = 0;
  let ll = logLikelihood(z, y, a, b);
  for (let iteration = 0; iteration < MAX_NEWTON_ITERATIONS; iteration++) {
    let [g0, g1, h00, h01, h11] = [0, 0, 0, 0, 0];
    for (let i = 0; i < z.length; i++) {
      const p = 1 / (1 + Math.exp(-(a + b * z[i])));
      const w = p * (1 - p);
      g0 += y[i] - p;
      g1 += (y[i] - p) * z[i];
      h00 += w;
      h01 += w * z[i];
      h11 += w * z[i] * z[i];
    }
    const det = h00 * h11 - h01 * h01;
    if (!(det > 1e-12 * h00 * h11)) return null;
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    let step = 1;
    let next = logLikelihood(z, y, a + da, b + db);
    while (next < ll && step > 1e-6) {
      step /= 2;
      next = logLikelihood(z, y, a + step * da, b + step * db);
    }
    a += step * da;
    b += step * db;
    ll = next;
    if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
    if (Math.abs(step * da) + Math.abs(step * db) < 1e-10) return [a, b];
  }
  return null;
}

/**
 * Maximum-likelihood fit of P(y = 1) = 1 / (1 + exp(−slope·(x − bias))) to binary choices y (0/1).
 * null with fewer than two distinct x, when all y are equal, or when Newton's method fails.
 * Perfectly separated data (all y = 0 below some x, all y = 1 above, or the reverse) has no finite
 * MLE: it returns the step there, bias midway between the classes and |slope| = MAX_SLOPE_TIMES_RANGE /
 * range(x); finite fits are capped at that slope too. x is rescaled to z = (x − mid)/range inside.
 */
export function fitLogistic(x: readonly number[], y: readonly number[]): LogisticFit | null {
  if (x.length !== y.length) throw new Error(`fitLogistic: ${x.length} x values but ${y.length} y values`);
  let [xMin, xMax, min0, max0, min1, max1] = [Infinity, -Infinity, Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < x.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new Error(`fitLogistic: y[${i}] = ${y[i]}; each y must be 0 or 1`);
    [xMin, xMax] = [Math.min(xMin, x[i]), Math.max(xMax, x[i])];
    if (y[i] === 1) [min1, max1] = [Math.min(min1, x[i]), Math.max(max1, x[i])];
    else [min0, max0] = [Math.min(min0, x[i]), Math.max(max0, x[i])];
  }
  const range = xMax - xMin;
  if (!(range > 0) || min0 === Infinity || min1 === Infinity) return null;
  const maxSlope = MAX_SLOPE_TIMES_RANGE / range;
  if (max0 <= min1) return { bias: (max0 + min1) / 2, slope: maxSlope };
  if (max1 <= min0) return { bias: (max1 + min0) / 2, slope: -maxSlope };

  const mid = (xMin + xMax) / 2;
  const fit = newtonLogistic(x.map((v) => (v - mid) / range), [...y]);
  if (!fit) return null;
  const [a, b] = fit;
  // a + b·(x − mid)/range = (b/range)·(x − (mid − a·range/b))
  const bias = mid - (a * range) / b;
  const slope = Math.max(-maxSlope, Math.min(maxSlope, b / range));
  return Number.isFinite(bias) ? { bias, slope } : null;
}

/** Per-condition totals: trials and hits, in the order of `labels`. */
function tally(condition: Int32Array, nConditions: number, hit: (trial: number) => boolean) {
  const trials = new Array<number>(nConditions).fill(0);
  const hits = new Array<number>(nConditions).fill(0);
  condition.forEach((c, b) => {
    trials[c]++;
    if (hit(b)) hits[c]++;
  });
  return { trials, fraction: hits.map((h, c) => h / trials[c]) };
}

/** One point per trial from the task's `measure`, with its condition label. */
function measured(task: Task<object>, batch: TrialBatch<object>, outputs: Array3, keys: string[]): Psychometric {
  const measure = task.definition.measure!;
  const result = { kind: 'measure' as const, axes: measure.axes, x: [] as number[], y: [] as number[], labels: [] as string[], missing: 0 };
  batch.params.forEach((p, b) => {
    const point = measure.point(p, trialView(outputs, b), trialView(batch.mask, b), task.settings);
    if (point === null || !point.every(Number.isFinite)) {
      result.missing++;
      return;
    }
    result.x.push(point[0]);
    result.y.push(point[1]);
    result.labels.push(keys[b]);
  });
  return result;
}

export function psychometric(task: Task<object>, batch: TrialBatch<object>, outputs: Array3): Psychometric {
  const { keys, labels, evidence } = trialConditions(task, batch.params);
  if (task.definition.measure) return measured(task, batch, outputs, keys);
  const condition = conditionIndices(keys, labels);
  if (evidence) {
    const chosen = perTrialChoices(outputs, batch.mask);
    const { trials, fraction } = tally(condition, labels.length, (b) => chosen[b] === 1);
    const x = labels.map((_, c) => evidence[condition.indexOf(c)]);
    const fit = fitLogistic(evidence, Array.from(chosen, (c) => (c === 1 ? 1 : 0)));
    return { kind: 'evidence', axis: task.definition.evidenceAxis ?? 'evidence', x, pChoice1: fraction, trials, fit };
  }
  const correct = correctTrials(batch, outputs);
  const { trials, fraction } = tally(condition, labels.length, (b) => correct[b]);
  return { kind: 'conditions', labels, accuracy: fraction, trials };
}
