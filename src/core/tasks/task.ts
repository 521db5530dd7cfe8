/**
 * A task built from its definition (`api.ts`): PsychRNN's Task (`psychrnn/tasks/task.py`; reference §1). It draws
 * per-trial parameters, asks `trialFunction(t, params)` for each time step, and turns them into batches of inputs
 * x, targets y and output masks, each `[N_batch, N_steps, N]`.
 *
 * Deliberate differences from PsychRNN:
 * - arrays are Float32 (PsychRNN: float64); the trial params keep full double precision;
 * - `trialFunction` writes into a pre-zeroed out-parameter instead of returning three new arrays;
 * - `N_steps` snaps T/dt to the nearest integer when it is within float rounding of one, so that
 *   T = 1.1, dt = 0.1 gives 11 steps, where Python's `ceil(1.1 / 0.1)` gives 12;
 * - `getTaskParams()` returns a plain copy; PsychRNN returns `__dict__` itself, so writing to the
 *   result (as its tutorials do when they add `name` and `N_rec`) changes the task;
 * - the options are checked against their declarations, and what a trial function writes is checked to be finite
 *   numbers: a mistake names the function, the trial and the time step instead of surfacing as a NaN loss.
 */
import { zeros3, type Array3 } from '../array3.ts';
import type { Rng, RngState } from '../rng.ts';
import { argmaxAccuracy } from './accuracy.ts';
import type { AnyTaskDefinition, Condition, OptionValues, TaskDefinition, TaskSettings, TrialStep } from './api.ts';
import type { TimingValues } from './options.ts';
import { drawPeriods, type Periods, type Timing } from './periods.ts';
import { type TaskConfig, taskSettings } from './settings.ts';
import { locateInSource, type SourceLocation } from './source-location.ts';

export type { TrialStep } from './api.ts';

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

/** Where a task is in its stream of batches: the next batch's number and its rng's state. */
export interface TaskPosition {
  batch: number;
  rng: RngState;
}

/** Trial params as the engine keeps them: the task's own, plus the trial's drawn periods. */
export type TrialParams<P> = P & { periods: Periods };

/** A task's own function failed: names the function, the task, where in which trial and, for a file, the line. */
export class TaskFunctionError extends Error {
  constructor(
    readonly task: string,
    readonly functionName: string,
    readonly where: string,
    readonly detail: string,
    readonly original?: unknown,
    readonly location: SourceLocation | null = null,
  ) {
    const line = location ? `${location.file}:${location.line}:${location.column}` : '';
    const at = [where, line].filter((part) => part !== '').join('; ');
    super(`${task}: ${functionName} ${detail}${at ? ` (${at})` : ''}`);
    this.name = 'TaskFunctionError';
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
}

const CHANNELS = { x: 'N_in', y: 'N_out', mask: 'N_out' } as const;

export class Task<P extends object = Record<string, unknown>> {
  readonly definition: AnyTaskDefinition;
  readonly name: string;
  /** The options, timing and shape every function of the definition sees. */
  readonly settings: Readonly<TaskSettings>;
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
  private readonly rng: Rng;
  private readonly timing: Timing | null;
  /** PsychRNN's persistent batch generator counter: the first batch is number 1. */
  private batch = 1;
  private readonly buffers: TrialStep;
  private readonly step: TrialStep;

  /**
   * `sourceFile` names the file a person's definition was compiled from, so an error its functions throw gives the
   * line it was thrown on.
   */
  constructor(
    definition: AnyTaskDefinition,
    config: TaskConfig,
    rng: Rng,
    private readonly sourceFile: string | null = null,
  ) {
    this.definition = definition;
    this.name = definition.name;
    this.settings = taskSettings(definition, config);
    ({ N_in: this.N_in, N_out: this.N_out, dt: this.dt, tau: this.tau, T: this.T } = this.settings);
    ({ N_batch: this.N_batch, alpha: this.alpha, N_steps: this.N_steps } = this.settings);
    this.rng = rng;
    const { timing } = definition;
    this.timing = typeof timing === 'function' ? this.call('timing', '', () => timing(this.settings)) : (timing ?? null);
    this.buffers = { x: new Float32Array(this.N_in), y: new Float32Array(this.N_out), mask: new Float32Array(this.N_out) };
    this.step = { ...this.buffers };
  }

  /** Runs one of the definition's functions; an error it throws names it and where. */
  private call<R>(functionName: string, where: string, run: () => R): R {
    try {
      return run();
    } catch (error) {
      this.rethrow(functionName, where, error);
    }
  }

