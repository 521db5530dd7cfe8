/**
 * Task conditions of a test batch, for the per-condition plots (psychometric curve, unit traces, PCA): each trial's
 * condition comes from its task's definition (`condition(params)`: a label, an order and, where the task has one,
 * the signed evidence for the psychometric curve); a task that declares none has one condition, "all".
 * A trial's key is its condition's label, so `labels` lists the distinct keys in the task's order.
 */
import type { Array3 } from '../array3.ts';
import type { Condition } from '../tasks/api.ts';

/** What the plots ask of a task (a built `Task` answers): each trial's condition and a line describing it. */
export interface ConditionSource {
  condition(params: object, trial: number): Condition;
  describeTrial(params: object): string;
}

export interface TrialConditions {
  /** the condition label of each trial, `[N_batch]` */
  keys: string[];
  /** the distinct conditions, sorted by the task's order (then by label) */
  labels: string[];
  /** the signed evidence of each trial, `[N_batch]`, when the task gives every trial one */
  evidence?: number[];
}

function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let k = 0; k < Math.min(a.length, b.length); k++) if (a[k] !== b[k]) return a[k] - b[k];
  return a.length - b.length;
}

export function trialConditions(task: ConditionSource, params: readonly object[]): TrialConditions {
  const conditions = params.map((p, trial) => task.condition(p, trial));
  const distinct = new Map<string, readonly number[]>();
  for (const c of conditions) if (!distinct.has(c.label)) distinct.set(c.label, c.order ?? []);
  const labels = [...distinct.keys()].sort((a, b) => compareOrder(distinct.get(a)!, distinct.get(b)!) || (a < b ? -1 : a > b ? 1 : 0));
  const result: TrialConditions = { keys: conditions.map((c) => c.label), labels };
  const evidence = conditions.map((c) => c.evidence);
  if (evidence.length > 0 && evidence.every((e) => typeof e === 'number' && Number.isFinite(e))) result.evidence = evidence as number[];
  return result;
}

/** A one-line description of a trial and its correct output, for the example-trial plot. */
export function trialLabel(task: ConditionSource, p: object): string {
  return task.describeTrial(p);
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
