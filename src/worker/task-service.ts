/**
 * What the task worker (`task-worker.ts`) answers about a person's task file: the definition's metadata, its
 * declared options (as data the page can draw form fields from), the option values resolved against those
 * declarations, N_in / N_out for them and the rules' issues (`describeTask`); and a few generated trials for the
 * preview (`previewTrials`). Every error is a value naming where it is in the person's file. No DOM and no Comlink
 * here, so it runs (and is tested) in Node; the person's code runs only through these functions, only in a worker.
 */
import type { Array3 } from '../core/array3.ts';
import { Rng } from '../core/rng.ts';
import type { AnyTaskDefinition, OptionSettings, TrialStep } from '../core/tasks/api.ts';
import { compileTask, locateInSource, TaskCompileError } from '../core/tasks/compile.ts';
import { createCustomTask, CUSTOM_TASK, customTaskDefinition, installTaskCompiler } from '../core/tasks/custom-task.ts';
import { describeOption, optionAllows, type TaskOption, type TaskOptions, TIMING_KEYS, type TimingValues } from '../core/tasks/options.ts';
import { isPeriods, type Periods } from '../core/tasks/periods.ts';
import { stepCount } from '../core/tasks/steps.ts';
import { TaskFunctionError } from '../core/tasks/task.ts';

/** The timing and option values a task is described or previewed with. */
export interface TaskValues extends TimingValues {
  options: Record<string, unknown>;
}

/** Something wrong in the person's file: what, and where (1-based line and column) when known. */
export interface SourceProblem {
  message: string;
  line: number | null;
  column: number | null;
}

/** A rule the values break, at the key it concerns (`T`, an option's key), as the spec reports it. */
export interface ValueProblem {
  key: string;
  message: string;
}

/** A value the page sent that the declarations do not allow, replaced by the option's default. */
export interface ReplacedValue {
  key: string;
  message: string;
}

/** A definition's metadata and declarations, as plain data. */
export interface DeclaredTask {
  name: string;
  title: string;
  description: string;
  options: Record<string, TaskOption>;
  defaults: Partial<TimingValues>;
  evidenceAxis: string | null;
}

export type TaskDescription =
  | {
      ok: true;
      task: DeclaredTask;
      /** the values the task is built with: the timing (the definition's defaults when asked) and every option */
      values: TaskValues;
      replaced: ReplacedValue[];
      N_in: number;
      N_out: number;
      problems: ValueProblem[];
    }
  | { ok: false; error: SourceProblem };

/** A few generated trials, `[N_trials, N_steps, N]`, and what the preview shows about each. */
export interface PreviewTrials {
  x: Array3;
  y: Array3;
  mask: Array3;
  dt: number;
  trials: {
    /** the trial's numeric and text params, for display */
    params: [string, string][];
    periods: Periods;
    /** describeTrial's line */
    summary: string;
    /** condition's label */
    condition: string;
  }[];
}

export type PreviewAnswer = { ok: true; preview: PreviewTrials } | { ok: false; error: SourceProblem; tooLong?: boolean };

/**
 * Trials generated for a preview (a few are shown): as many as the training worker's probe draws before it trains
 * (createCustomTask), so a task the preview accepts is not refused there for a mask that is never 1.
 */
export const PREVIEW_TRIALS = 16;
/** Past this many time steps the preview is not generated (the page would wait on it). */
export const MAX_PREVIEW_STEPS = 100_000;

/**
 * A definition whose `trialFunction` sees a guarded `step`: a write past the end of `step.x`, `step.y` or
 * `step.mask` throws instead of vanishing (a Float32Array drops it silently), so a task that writes channel 2 of
 * N_out = 2 is told so, with its line. Reassigning `step.x` goes through to the real step, where the Task's own check
 * of what was written (length, NaN, non-numbers) sees it.
 */
export function guardTrialFunction(definition: AnyTaskDefinition): AnyTaskDefinition {
  const original = definition.trialFunction;
  const guarded: AnyTaskDefinition = {
    ...definition,
    trialFunction(this: AnyTaskDefinition, time, params, step, rng, task) {
      return original.call(this, time, params, guardStep(step, task), rng, task);
    },
  };
  return guarded;
}

const CHANNEL_COUNT = { x: 'N_in', y: 'N_out', mask: 'N_out' } as const;