  /** A definition's function threw `error`: thrown again naming the task, the function, where, and the source line. */
  private rethrow(functionName: string, where: string, error: unknown): never {
    if (error instanceof TaskFunctionError) throw error;
    const location = this.sourceFile === null ? null : locateInSource(error, this.sourceFile);
    throw new TaskFunctionError(this.name, functionName, where, `threw ${errorText(error)}`, error, location);
  }

  /** Parameters of trial `trial` (from 0) of batch `batch` (from 1), with the trial's periods drawn from `timing`. */
  generateTrialParams(batch: number, trial: number): TrialParams<P> {
    const where = `batch ${batch}, trial ${trial}`;
    const periods = this.timing ? this.call('timing', where, () => drawPeriods(this.rng, this.timing!)) : {};
    const params = this.call('generateTrialParams', where, () =>
      this.definition.generateTrialParams(this.rng, this.settings, { batch, trial, periods }),
    );
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      throw new TaskFunctionError(this.name, 'generateTrialParams', where, `must return an object of trial parameters, got ${Array.isArray(params) ? 'an array' : String(params)}`);
    }
    return 'periods' in params ? (params as TrialParams<P>) : { ...(params as P), periods };
  }

  /**
   * Writes the input, target and mask at `time` (ms) into `out` (zeroed by the caller), and checks that the
   * definition wrote finite numbers of the right length.
   */
  trialFunction(time: number, params: TrialParams<P>, out: TrialStep, where = ''): void {
    // called N_batch × N_steps times a batch: nothing is allocated here unless something is wrong
    try {
      this.definition.trialFunction(time, params, out, this.rng, this.settings);
    } catch (error) {
      this.rethrow('trialFunction', stepWhere(time, where), error);
    }
    for (const key of STEP_KEYS) {
      const problem = this.writtenProblem(key, out);
      if (problem !== null) {
        throw new TaskFunctionError(this.name, 'trialFunction', stepWhere(time, where), `wrote ${problem.what} into ${problem.into}; expected ${CHANNELS[key]} = ${this.settings[CHANNELS[key]]} finite numbers`);
      }
    }
  }

