/**
 * The trials and the constant input u a fixed-point search of one task condition uses (Sussillo & Barak 2013
 * look for the fixed points of F(·, u) at the input a period of the trial holds constant).
 *
 * Trials are drawn from the task exactly as training draws them (its own trial generator, from a seeded rng), so
 * they carry the task's input noise; the network then runs them noise-free. The input u a choice implies is the
 * mean input over the chosen steps of the condition's trials, so the noise (mean zero) averages out:
 *   zero        u = 0
 *   strongest   the steps of each trial whose input is within 10 % of its largest, ‖x_t‖ ≥ 0.9·max_s ‖x_s‖
 *               (the stimulus, for tasks that declare no periods, such as perceptual discrimination)
 *   period P    the steps with start ≤ t < end of the trial's declared period P (t = k·dt)
 *   custom      the values given, one per input channel
 */
import type { Array3 } from '../../array3.ts';
import { isPeriods } from '../../tasks/periods.ts';
import { type ConditionSource, trialConditions } from '../conditions.ts';

export type InputChoice = { kind: 'zero' } | { kind: 'strongest' } | { kind: 'period'; name: string } | { kind: 'custom'; values: number[] };

/** What this module asks of a built task (`Task` answers). */
export interface TrialSource extends ConditionSource {
  readonly N_in: number;
  readonly N_steps: number;
  readonly N_batch: number;
  readonly dt: number;
  getTrialBatch(): { x: Array3; params: object[] };
}

/** The trials of one condition: inputs [trials, N_steps, N_in] and each trial's params. */
export interface ConditionTrials {
  label: string;
  x: Array3;
  params: object[];
}

/** Every condition the draws met, in the task's order (conditions.ts), each with up to `perCondition` trials. */
export interface DrawnTrials {
  conditions: ConditionTrials[];
  /** how many trials were drawn to find them */
  drawn: number;
}

/**
 * Draws batches until every condition met so far has `perCondition` trials or `maxTrials` trials have been drawn
 * (at least one batch). Deterministic for a task built from the same seed.
 */
export function drawConditionTrials(task: TrialSource, perCondition: number, maxTrials: number): DrawnTrials {
  const rows = new Map<string, { x: Float32Array[]; params: object[] }>();
  const block = task.N_steps * task.N_in;
  let drawn = 0;
  const full = () => rows.size > 0 && [...rows.values()].every((r) => r.params.length >= perCondition);
  while (drawn === 0 || (drawn < maxTrials && !full())) {
    const batch = task.getTrialBatch();
    batch.params.forEach((params, trial) => {
      const { label } = task.condition(params, trial);
      const entry = rows.get(label) ?? { x: [], params: [] };
      rows.set(label, entry);
      if (entry.params.length >= perCondition) return;
      entry.x.push(batch.x.data.slice(trial * block, (trial + 1) * block));
      entry.params.push(params);
    });
    drawn += batch.params.length;
  }
  const { labels } = trialConditions(task, [...rows.values()].map((r) => r.params[0]));
  const conditions = labels.map((label) => {
    const { x, params } = rows.get(label)!;
    return { label, params, x: stack(x, task.N_steps, task.N_in) };
  });
  return { conditions, drawn };
}

/** Trials [count, N_steps, N_in] from their [N_steps · N_in] blocks. */
function stack(blocks: Float32Array[], nSteps: number, nIn: number): Array3 {
  const data = new Float32Array(blocks.length * nSteps * nIn);
  blocks.forEach((b, k) => data.set(b, k * b.length));
  return { data, shape: [blocks.length, nSteps, nIn] };
}

/** Up to `count` trials taken in turn from each condition (for the zero-input search over every condition). */
export function mixedTrials(conditions: readonly ConditionTrials[], count: number): Array3 {
  const [, nSteps, nIn] = conditions[0].x.shape;
  const block = nSteps * nIn;
  const blocks: Float32Array[] = [];
  for (let k = 0; blocks.length < count; k++) {
    const round = conditions.filter((c) => c.x.shape[0] > k);
    if (round.length === 0) break;
    for (const c of round.slice(0, count - blocks.length)) blocks.push(c.x.data.slice(k * block, (k + 1) * block));
  }
  return stack(blocks, nSteps, nIn);
}

/** The names of the periods the trials declare, in the order first met. */
export function periodNames(params: readonly object[]): string[] {
  const names = new Set<string>();
  for (const p of params) {
    const periods = (p as { periods?: unknown }).periods;
    if (isPeriods(periods)) for (const name of Object.keys(periods)) names.add(name);
  }
  return [...names];
}

/** A step is among a trial's strongest inputs when its ‖x‖ is at least this part of the trial's largest. */
export const STRONGEST_FRACTION = 0.9;

/** Whether step t of trial b enters the mean for `choice`. */
type StepFilter = (b: number, t: number) => boolean;

function stepFilter(trials: ConditionTrials, choice: Exclude<InputChoice, { kind: 'zero' } | { kind: 'custom' }>, dt: number): StepFilter {
  const [B, T, nIn] = trials.x.shape;
  if (choice.kind === 'strongest') {
    const norms = new Float64Array(B * T);
    const peak = new Float64Array(B);
    for (let r = 0; r < B * T; r++) {
      let sum = 0;
      for (let i = 0; i < nIn; i++) sum += trials.x.data[r * nIn + i] ** 2;
      norms[r] = Math.sqrt(sum);
      peak[Math.floor(r / T)] = Math.max(peak[Math.floor(r / T)], norms[r]);
    }
    return (b, t) => peak[b] > 0 && norms[b * T + t] >= STRONGEST_FRACTION * peak[b];
  }
  return (b, t) => {
    const periods = (trials.params[b] as { periods?: unknown }).periods;
    const range = isPeriods(periods) ? periods[choice.name] : undefined;
    return range !== undefined && range[0] <= t * dt && t * dt < range[1];
  };
}

/** The constant input u [N_in] that `choice` implies for the condition's trials; an error says why there is none. */
export function impliedInput(trials: ConditionTrials, choice: InputChoice, dt: number): number[] {
  const [B, T, nIn] = trials.x.shape;
  if (choice.kind === 'zero') return new Array<number>(nIn).fill(0);
  if (choice.kind === 'custom') {
    if (choice.values.length !== nIn || !choice.values.every(Number.isFinite)) {
      throw new Error(`the input u must be ${nIn} finite number${nIn === 1 ? '' : 's'} (one per input channel, N_in = ${nIn}); got [${choice.values.join(', ')}]`);
    }
    return [...choice.values];
  }
  const include = stepFilter(trials, choice, dt);
  const sum = new Float64Array(nIn);
  let steps = 0;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      if (!include(b, t)) continue;
      steps++;
      for (let i = 0; i < nIn; i++) sum[i] += trials.x.data[(b * T + t) * nIn + i];
    }
  }
  if (steps === 0) {
    const what = choice.kind === 'period' ? `no time step of its trials lies in the period "${choice.name}"` : 'its trials have no input at all';
    throw new Error(`condition ${trials.label}: ${what}, so it implies no input u; choose another input`);
  }
  return Array.from(sum, (s) => s / steps);
}

/** "zero input", "strongest input", "period: delay", "custom u". */
export function inputChoiceLabel(choice: InputChoice): string {
  switch (choice.kind) {
    case 'zero':
      return 'zero input';
    case 'strongest':
      return 'strongest input (stimulus)';
    case 'period':
      return `period: ${choice.name}`;
    case 'custom':
      return 'custom u';
  }
}
