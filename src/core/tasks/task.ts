/**
 * The abstract `Task` of PsychRNN (`psychrnn/tasks/task.py`; reference §1): a task draws per-trial
 * parameters, describes each time step with `trialFunction(t, params)`, and is turned into batches of
 * inputs x, targets y and output masks, each `[N_batch, N_steps, N]`.
 *
 * Deliberate differences from PsychRNN:
 * - arrays are Float32 (PsychRNN: float64); the trial params keep full double precision;
 * - `trialFunction` writes into a pre-zeroed out-parameter instead of returning three new arrays;
 * - `N_steps` snaps T/dt to the nearest integer when it is within float rounding of one, so that
 *   T = 1.1, dt = 0.1 gives 11 steps, where Python's `ceil(1.1 / 0.1)` gives 12;
 * - `getTaskParams()` returns a plain copy; PsychRNN returns `__dict__` itself, so writing to the
 *   result (as its tutorials do when they add `name` and `N_rec`) changes the task;
 * - the constructor validates its parameters.
 */
import { zeros3, type Array3 } from '../array3.ts';
import type { Rng } from '../rng.ts';
import { requireInteger, requirePositive } from './validate.ts';

export interface TaskParams {
  /** Number of input channels. */
  N_in: number;
  /** Number of output channels. */
  N_out: number;
  /** Simulation time step, ms. */
  dt: number;
  /** Intrinsic time constant of the units, ms. */
  tau: number;
  /** Trial length, ms. */
  T: number;
  /** Trials per batch. */
  N_batch: number;
}

/** One time step, filled by `trialFunction`: x `[N_in]`, y `[N_out]`, mask `[N_out]`. */
export interface TrialStep {
  x: Float32Array;
  y: Float32Array;
  mask: Float32Array;
}

/** One trial, row-major: x `[N_steps × N_in]`, y and mask `[N_steps × N_out]`. */
export interface Trial {
  x: Float32Array;
  y: Float32Array;
  mask: Float32Array;
}

export interface TrialBatch<P> {
  /** Inputs `[N_batch, N_steps, N_in]`. */
  x: Array3;
  /** Targets `[N_batch, N_steps, N_out]`. */
  y: Array3;
  /** Output mask `[N_batch, N_steps, N_out]`, values 0/1. */
  mask: Array3;
  /** The per-trial parameters, `[N_batch]`. */
  params: P[];
}

/** `ceil(T / dt)`, snapping to the nearest integer when T/dt is within float rounding of it. */
export function stepCount(T: number, dt: number): number {
  const ratio = T / dt;
  const nearest = Math.round(ratio);
  const steps = Math.abs(ratio - nearest) <= 1e-9 * Math.max(1, nearest) ? nearest : Math.ceil(ratio);
  return Math.max(1, steps);
}

/** Which ends of an interval are included: `'[)'` is start ≤ t < end, `'()'` is start < t < end. */
export type IntervalBounds = '[)' | '()' | '[]' | '(]';

/** Whether `time` lies in the interval; PsychRNN's tasks mix `a <= t < b` and `a < t < b`. */
export function inInterval(time: number, start: number, end: number, bounds: IntervalBounds = '[)'): boolean {
  const afterStart = bounds[0] === '[' ? time >= start : time > start;
  const beforeEnd = bounds[1] === ']' ? time <= end : time < end;
  return afterStart && beforeEnd;
}

/**
 * NeuroGym-style named periods laid end to end: period `order[k]` is [starts[order[k]], start of
 * the next period), and the last one ends at `end`. Returns the period holding `time`, or null
 * before the first period and from `end` on. `starts` may be the trial params themselves when
 * they store period starts under the period names, as DelayedDiscrimination's do.
 */
export function periodAt<K extends string>(
  time: number,
  order: readonly K[],
  starts: Readonly<Record<K, number>>,
  end: number,
): K | null {
  for (let k = 0; k < order.length; k++) {
    const periodEnd = k + 1 < order.length ? starts[order[k + 1]] : end;
    if (inInterval(time, starts[order[k]], periodEnd)) return order[k];
  }
  return null;
}

function checkSameShape(what: string, a: Array3, b: Array3): void {
  if (a.shape[0] !== b.shape[0] || a.shape[1] !== b.shape[1] || a.shape[2] !== b.shape[2]) {
    throw new Error(`${what}: shapes differ, [${a.shape.join(', ')}] vs [${b.shape.join(', ')}]`);
  }
}

/**
 * The channel each trial "chooses": argmax_c mean_t(output·mask), ties to the first index (numpy's
 * argmax). Summing instead of averaging over t gives the same argmax. Returns `[N_batch]`.
 */
export function perTrialChoices(output: Array3, mask: Array3): Int32Array {
  checkSameShape('perTrialChoices(output, mask)', output, mask);
  const [nBatch, nSteps, nOut] = output.shape;
  const sums = new Float64Array(nOut);
  const choices = new Int32Array(nBatch);
  for (let b = 0; b < nBatch; b++) {
    sums.fill(0);
    for (let t = 0; t < nSteps; t++) {
      const row = (b * nSteps + t) * nOut;
      for (let c = 0; c < nOut; c++) sums[c] += output.data[row + c] * mask.data[row + c];
    }
    let best = 0;
    for (let c = 1; c < nOut; c++) if (sums[c] > sums[best]) best = c;
    choices[b] = best;
  }
  return choices;
}

