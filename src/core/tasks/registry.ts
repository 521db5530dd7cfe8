/**
 * The built-in tasks, one definition file each (as tf.js lists its kernels in one place): everything else — the
 * spec's task schema, the network's shapes, the plots' conditions, the task panel's fields — derives from these
 * definitions, so adding a task is adding its file and a line here.
 */
import type { AnyTaskDefinition } from './api.ts';
import contextDecisionMaking from './context-decision-making.ts';
import { createCustomTask, CUSTOM_TASK, isCustomTask } from './custom-task.ts';
import delayMatchSample from './delay-match-sample.ts';
import delayedDiscrimination from './delayed-discrimination.ts';
import goNogo from './go-nogo.ts';
import intervalDiscrimination from './interval-discrimination.ts';
import matchToCategory from './match-to-category.ts';
import perceptualDiscrimination from './perceptual-discrimination.ts';
import readySetGo from './ready-set-go.ts';
import type { Rng } from '../rng.ts';
import { optionSettings, type TaskConfig, taskChannels } from './settings.ts';
import { Task } from './task.ts';
import type { TaskIssue } from './validate.ts';

export type { TaskConfig } from './settings.ts';
export { CUSTOM_TASK };

/** The built-in tasks, in the order the page lists them. */
export const BUILTIN_TASKS: readonly AnyTaskDefinition[] = [perceptualDiscrimination, delayedDiscrimination, matchToCategory, delayMatchSample, readySetGo, goNogo, contextDecisionMaking, intervalDiscrimination];

export const BUILTIN_TASK_NAMES: readonly string[] = BUILTIN_TASKS.map((d) => d.name);

const BY_NAME = new Map(BUILTIN_TASKS.map((d) => [d.name, d]));

/** The built-in definition named `name`, or undefined. */
export function builtinTask(name: string): AnyTaskDefinition | undefined {
  return BY_NAME.get(name);
}

/** The definition for `name`; an error listing the allowed names when there is none. */
export function taskDefinition(name: string): AnyTaskDefinition {
  const definition = BY_NAME.get(name);
  if (!definition) throw new Error(`Unknown task name ${JSON.stringify(name)}; allowed: ${BUILTIN_TASK_NAMES.join(', ')}`);
  return definition;
}

/** The rules a well-typed task config breaks (empty when it builds); unknown names and custom tasks have none. */
export function taskIssues(config: TaskConfig): TaskIssue[] {
  const definition = BY_NAME.get(config.name);
  return definition?.rules?.(optionSettings(definition, config)) ?? [];
}

/** Input and output channel counts of a well-typed task config. */
export function taskShape(config: TaskConfig): { N_in: number; N_out: number } {
  if (isCustomTask(config)) return { N_in: config.N_in, N_out: config.N_out };
  return taskChannels(taskDefinition(config.name), config);
}

/**
 * Builds the named built-in task, or a custom one from its source. Unknown names, unknown keys and values outside
 * the declared options are errors that say what is allowed.
 */
export function createTask(config: TaskConfig, rng: Rng): Task {
  if (isCustomTask(config)) return createCustomTask(config, rng);
  return new Task(taskDefinition(config.name), config, rng);
}
