/**
 * The public task API — `import { defineTask } from 'cogrnn'` in the page's task editor. A task is PsychRNN's
 * Task (reference §1) written as one definition: its options, how to draw one trial's parameters
 * (`generateTrialParams`, PsychRNN's `generate_trial_params`) and what each time step holds (`trialFunction`,
 * PsychRNN's `trial_function`: inputs x, targets y and output mask). The engine turns it into batches
 * `[N_batch, N_steps, N]`, checks the option values against their declarations, and plots its conditions.
 * The built-in tasks are written against this same API.
 */
import type { Array3 } from '../array3.ts';
import { type OptionValues, optionDeclarationProblem, type TaskOptions, type TimingValues } from './options.ts';
import type { Periods, Timing } from './periods.ts';
import type { TaskIssue } from './validate.ts';

export type { Array3 } from '../array3.ts';
export type {
  BooleanOption,
  ChoiceOption,
  NumberListOption,
  NumberOption,
  OptionValues,
  TaskOption,
  TaskOptions,
} from './options.ts';
export { choice, drawPeriods, inPeriod, periodAt, periodsEnd, truncatedExponential, uniform } from './periods.ts';
export type { Duration, DurationDistribution, Periods, Timing } from './periods.ts';
export { argmaxAccuracy, perTrialChoices } from './accuracy.ts';
export { addNoise, stimulusNoiseStd } from './noise.ts';
export { formatSigned, signedCoherence } from './evidence.ts';
export { CHOICE_HI, CHOICE_LO, targetChoice } from './targets.ts';
export { trialView } from '../array3.ts';
export { inInterval, stepCount } from './steps.ts';
export { someStepIn, type TaskIssue } from './validate.ts';

/** The random numbers a task draws, seeded from the spec's seed (one stream per task). */
export interface TaskRng {
  /** uniform on [0, 1) */
  uniform(): number;
  /** uniform on [lo, hi) */
  uniformRange(lo: number, hi: number): number;
  /** standard normal N(0, 1) */
  normal(): number;
  /** an integer uniform on 0, 1, …, n − 1 */
  int(n: number): number;
  /** one element of `items`, each equally likely */
  choice<T>(items: readonly T[]): T;
}

/**
 * Everything a task's functions know about the task: its option values, the timing (dt, tau, T in ms; N_batch),
 * the channel counts and N_steps = ceil(T/dt), alpha = dt/tau — PsychRNN's `self.*` inside a trial function.
 */
export type TaskSettings<O extends TaskOptions = TaskOptions> = OptionValues<O> &
  TimingValues & {
    N_in: number;
    N_out: number;
    /** ceil(T / dt): the step times are 0, dt, …, (N_steps − 1)·dt */
    N_steps: number;
    /** dt / tau */
    alpha: number;
  };

/** What the channel counts and the rules see: the options and the timing, before the shape is known. */
export type OptionSettings<O extends TaskOptions = TaskOptions> = OptionValues<O> & TimingValues;

/** One time step, zeroed before each `trialFunction` call: inputs x `[N_in]`, targets y and mask `[N_out]`. */
export interface TrialStep {
  x: Float32Array;
  y: Float32Array;
  mask: Float32Array;
}

/** Where a trial sits: batch number (from 1), trial in the batch (from 0), and its drawn periods if any. */
export interface TrialContext {
  batch: number;
  trial: number;
  /** the declared `timing`, drawn for this trial (empty when the task declares none) */
  periods: Periods;
}

/**
 * A trial's condition, for the plots: `label` groups trials ("+0.30", "category 2"), `order` sorts the groups,
 * and `evidence`, where the task has one, is the signed evidence for the psychometric curve (positive ↔ the
 * correct choice is output 1).
 */
export interface Condition {
  label: string;
  order?: number[];
  evidence?: number;
}