/**
 * PsychRNN's accuracy rule, shared by its three built-in tasks: the fraction of trials where the
 * chosen channel of `output` equals that of the target `correct` (see `perTrialChoices`).
 */
export function argmaxAccuracy(correct: Array3, output: Array3, mask: Array3): number {
  checkSameShape('argmaxAccuracy(correct, output)', correct, output);
  if (correct.shape[0] === 0) throw new Error('argmaxAccuracy: the batch is empty (N_batch = 0)');
  const truth = perTrialChoices(correct, mask);
  const chosen = perTrialChoices(output, mask);
  let hits = 0;
  for (let b = 0; b < truth.length; b++) if (truth[b] === chosen[b]) hits++;
  return hits / truth.length;
}

/** A cognitive task: per-trial parameters `P` and a per-step description of inputs, targets, mask. */
export abstract class Task<P extends object> {
  readonly N_in: number;
  readonly N_out: number;
  readonly dt: number;
  readonly tau: number;
  readonly T: number;
  readonly N_batch: number;
  /** dt / tau. */
  readonly alpha: number;
  /** ceil(T / dt); the step times are 0, dt, …, (N_steps − 1)·dt. */
  readonly N_steps: number;
  protected readonly rng: Rng;
  /** PsychRNN's persistent batch generator counter: the first batch is number 1. */
  private batch = 1;
  private readonly step: TrialStep;

  constructor(params: TaskParams, rng: Rng) {
    this.dt = requirePositive('Task', 'dt (ms)', params.dt);
    this.tau = requirePositive('Task', 'tau (ms)', params.tau);
    this.T = requirePositive('Task', 'T (ms)', params.T);
    this.N_batch = requireInteger('Task', 'N_batch', params.N_batch, 1);
    this.N_in = requireInteger('Task', 'N_in', params.N_in, 1);
    this.N_out = requireInteger('Task', 'N_out', params.N_out, 1);
    this.alpha = this.dt / this.tau;
    this.N_steps = stepCount(this.T, this.dt);
    this.rng = rng;
    this.step = {
      x: new Float32Array(this.N_in),
      y: new Float32Array(this.N_out),
      mask: new Float32Array(this.N_out),
    };
  }

  /** Parameters of trial `trial` (from 0) of batch `batch` (from 1). */
  abstract generateTrialParams(batch: number, trial: number): P;

  /**
   * Writes the input, target and mask at `time` (ms; 0, dt, …, (N_steps − 1)·dt) into `out`.
   * `out`'s arrays are zeroed by the caller before each call and reused between calls (no
   * allocation per step), so an implementation only sets or adds the non-zero values and keeps
   * no reference to them.
   */
  abstract trialFunction(time: number, params: P, out: TrialStep): void;

  /** Accuracy in [0, 1] of `output` against the target `correct`; PsychRNN's argmax rule by default. */
  accuracyFunction(correct: Array3, output: Array3, mask: Array3): number {
    return argmaxAccuracy(correct, output, mask);
  }

  /** The number `getTrialBatch` will give its next batch (1 before the first call). */
  get nextBatchNumber(): number {
    return this.batch;
  }

  /** One trial from its parameters: x `[N_steps × N_in]`, y and mask `[N_steps × N_out]`. */
  generateTrial(params: P): Trial {
    const trial: Trial = {
      x: new Float32Array(this.N_steps * this.N_in),
      y: new Float32Array(this.N_steps * this.N_out),
      mask: new Float32Array(this.N_steps * this.N_out),
    };
    this.fillTrial(params, trial, 0);
    return trial;
  }

  /** The next batch: draws each trial's params, then its steps (PsychRNN's `get_trial_batch`). */
  getTrialBatch(): TrialBatch<P> {
    const x = zeros3(this.N_batch, this.N_steps, this.N_in);
    const y = zeros3(this.N_batch, this.N_steps, this.N_out);
    const mask = zeros3(this.N_batch, this.N_steps, this.N_out);
    const params: P[] = [];
    const dest: Trial = { x: x.data, y: y.data, mask: mask.data };
    for (let trial = 0; trial < this.N_batch; trial++) {
      const p = this.generateTrialParams(this.batch, trial);
      params.push(p);
      this.fillTrial(p, dest, trial);
    }
    this.batch++;
    return { x, y, mask, params };
  }

  /** A plain copy of the task's parameters: the base ones plus each task's own (`ownTaskParams`). */
  getTaskParams(): Record<string, unknown> {
    return {
      N_in: this.N_in,
      N_out: this.N_out,
      dt: this.dt,
      tau: this.tau,
      T: this.T,
      N_batch: this.N_batch,
      alpha: this.alpha,
      N_steps: this.N_steps,
      ...this.ownTaskParams(),
    };
  }

  /** Task-specific parameters for `getTaskParams`, as fresh values (copy arrays). */
  protected ownTaskParams(): Record<string, unknown> {
    return {};
  }

  /** Fills trial number `trial` of the flat arrays in `dest` step by step. */
  private fillTrial(params: P, dest: Trial, trial: number): void {
    const { step, N_in, N_out, N_steps } = this;
    for (let t = 0; t < N_steps; t++) {
      step.x.fill(0);
      step.y.fill(0);
      step.mask.fill(0);
      this.trialFunction(t * this.dt, params, step);
      const row = trial * N_steps + t;
      dest.x.set(step.x, row * N_in);
      dest.y.set(step.y, row * N_out);
      dest.mask.set(step.mask, row * N_out);
    }
  }
}
