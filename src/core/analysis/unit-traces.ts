/**
 * Mean activity of the most task-modulated units per condition over correct trials (PsychRNN Fig. 2C).
 * `states` are what the network integrates (x for the basic RNN); the rates are r = f(x) with its
 * transfer function. For an LSTM, whose states are already the hidden outputs h, pass 'linear'.
 */
import type { Array3 } from '../array3.ts';
import { transferFunction, type TransferFunctionName } from '../model/transfer.ts';
import { addBlock, conditionIndices, conditionMeans, type BlockAccumulator } from './conditions.ts';

/** Mean activity f(x) over correct trials per condition (Fig. 2C): [conditions, N_steps, units]. */
export interface UnitTraces {
  dt: number;
  N_steps: number;
  conditions: string[];
  units: number[];
  traces: Float32Array;
}

/**
 * Accumulates the rates f(x) one trial at a time, with the loops of the common transfer functions
 * written out: a function call per element (through `transferFunction`) tripled the time of relu.
 */
export function rateAccumulator(transfer: TransferFunctionName): BlockAccumulator {
  switch (transfer) {
    case 'linear':
      return addBlock;
    case 'relu':
      return (src, srcStart, dst, dstStart, length) => {
        for (let k = 0; k < length; k++) {
          const x = src[srcStart + k];
          if (x > 0) dst[dstStart + k] += x;
        }
      };
    case 'tanh':
      return (src, srcStart, dst, dstStart, length) => {
        for (let k = 0; k < length; k++) dst[dstStart + k] += Math.tanh(src[srcStart + k]);
      };
    default: {
      const f = transferFunction(transfer);
      return (src, srcStart, dst, dstStart, length) => {
        for (let k = 0; k < length; k++) dst[dstStart + k] += f(src[srcStart + k]);
      };
    }
  }
}

/**
 * How task-modulated each unit is, from the condition-mean rates m `[C, N_steps, N]` (rows of
 * conditions with no trials are NaN and skipped): with two or more conditions, the variance across
 * conditions of the time-averaged rate, Var_c(mean_t m[c, t, i]); with one, the variance over time
 * of its mean rate, Var_t(m[0, t, i]). Returns `[N]`.
 */
export function modulation(means: Float64Array, nConditions: number, nSteps: number, n: number): Float64Array {
  const at = (c: number, t: number, i: number) => means[(c * nSteps + t) * n + i];
  const present = Array.from({ length: nConditions }, (_, c) => c).filter((c) => !Number.isNaN(at(c, 0, 0)));
  if (nConditions === 1) {
    const steps = present.length === 1 ? nSteps : 0;
    return Float64Array.from({ length: n }, (_, i) => varianceOver(steps, (t) => at(0, t, i)));
  }
  const timeAverage = (c: number, i: number) => meanOver(nSteps, (t) => at(c, t, i));
  return Float64Array.from({ length: n }, (_, i) => varianceOver(present.length, (k) => timeAverage(present[k], i)));
}

/** Mean of value(0..count−1). */
function meanOver(count: number, value: (k: number) => number): number {
  let sum = 0;
  for (let k = 0; k < count; k++) sum += value(k);
  return sum / count;
}

/** Population variance of value(0..count−1); 0 for no values. */
function varianceOver(count: number, value: (k: number) => number): number {
  if (count === 0) return 0;
  const mean = meanOver(count, value);
  let variance = 0;
  for (let k = 0; k < count; k++) variance += (value(k) - mean) ** 2 / count;
  return variance;
}

/** The indices of the `count` largest scores, largest first (ties: lower index first). */
export function topIndices(scores: ArrayLike<number>, count: number): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  return order.slice(0, Math.min(count, scores.length));
}

/**
 * traces[c, t, u] = mean over correct trials b of condition c of f(states[b, t, units[u]]),
 * `[C, N_steps, U]`, for the `maxUnits` units of largest `modulation`, most modulated first.
 * A condition with no correct trial keeps its place, with NaN traces (a gap in the plot).
 */
export function unitTraces(
  states: Array3,
  transfer: TransferFunctionName,
  correct: readonly boolean[],
  conditionKeys: readonly string[],
  labels: readonly string[],
  dt: number,
  maxUnits = 8,
): UnitTraces {
  const [nBatch, nSteps, n] = states.shape;
  if (correct.length !== nBatch) throw new Error(`unitTraces: ${correct.length} correct flags for ${nBatch} trials`);
  const nConditions = labels.length;
  const condition = conditionIndices(conditionKeys, labels);
  const { means } = conditionMeans(states, condition, nConditions, (b) => correct[b], rateAccumulator(transfer));
  const units = topIndices(modulation(means, nConditions, nSteps, n), maxUnits);
  const traces = new Float32Array(nConditions * nSteps * units.length);
  for (let row = 0; row < nConditions * nSteps; row++) {
    units.forEach((unit, u) => (traces[row * units.length + u] = means[row * n + unit]));
  }
  return { dt, N_steps: nSteps, conditions: [...labels], units, traces };
}