function guardStep(step: TrialStep, task: { N_in: number; N_out: number }): TrialStep {
  const arrays = new Map<unknown, unknown>();
  const guardArray = (key: 'x' | 'y' | 'mask', array: unknown) => {
    if (!(array instanceof Float32Array)) return array;
    let proxy = arrays.get(array);
    if (!proxy) {
      proxy = new Proxy(array, {
        get(target, property) {
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
        set(target, property, value) {
          if (typeof property === 'string' && /^(0|[1-9]\d*)$/.test(property) && Number(property) >= target.length) {
            const n = CHANNEL_COUNT[key];
            throw new RangeError(`wrote step.${key}[${property}], but step.${key} has ${n} = ${task[n]} entries (indices 0 to ${task[n] - 1})`);
          }
          return Reflect.set(target, property, value, target);
        },
      });
      arrays.set(array, proxy);
    }
    return proxy;
  };
  return new Proxy(step, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      return property === 'x' || property === 'y' || property === 'mask' ? guardArray(property, value) : value;
    },
  });
}

installTaskCompiler((source, file) => guardTrialFunction(compileTask(source, file)));

/** The definition a source declares (compiled once per source). */
function definitionOf(source: string, file: string): AnyTaskDefinition {
  return customTaskDefinition({ name: CUSTOM_TASK, source, file, dt: 1, tau: 1, T: 1, N_batch: 1, N_in: 1, N_out: 1, options: {} });
}

/** An error from compiling or running the person's code, as a problem with its place in `file` (kept apart from its message). */
export function sourceProblem(error: unknown, file: string): SourceProblem {
  if (error instanceof TaskCompileError) return { message: error.detail, line: error.line, column: error.column };
  if (error instanceof TaskFunctionError) {
    const at = error.location ?? (error.original === undefined ? null : locateInSource(error.original, file));
    const message = `${error.task}: ${error.functionName} ${error.detail}${error.where ? ` (${error.where})` : ''}`;
    return { message, line: at?.line ?? null, column: at?.column ?? null };
  }
  const at = locateInSource(error, file);
  return { message: error instanceof Error ? error.message : String(error), line: at?.line ?? null, column: at?.column ?? null };
}

/** Only the fields an option declaration has, each of its type: what a form field can be drawn from. */
function plainOption(option: TaskOption): TaskOption {
  const copy: Record<string, unknown> = {};
  for (const key of ['type', 'label', 'help', 'nullMeans', 'unit'] as const) {
    const value = (option as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string') copy[key] = value;
  }
  for (const key of ['min', 'gt', 'max', 'lt', 'minLength', 'maxLength'] as const) {
    const value = (option as unknown as Record<string, unknown>)[key];
    if (typeof value === 'number') copy[key] = value;
  }
  if (option.type === 'number' && option.integer === true) copy.integer = true;
  if (option.type === 'choice') copy.values = option.values.filter((v) => typeof v === 'number' || typeof v === 'string');
  copy.default = Array.isArray(option.default) ? [...option.default] : option.default;
  return copy as unknown as TaskOption;
}

function declared(definition: AnyTaskDefinition): DeclaredTask {
  const defaults: Partial<TimingValues> = {};
  for (const key of TIMING_KEYS) {
    const value = definition.defaults?.[key];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) defaults[key] = value;
  }
  return {
    name: definition.name,
    title: definition.title,
    description: definition.description,
    options: Object.fromEntries(Object.entries(definition.options as TaskOptions).map(([key, option]) => [key, plainOption(option)])),
    defaults,
    evidenceAxis: typeof definition.evidenceAxis === 'string' ? definition.evidenceAxis : null,
  };
}

const show = (value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value));

/**
 * Compiles `source` and describes its task for `values`: the declared options, each value checked against its
 * declaration (one it does not allow, or one the task does not declare, is replaced by the default and said),
 * N_in / N_out and the rules' issues. With `useDefaults`, the timing the definition declares replaces the given one.
 */