export interface TaskDefinition<O extends TaskOptions = TaskOptions, P extends object = Record<string, unknown>> {
  /** The spec's name for the task: an identifier, e.g. 'PerceptualDiscrimination'. */
  name: string;
  title: string;
  /** One paragraph: the protocol, and whom it follows (citation). */
  description: string;
  options: O;
  /** Defaults for dt, tau, T (ms) and N_batch where this task's differ from PsychRNN's 10, 100, 2000, 128. */
  defaults?: Partial<TimingValues>;
  /** Input channels: a number or a function of the options. */
  N_in: number | ((task: OptionSettings<O>) => number);
  /** Output channels: a number or a function of the options. */
  N_out: number | ((task: OptionSettings<O>) => number);
  /**
   * The rules the option values must meet together, beyond each one's declared bounds (e.g. "T must hold the
   * stimulus"): checked with the spec, before any trial is drawn, and reported at `task.<key>`.
   */
  rules?: (task: OptionSettings<O>) => TaskIssue[];
  /** Named periods in order, each with a fixed or random duration (ms), drawn per trial into `context.periods`. */
  timing?: Timing | ((task: TaskSettings<O>) => Timing);
  /** One trial's parameters (PsychRNN's `generate_trial_params`); the drawn periods are added as `periods`. */
  generateTrialParams(rng: TaskRng, task: TaskSettings<O>, context: TrialContext): P;
  /**
   * Writes the inputs, targets and mask at `time` (ms: 0, dt, …, (N_steps − 1)·dt) into `step`, whose arrays are
   * zeroed before each call (PsychRNN's `trial_function`). Set or add only the non-zero values.
   */
  trialFunction(time: number, params: P & { periods: Periods }, step: TrialStep, rng: TaskRng, task: TaskSettings<O>): void;
  /** Accuracy in [0, 1] of `output` against the targets `correct`; PsychRNN's argmax rule when absent. */
  accuracyFunction?(correct: Array3, output: Array3, mask: Array3, params: readonly P[], task: TaskSettings<O>): number;
  /** The psychometric curve's x axis when conditions carry `evidence`, e.g. 'signed coherence'. */
  evidenceAxis?: string;
  /** A trial's condition for the per-condition plots; one condition "all" when absent. */
  condition?(params: P, task: TaskSettings<O>): Condition;
  /** One line about a trial and its correct output, for the example-trial plot; its numeric params when absent. */
  describeTrial?(params: P, task: TaskSettings<O>): string;
  /** A per-trial behaviour point for a scatter plot instead of accuracy per condition. */
  measure?: {
    axes: [string, string];
    point(params: P, output: Float32Array, mask: Float32Array, task: TaskSettings<O>): [number, number] | null;
  };
  /** Task parameters beyond the options, for `getTaskParams` (PsychRNN's `lo`, `hi`, …). */
  taskParams?(task: TaskSettings<O>): Record<string, unknown>;
}

/** A definition with its option and param types erased, as the registry holds them. */
export type AnyTaskDefinition = TaskDefinition<any, any>;

/**
 * Declares a task. It only checks and returns the definition (so TypeScript infers the options' and params' types
 * for every function in it); the engine builds batches from it.
 */
export function defineTask<const O extends TaskOptions, P extends object>(definition: TaskDefinition<O, P>): TaskDefinition<O, P> {
  const problem = definitionProblem(definition as AnyTaskDefinition);
  if (problem) throw new Error(`defineTask: ${problem}`);
  return definition;
}

const FUNCTIONS = ['generateTrialParams', 'trialFunction'] as const;
const OPTIONAL_FUNCTIONS = ['rules', 'accuracyFunction', 'condition', 'describeTrial', 'taskParams'] as const;

/** Why a definition cannot be used (a bad name, a missing function, an option whose default breaks its bounds), or null. */
export function definitionProblem(d: AnyTaskDefinition): string | null {
  if (d === null || typeof d !== 'object') return `a task definition must be an object, got ${d === null ? 'null' : typeof d}`;
  if (typeof d.name !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(d.name)) {
    return `name must be an identifier starting with a letter (e.g. 'MyTask'), got ${JSON.stringify(d.name)}`;
  }
  for (const key of ['title', 'description'] as const) {
    if (typeof d[key] !== 'string') return `${d.name}: ${key} must be a string`;
  }
  for (const key of FUNCTIONS) if (typeof d[key] !== 'function') return `${d.name}: ${key} must be a function`;
  for (const key of OPTIONAL_FUNCTIONS) {
    if (d[key] !== undefined && typeof d[key] !== 'function') return `${d.name}: ${key} must be a function when given`;
  }
  for (const key of ['N_in', 'N_out'] as const) {
    const n = d[key];
    if (typeof n !== 'function' && !(Number.isInteger(n) && n >= 1)) {
      return `${d.name}: ${key} must be an integer ≥ 1 or a function of the options, got ${JSON.stringify(n)}`;
    }
  }
  if (d.options === null || typeof d.options !== 'object') return `${d.name}: options must be an object (use {} for none)`;
  for (const [key, option] of Object.entries(d.options as TaskOptions)) {
    const problem = optionDeclarationProblem(key, option);
    if (problem) return `${d.name}: ${problem}`;
  }
  return null;
}
