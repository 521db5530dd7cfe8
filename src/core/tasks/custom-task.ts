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
  const task = new Task(definition, customTaskSettings(config, definition), rng);
  for (const key of ['N_in', 'N_out'] as const) {
    if (task[key] !== config[key]) {
      throw new Error(
        `${definition.name}: its code gives ${key} = ${task[key]} for these options, but the spec records task.${key} = ${config[key]}; ` +
          `set task.${key} to ${task[key]} (the network's ${key === 'N_in' ? 'inputs' : 'outputs'} follow it)`,
      );
    }
  }
  return task;
}
