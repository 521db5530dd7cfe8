/**
 * Registry of the built-in tasks by name (as TensorFlow Playground keeps its datasets): the
 * experiment spec names a task and its options, `createTask` builds it, `TASK_INFO` describes it
 * for the UI. Option keys are spelled as PsychRNN's constructor arguments (snake_case).
 */
import type { Rng } from '../rng.ts';
import {
  DelayedDiscrimination,
  type DelayedDiscriminationParams,
  delayedDiscriminationIssues,
} from './delayed-discrimination.ts';
import { MatchToCategory, type MatchToCategoryParams, matchToCategoryIssues } from './match-to-category.ts';
import {
  PerceptualDiscrimination,
  type PerceptualDiscriminationParams,
  perceptualDiscriminationIssues,
} from './perceptual-discrimination.ts';
import type { Task } from './task.ts';
import type { TaskIssue } from './validate.ts';

export const BUILTIN_TASK_NAMES = ['PerceptualDiscrimination', 'DelayedDiscrimination', 'MatchToCategory'] as const;
export type BuiltinTaskName = (typeof BUILTIN_TASK_NAMES)[number];

/** A task by name: the base parameters plus that task's options (see `TASK_INFO[name].options`). */
export interface TaskConfig {
  name: string;
  dt: number;
  tau: number;
  T: number;
  N_batch: number;
  [key: string]: unknown;
}

export interface TaskInfo {
  title: string;
  description: string;
  N_in: number | 'variable';
  N_out: number | 'variable';
  /** The optional keys this task accepts besides name, dt, tau, T and N_batch. */
  options: string[];
  /** The rules its options must meet beyond their types; the spec check reports them, the constructor throws them. */
  issues: (config: TaskConfig) => TaskIssue[];
}

export const TASK_INFO: Record<BuiltinTaskName, TaskInfo> = {
  PerceptualDiscrimination: {
    title: 'Perceptual discrimination',
    description:
      'Two noisy inputs; during the stimulus one is higher by the coherence. After the stimulus, ' +
      'drive the output of the higher channel to 1 and the other to 0.2 (Britten et al. 1992).',
    N_in: 2,
    N_out: 2,
    options: ['coherence', 'direction'],
    issues: (config) => perceptualDiscriminationIssues(config as unknown as PerceptualDiscriminationParams),
  },
  DelayedDiscrimination: {
    title: 'Delayed discrimination',
    description:
      'Two frequencies separated by a delay; in the decision period report whether the first was ' +
      'higher or lower than the second (Romo et al. 1999).',
    N_in: 2,
    N_out: 2,
    options: ['onset_time', 'stim_duration_1', 'delay_duration', 'stim_duration_2', 'decision_duration'],
    issues: (config) => delayedDiscriminationIssues(config as unknown as DelayedDiscriminationParams),
  },
  MatchToCategory: {
    title: 'Match to category',
    description:
      'A gaussian bump on a ring of inputs; report which of N_out equal arcs holds its centre ' +
      '(Freedman & Assad 2006). Needs T ≥ 2000 ms.',
    N_in: 'variable',
    N_out: 'variable',
    options: ['N_in', 'N_out'],
    issues: (config) => matchToCategoryIssues(config as unknown as MatchToCategoryParams),
  },
};

const BASE_KEYS = ['name', 'dt', 'tau', 'T', 'N_batch'];

function isBuiltinTaskName(name: string): name is BuiltinTaskName {
  return (BUILTIN_TASK_NAMES as readonly string[]).includes(name);
}

/** The rules a well-typed task config breaks (empty when it builds); unknown names have none. */
export function taskIssues(config: TaskConfig): TaskIssue[] {
  return isBuiltinTaskName(config.name) ? TASK_INFO[config.name].issues(config) : [];
}

/**
 * Builds the named built-in task. Unknown names and unknown keys are errors that list what is
 * allowed; the values themselves are checked by the task's constructor.
 */
// Task<any>: each task has its own trial-params type, known only after the switch.
export function createTask(config: TaskConfig, rng: Rng): Task<any> {
  const { name } = config;
  if (!isBuiltinTaskName(name)) {
    throw new Error(`Unknown task name ${JSON.stringify(name)}; allowed: ${BUILTIN_TASK_NAMES.join(', ')}`);
  }
  const allowed = [...BASE_KEYS, ...TASK_INFO[name].options];
  for (const key of Object.keys(config)) {
    if (!allowed.includes(key)) {
      throw new Error(`${name}: unknown option ${JSON.stringify(key)}; allowed keys: ${allowed.join(', ')}`);
    }
  }
  switch (name) {
    case 'PerceptualDiscrimination':
      return new PerceptualDiscrimination(config as unknown as PerceptualDiscriminationParams, rng);
    case 'DelayedDiscrimination':
      return new DelayedDiscrimination(config as unknown as DelayedDiscriminationParams, rng);
    case 'MatchToCategory':
      return new MatchToCategory(config as unknown as MatchToCategoryParams, rng);
  }
}