export function describeTask(source: string, file: string, values: TaskValues, useDefaults = false): TaskDescription {
  let definition: AnyTaskDefinition;
  try {
    definition = definitionOf(source, file);
  } catch (error) {
    return { ok: false, error: sourceProblem(error, file) };
  }
  const task = declared(definition);
  const timing: TimingValues = { dt: values.dt, tau: values.tau, T: values.T, N_batch: values.N_batch };
  if (useDefaults) Object.assign(timing, task.defaults);
  const options: Record<string, unknown> = {};
  const replaced: ReplacedValue[] = [];
  for (const [key, option] of Object.entries(task.options)) {
    const given = values.options[key];
    if (given === undefined || optionAllows(option, given)) {
      options[key] = given === undefined ? option.default : given;
    } else {
      options[key] = option.default;
      replaced.push({ key, message: `${key} = ${show(given)} is not ${describeOption(option)}; its default ${show(option.default)} is used` });
    }
  }
  const settings = { ...options, ...timing } as OptionSettings;
  const channels = (key: 'N_in' | 'N_out'): number => {
    const declaredCount = definition[key];
    let n: unknown;
    try {
      n = typeof declaredCount === 'function' ? declaredCount(settings) : declaredCount;
    } catch (error) {
      throw new TaskFunctionError(definition.name, key, '', `threw ${error instanceof Error ? error.message : String(error)}`, error);
    }
    if (!Number.isInteger(n) || (n as number) < 1) {
      throw new TaskFunctionError(definition.name, key, '', `must give an integer ≥ 1 for these options, got ${show(n)}`);
    }
    return n as number;
  };
  let N_in: number;
  let N_out: number;
  let problems: ValueProblem[];
  try {
    N_in = channels('N_in');
    N_out = channels('N_out');
    problems = ruleIssues(definition, settings);
  } catch (error) {
    return { ok: false, error: sourceProblem(error, file) };
  }
  return { ok: true, task, values: { ...timing, options }, replaced, N_in, N_out, problems };
}

function ruleIssues(definition: AnyTaskDefinition, settings: OptionSettings): ValueProblem[] {
  if (!definition.rules) return [];
  let issues: unknown;
  try {
    issues = definition.rules(settings);
  } catch (error) {
    throw new TaskFunctionError(definition.name, 'rules', '', `threw ${error instanceof Error ? error.message : String(error)}`, error);
  }
  if (!Array.isArray(issues) || !issues.every((i) => i && typeof i.key === 'string' && typeof i.message === 'string')) {
    throw new TaskFunctionError(definition.name, 'rules', '', 'must return a list of { key, message } (an empty list when the values are fine)');
  }
  return issues.map(({ key, message }) => ({ key, message }));
}

/** The scalar params of a trial as text, for display (its periods are shown as shading instead). */
function displayParams(params: object): [string, string][] {
  return Object.entries(params)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
    .slice(0, 12)
    .map(([k, v]) => [k, typeof v === 'number' ? (Number.isInteger(v) || Math.abs(v) >= 100 ? String(Math.round(v)) : String(Number(v.toPrecision(3)))) : String(v)]);
}

/** The first `count` trials of a batch. */
function firstTrials(a: Array3, count: number): Array3 {
  const [, steps, n] = a.shape;
  return { data: a.data.slice(0, count * steps * n), shape: [count, steps, n] };
}

/**
 * `shown` of `PREVIEW_TRIALS` trials of the task (seeded by `seed`), built as the training worker builds it — so a
 * function that throws, writes NaN or never sets the mask to 1 fails here, before any training; the accuracy
 * function is run once on the targets, so an error in it shows here too.
 */
export function previewTrials(source: string, file: string, values: TaskValues, shape: { N_in: number; N_out: number }, seed: number, shown = 3): PreviewAnswer {
  const steps = stepCount(values.T, values.dt);
  if (steps > MAX_PREVIEW_STEPS) {
    return {
      ok: false,
      tooLong: true,
      error: { message: `a trial of ${steps.toLocaleString('en-US')} time steps is too long to preview (up to ${MAX_PREVIEW_STEPS.toLocaleString('en-US')} are drawn)`, line: null, column: null },
    };
  }
  try {
    const task = createCustomTask(
      { name: CUSTOM_TASK, source, file, dt: values.dt, tau: values.tau, T: values.T, N_batch: PREVIEW_TRIALS, ...shape, options: values.options },
      new Rng(seed).fork('preview'),
    );
    const batch = task.getTrialBatch();
    task.accuracyFunction(batch.y, batch.y, batch.mask, batch.params);
    const count = Math.min(shown, PREVIEW_TRIALS);
    const trials = batch.params.slice(0, count).map((params, trial) => ({
      params: displayParams(params),
      periods: isPeriods(params.periods) ? params.periods : {},
      summary: task.describeTrial(params),
      condition: task.condition(params, trial).label,
    }));
    return {
      ok: true,
      preview: { x: firstTrials(batch.x, count), y: firstTrials(batch.y, count), mask: firstTrials(batch.mask, count), dt: task.dt, trials },
    };
  } catch (error) {
    return { ok: false, error: sourceProblem(error, file) };
  }
}
