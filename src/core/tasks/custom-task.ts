/**
 * A person's own task in the spec (`task.name: "custom"`, see `spec/task-schema.ts`): built from its compiled
 * source. The compiler (`compile.ts`, sucrase) is installed by the code that may run a person's code — the training
 * worker and the CLI — so the page's main thread never holds it and never runs task code.
 */
import type { Rng } from '../rng.ts';
import type { AnyTaskDefinition } from './api.ts';
import { Task } from './task.ts';

export const CUSTOM_TASK = 'custom';

/** A custom task as the spec holds it. */
export interface CustomTaskConfig {
  name: typeof CUSTOM_TASK;
  source: string;
  file: string;
  dt: number;
  tau: number;
  T: number;
  N_batch: number;
  N_in: number;
  N_out: number;
  options: Record<string, unknown>;
}

export type TaskCompiler = (source: string, file: string) => AnyTaskDefinition;

let compiler: TaskCompiler | null = null;

/** Lets this thread build custom tasks (the worker and the CLI call it once, with `compileTask`). */
export function installTaskCompiler(compile: TaskCompiler): void {
  compiler = compile;
}

/** The last few compiled sources, so a spec's stages and twins compile once. */
const compiled = new Map<string, AnyTaskDefinition>();
const KEEP = 8;

export function isCustomTask(config: { name: string }): config is CustomTaskConfig {
  return config.name === CUSTOM_TASK;
}

/** The definition a custom task's source declares (compiled once per source). */
export function customTaskDefinition(config: CustomTaskConfig): AnyTaskDefinition {
  if (!compiler) throw new Error('custom tasks run only in the training worker or the CLI, which compile their source');
  const key = `${config.file}\n${config.source}`;
  let definition = compiled.get(key);
  if (!definition) {
    definition = compiler(config.source, config.file);
    compiled.set(key, definition);
    if (compiled.size > KEEP) compiled.delete(compiled.keys().next().value!);
  }
  return definition;
}

/** The name, timing and option values a custom task's definition is built with. */
export function customTaskSettings(config: CustomTaskConfig, definition: AnyTaskDefinition) {
  const { dt, tau, T, N_batch, options } = config;
  return { ...options, name: definition.name, dt, tau, T, N_batch };
}

/**
 * Builds a custom task, its option values checked against the options its source declares, and its channel counts
 * against the ones the spec records (the network was shaped by those).
 */
export function createCustomTask(config: CustomTaskConfig, rng: Rng): Task {
  const definition = customTaskDefinition(config);
  const task = new Task(definition, customTaskSettings(config, definition), rng, config.file);
  for (const key of ['N_in', 'N_out'] as const) {
    if (task[key] !== config[key]) {
      throw new Error(
        `${definition.name}: its code gives ${key} = ${task[key]} for these options, but the spec records task.${key} = ${config[key]}; ` +
          `set task.${key} to ${task[key]} (the network's ${key === 'N_in' ? 'inputs' : 'outputs'} follow it)`,
      );
    }
  }
  probeTrials(definition, config, rng);
  return task;
}

/** Trials drawn to probe a custom task before it is used (a throwing, NaN or never-scored task fails here, at once). */
const PROBE_TRIALS = 16;

/**
 * Draws a few trials from an independent stream (the task's own stream is untouched): a function that throws or
 * writes non-finite numbers fails now, with its message, and a task whose mask is 0 everywhere — nothing would be
 * scored, and the loss would be 0/0 — is refused.
 */
function probeTrials(definition: AnyTaskDefinition, config: CustomTaskConfig, rng: Rng): void {
  const settings = { ...customTaskSettings(config, definition), N_batch: Math.min(config.N_batch, PROBE_TRIALS) };
  const { mask } = new Task(definition, settings, rng.fork('probe'), config.file).getTrialBatch();
  if (mask.data.every((m) => m === 0)) {
    throw new Error(
      `${definition.name}: trialFunction never sets step.mask to 1 (checked ${settings.N_batch} trials at every step): ` +
        'nothing would be scored; set step.mask[k] = 1 where output k should be trained',
    );
  }
}