  /**
   * After a trial function: what is wrong with the array it left in `out[key]` (not an array, the wrong length, a
   * value that is not a finite number), or null — the hot path, which allocates nothing.
   */
  private writtenProblem(key: StepKey, out: TrialStep): { what: string; into: string } | null {
    const written: unknown = out[key];
    const expected = this.settings[CHANNELS[key]];
    if (!(written instanceof Float32Array) && !Array.isArray(written)) return { what: written === null ? 'null' : typeof written, into: `step.${key}` };
    const values = written as ArrayLike<unknown>;
    if (values.length !== expected) return { what: `an array of length ${values.length}`, into: `step.${key}` };
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== 'number') return { what: JSON.stringify(v) ?? String(v), into: `step.${key}[${i}]` };
      if (!Number.isFinite(v)) return { what: String(v), into: `step.${key}[${i}]` };
    }
    return null;
  }

  /** Accuracy in [0, 1] of `output` against the target `correct`; PsychRNN's argmax rule unless the task has its own. */
  accuracyFunction(correct: Array3, output: Array3, mask: Array3, params: readonly P[] = []): number {
    const own = this.definition.accuracyFunction;
    if (!own) return argmaxAccuracy(correct, output, mask);
    const accuracy = this.call('accuracyFunction', '', () => own(correct, output, mask, params, this.settings));
    if (typeof accuracy !== 'number' || !(accuracy >= 0 && accuracy <= 1)) {
      throw new TaskFunctionError(this.name, 'accuracyFunction', '', `returned ${JSON.stringify(accuracy) ?? String(accuracy)}; expected a number in [0, 1]`);
    }
    return accuracy;
  }

  /** The trial's condition for the plots ("all" when the task declares none). */
  condition(params: P, trial = 0): Condition {
    const own = this.definition.condition;
    if (!own) return { label: 'all' };
    const c = this.call('condition', `trial ${trial}`, () => own(params, this.settings));
    if (c === null || typeof c !== 'object' || typeof c.label !== 'string') {
      throw new TaskFunctionError(this.name, 'condition', `trial ${trial}`, 'must return { label: string, order?: number[], evidence?: number }');
    }
    return c;
  }

  /** One line about a trial and its correct output; its scalar params when the task says nothing. */
  describeTrial(params: P): string {
    const own = this.definition.describeTrial;
    if (own) return String(this.call('describeTrial', '', () => own(params, this.settings)));
    return Object.entries(params)
      .filter(([, v]) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
      .map(([k, v]) => `${k} ${typeof v === 'number' ? String(Number(v.toFixed(3))) : String(v)}`)
      .join(', ');
  }

  /** The number `getTrialBatch` will give its next batch (1 before the first call). */
  get nextBatchNumber(): number {
    return this.batch;
  }

  /**
   * Its position now, for `resumeAt`. A definition that keeps state of its own between trials (a person's task code
   * could) is not captured: the built-in tasks draw everything from the rng and the batch number.
   */
  position(): TaskPosition {
    return { batch: this.batch, rng: this.rng.state() };
  }

  /** Continues from `position` (from this task's stream): the next batch is the one that followed it. */
  resumeAt(position: TaskPosition): void {
    if (!Number.isInteger(position.batch) || position.batch < 1) {
      throw new Error(`${this.name}: cannot resume at batch ${position.batch}; the batch number is an integer ≥ 1`);
    }
    this.rng.restore(position.rng);
    this.batch = position.batch;
  }

  /** One trial from its parameters: x `[N_steps × N_in]`, y and mask `[N_steps × N_out]`. */
  generateTrial(params: TrialParams<P>): Trial {
    const trial: Trial = {
      x: new Float32Array(this.N_steps * this.N_in),
      y: new Float32Array(this.N_steps * this.N_out),
      mask: new Float32Array(this.N_steps * this.N_out),
    };
    this.fillTrial(params, trial, 0, 'the previewed trial');
    return trial;
  }

  /** The next batch: draws each trial's params, then its steps (PsychRNN's `get_trial_batch`). */
  getTrialBatch(): TrialBatch<TrialParams<P>> {
    const x = zeros3(this.N_batch, this.N_steps, this.N_in);
    const y = zeros3(this.N_batch, this.N_steps, this.N_out);
    const mask = zeros3(this.N_batch, this.N_steps, this.N_out);
    const params: TrialParams<P>[] = [];
    const dest: Trial = { x: x.data, y: y.data, mask: mask.data };
    for (let trial = 0; trial < this.N_batch; trial++) {
      const p = this.generateTrialParams(this.batch, trial);
      params.push(p);
      this.fillTrial(p, dest, trial, `batch ${this.batch}, trial ${trial}`);
    }
    this.batch++;
    return { x, y, mask, params };
  }

  /** A plain copy of the task's parameters: the timing, shape and options, plus what the definition adds. */
  getTaskParams(): Record<string, unknown> {
    const extra = this.definition.taskParams?.(this.settings) ?? {};
    return structuredClone({ ...this.settings, ...extra });
  }

  /** Fills trial number `trial` of the flat arrays in `dest` step by step. */
  private fillTrial(params: TrialParams<P>, dest: Trial, trial: number, where: string): void {
    const { step, buffers, N_in, N_out, N_steps } = this;
    for (let t = 0; t < N_steps; t++) {
      // a few channels a step, N_batch × N_steps steps a batch: plain loops, no builtin call per array
      step.x = zero(buffers.x);
      step.y = zero(buffers.y);
      step.mask = zero(buffers.mask);
      this.trialFunction(t * this.dt, params, step, where);
      const row = trial * N_steps + t;
      copyInto(dest.x, step.x, row * N_in);
      copyInto(dest.y, step.y, row * N_out);
      copyInto(dest.mask, step.mask, row * N_out);
    }
  }
}

const STEP_KEYS = ['x', 'y', 'mask'] as const;
type StepKey = (typeof STEP_KEYS)[number];

function zero(values: Float32Array): Float32Array {
  for (let i = 0; i < values.length; i++) values[i] = 0;
  return values;
}

/** dest[at + i] = from[i]: `from` is a step's channels (a Float32Array or the plain array a trial function left) */
function copyInto(dest: Float32Array, from: ArrayLike<number>, at: number): void {
  for (let i = 0; i < from.length; i++) dest[at + i] = from[i];
}

/** Where a trial function was called: its time, then the batch and trial when known. */
function stepWhere(time: number, where: string): string {
  return `t = ${time} ms${where ? `, ${where}` : ''}`;
}

/** The trial-params type of a definition. */
export type ParamsOf<D> = D extends TaskDefinition<any, infer P> ? P : never;

/** The config of a definition without its name: the timing and its options, each optional. */
export type ConfigOf<D> = D extends TaskDefinition<infer O, any> ? Partial<OptionValues<O> & TimingValues> : never;

/** Builds a task from a definition, the trial-params type inferred (for tests and tools that know the definition). */
export function buildTask<D extends AnyTaskDefinition>(definition: D, config: ConfigOf<D>, rng: Rng): Task<ParamsOf<D>> {
  return new Task(definition, { ...config, name: definition.name }, rng);
}
