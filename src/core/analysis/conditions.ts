/**
 * Task conditions of a test batch, for the per-condition plots (psychometric curve, unit traces, PCA):
 * - PerceptualDiscrimination: the signed coherence s = +coherence when direction = 1, −coherence when
 *   direction = 0, so that choice 1 ↔ s > 0 (the psychometric x axis). Label "+0.30", "-0.30", "0.00".
 * - DelayedDiscrimination: the (f1, f2) pair, e.g. "f1 26 > f2 18"; ordered by f1, then f2.
 * - MatchToCategory: the category, "category 0"; ordered by category.
 * - any other task name: a single condition "all".
 * A trial's key is its condition's label, so `labels` lists the distinct keys in that order.
 */
import type { Array3 } from '../array3.ts';

export interface TrialConditions {
  /** the condition label of each trial, `[N_batch]` */
  keys: string[];
  /** the distinct conditions, sorted by task-specific order (ascending signed coherence, f1, category) */
  labels: string[];
  /** PerceptualDiscrimination only: ±coherence of each trial, `[N_batch]` */
  signedCoherence?: number[];
}

type Params = Readonly<Record<string, unknown>>;

/** A trial's condition label and the numbers it sorts by. */
interface Condition {
  label: string;
  order: number[];
}

/** The numeric field `name` of trial `trial`, or an error naming both. */
export function numericField(taskName: string, params: object, name: string, trial = 0): number {
  const value = (params as Params)[name];
  if (typeof value !== 'number') {
    throw new Error(`${taskName} trial ${trial}: expected a numeric trial parameter '${name}', got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Up to 3 decimals, trailing zeros dropped: 0.3 → "0.3", 26 → "26". */
export function formatNumber(x: number): string {
  return String(Number(x.toFixed(3)));
}

/** "+0.30", "-0.10", "0.00"; more decimals only when two would change the value. */
export function formatSigned(x: number): string {
  const magnitude = Math.abs(x);
  const twoDecimals = magnitude.toFixed(2);
  const text = Math.abs(Number(twoDecimals) - magnitude) < 1e-9 ? twoDecimals : String(magnitude);
  if (Number(text) === 0) return text;
  return (x > 0 ? '+' : '-') + text;
}

/** ±coherence: + for direction 1 (the correct choice is output 1), − for direction 0. */
export function signedCoherence(params: object, trial = 0): number {
  const coherence = numericField('PerceptualDiscrimination', params, 'coherence', trial);
  const direction = numericField('PerceptualDiscrimination', params, 'direction', trial);
  // + 0 turns −0 into 0, so coherence 0 is one condition whatever the direction
  return (direction === 1 ? coherence : -coherence) + 0;
}

function condition(taskName: string, p: object, trial: number): Condition {
  switch (taskName) {
    case 'PerceptualDiscrimination': {
      const s = signedCoherence(p, trial);
      return { label: formatSigned(s), order: [s] };
    }
    case 'DelayedDiscrimination': {
      const f1 = numericField(taskName, p, 'f1', trial);
      const f2 = numericField(taskName, p, 'f2', trial);
      const relation = f1 > f2 ? '>' : f1 < f2 ? '<' : '=';
      return { label: `f1 ${formatNumber(f1)} ${relation} f2 ${formatNumber(f2)}`, order: [f1, f2] };
    }
    case 'MatchToCategory': {
      const category = numericField(taskName, p, 'category', trial);
      return { label: `category ${category}`, order: [category] };
    }
    default:
      return { label: 'all', order: [] };
  }
}

function compareOrder(a: number[], b: number[]): number {
  for (let k = 0; k < Math.min(a.length, b.length); k++) if (a[k] !== b[k]) return a[k] - b[k];
  return a.length - b.length;
}

export function trialConditions(taskName: string, params: readonly object[]): TrialConditions {
  const conditions = params.map((p, trial) => condition(taskName, p, trial));
  const distinct = new Map<string, number[]>();
  for (const c of conditions) if (!distinct.has(c.label)) distinct.set(c.label, c.order);
  const labels = [...distinct.keys()].sort((a, b) => compareOrder(distinct.get(a)!, distinct.get(b)!));
  const result: TrialConditions = { keys: conditions.map((c) => c.label), labels };
  if (taskName === 'PerceptualDiscrimination') result.signedCoherence = params.map((p, trial) => signedCoherence(p, trial));
  return result;
}

/** A one-line description of a trial and its correct output, for the example-trial plot. */
export function trialLabel(taskName: string, p: object): string {
  switch (taskName) {
    case 'PerceptualDiscrimination':
      return `coherence ${formatNumber(numericField(taskName, p, 'coherence'))} → output ${numericField(taskName, p, 'direction')}`;
    case 'DelayedDiscrimination': {
      const [f1, f2] = [numericField(taskName, p, 'f1'), numericField(taskName, p, 'f2')];
      return `f1 ${formatNumber(f1)} Hz, f2 ${formatNumber(f2)} Hz → output ${numericField(taskName, p, 'choice')}`;
    }
    case 'MatchToCategory': {
      const degrees = (numericField(taskName, p, 'angle') * 180) / Math.PI;
      return `angle ${degrees.toFixed(0)}° → output ${numericField(taskName, p, 'category')}`;
    }
    default:
      return Object.entries(p)
        .filter(([, v]) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
        .map(([k, v]) => `${k} ${typeof v === 'number' ? formatNumber(v) : String(v)}`)
        .join(', ');
  }
}

/** Index into `labels` of each trial's key; an error for a key that is not among the labels. */
export function conditionIndices(keys: readonly string[], labels: readonly string[]): Int32Array {
  const position = new Map(labels.map((label, c) => [label, c]));
  return Int32Array.from(keys, (key, trial) => {
    const c = position.get(key);
    if (c === undefined) throw new Error(`trial ${trial}: condition ${JSON.stringify(key)} is not among the labels [${labels.join(', ')}]`);
    return c;
  });
}

/** dst[dstStart + k] += g(src[srcStart + k]) for k < length, for some elementwise g. */
export type BlockAccumulator = (src: Float32Array, srcStart: number, dst: Float64Array, dstStart: number, length: number) => void;

/** The identity accumulator: dst += src. */
export const addBlock: BlockAccumulator = (src, srcStart, dst, dstStart, length) => {
  for (let k = 0; k < length; k++) dst[dstStart + k] += src[srcStart + k];
};

/**
 * Per-condition trial average of g(a[b, t, i]) over the trials with `include(b)`, g applied by
 * `accumulate` one trial at a time: means[c, t, i] = Σ_{b in c} g(a[b, t, i]) / n_c,
 * `[C, N_steps, N]`, NaN where n_c = 0.
 */
export function conditionMeans(
  a: Array3,
  condition: Int32Array,
  nConditions: number,
  include: (trial: number) => boolean = () => true,
  accumulate: BlockAccumulator = addBlock,
): { means: Float64Array; counts: Int32Array } {
  const [nBatch, nSteps, n] = a.shape;
  if (condition.length !== nBatch) throw new Error(`conditionMeans: ${condition.length} condition indices for ${nBatch} trials`);
  const block = nSteps * n;
  const means = new Float64Array(nConditions * block);
  const counts = new Int32Array(nConditions);
  for (let b = 0; b < nBatch; b++) {
    if (!include(b)) continue;
    counts[condition[b]]++;
    accumulate(a.data, b * block, means, condition[b] * block, block);
  }
  for (let c = 0; c < nConditions; c++) {
    const scale = counts[c] > 0 ? 1 / counts[c] : NaN;
    for (let k = c * block; k < (c + 1) * block; k++) means[k] *= scale;
  }
  return { means, counts };
}
