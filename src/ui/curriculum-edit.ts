/**
 * The curriculum editor's edits, as pure functions of the spec (no DOM, no store): PsychRNN's curriculum (reference
 * §8) made of stages that copy the spec's task with some options changed, or another task with the same channels.
 * Each function returns a new curriculum (or spec draft) for `editSpec` to validate; the spec's own check
 * (`checkCurriculum`) stays the one judge of what a stage may be.
 */
import { type CurriculumSpec, type ExperimentSpec, safeParseSpec, type TaskSpec } from '../core/spec/spec.ts';
import { CUSTOM_TASK, isCustomTask } from '../core/tasks/custom-task.ts';
import type { TaskOption, TaskOptions } from '../core/tasks/options.ts';
import { BUILTIN_TASK_NAMES, builtinTask, taskDefinition, taskShape } from '../core/tasks/registry.ts';
import type { CurriculumMetricName } from '../core/train/curriculum.ts';

/**
 * A new stage's threshold for each metric: PsychRNN's 0.9 for accuracy; for the others, values a small network on
 * the built-in tasks reaches (a trained PerceptualDiscrimination's MSE loss is about 0.02).
 */
export const DEFAULT_THRESHOLDS: Record<CurriculumMetricName, number> = { accuracy: 0.9, loss: 0.05, iterations: 500 };

/** PsychRNN's Curriculum default: the metric is tested every 10 epochs. */
const PSYCHRNN_METRIC_EPOCH = 10;

export const CURRICULUM_PRESETS = [
  { id: 'none', label: 'No curriculum' },
  { id: 'psychrnn-tutorial', label: 'PsychRNN tutorial: coherence 0.7 → 0.1' },
] as const;

export type CurriculumPresetId = (typeof CURRICULUM_PRESETS)[number]['id'];

/** The coherences of PsychRNN's curriculum tutorial: 0.7 − i/5 for i = 0…3. */
export const TUTORIAL_COHERENCES = [0.7, 0.5, 0.3, 0.1] as const;

const copyTask = (task: TaskSpec): TaskSpec => structuredClone(task);

/**
 * A preset's curriculum for `spec`. PsychRNN's tutorial: four PerceptualDiscrimination stages with the spec's timing
 * (and its PerceptualDiscrimination options, when that is the task) at coherence 0.7, 0.5, 0.3, 0.1, each until
 * accuracy ≥ 0.9, tested after every training step (metric_epoch 1).
 */
export function presetCurriculum(id: CurriculumPresetId, spec: ExperimentSpec): CurriculumSpec | null {
  if (id === 'none') return null;
  const { dt, tau, T, N_batch } = spec.task;
  const base: TaskSpec = spec.task.name === 'PerceptualDiscrimination' ? copyTask(spec.task) : { name: 'PerceptualDiscrimination', dt, tau, T, N_batch };
  return {
    stages: TUTORIAL_COHERENCES.map((coherence) => ({ ...copyTask(base), coherence })),
    thresholds: TUTORIAL_COHERENCES.map(() => DEFAULT_THRESHOLDS.accuracy),
    metric_epoch: 1,
    metric: 'accuracy',
  };
}

/** The preset `curriculum` is, or null when it has been edited away from every preset. */
export function presetOf(curriculum: CurriculumSpec | null, spec: ExperimentSpec): CurriculumPresetId | null {
  if (curriculum === null) return 'none';
  // compared as the spec holds it: every stage with its defaults filled in
  const tutorial = safeParseSpec({ ...spec, curriculum: presetCurriculum('psychrnn-tutorial', spec) });
  return tutorial.ok && JSON.stringify(tutorial.spec.curriculum) === JSON.stringify(curriculum) ? 'psychrnn-tutorial' : null;
}

/** A curriculum with one more stage at the end: a copy of the last stage (or, for a new curriculum, of the task). */
export function addStage(spec: ExperimentSpec): CurriculumSpec {
  const current = spec.curriculum;
  if (!current) return { stages: [copyTask(spec.task)], thresholds: [DEFAULT_THRESHOLDS.accuracy], metric_epoch: PSYCHRNN_METRIC_EPOCH, metric: 'accuracy' };
  const last = current.stages.length - 1;
  return {
    ...current,
    stages: [...current.stages, copyTask(current.stages[last])],
    thresholds: [...current.thresholds, current.thresholds[last] ?? DEFAULT_THRESHOLDS[current.metric]],
  };
}

/** Why a stage cannot be removed: the spec's curriculum holds at least one stage (null is "no curriculum"). */
export const LAST_STAGE_REFUSAL = 'A curriculum needs at least one stage: to train on the task alone, choose “No curriculum” as the preset.';

/** The curriculum without stage `k` (its threshold goes with it), or why not. */
export function removeStage(curriculum: CurriculumSpec, k: number): CurriculumSpec | { refusal: string } {
  if (curriculum.stages.length <= 1) return { refusal: LAST_STAGE_REFUSAL };
  const keep = <T>(list: readonly T[]) => list.filter((_, i) => i !== k);
  return { ...curriculum, stages: keep(curriculum.stages), thresholds: keep(curriculum.thresholds) };
}

/** The curriculum with stage `k` moved by `delta` places (its threshold with it); unchanged at either end. */
export function moveStage(curriculum: CurriculumSpec, k: number, delta: -1 | 1): CurriculumSpec {
  const to = k + delta;
  if (to < 0 || to >= curriculum.stages.length) return curriculum;
  const swap = <T>(list: readonly T[]) => {
    const out = [...list];
    [out[k], out[to]] = [out[to], out[k]];
    return out;
  };
  return { ...curriculum, stages: swap(curriculum.stages), thresholds: swap(curriculum.thresholds) };
}

/**
 * The curriculum measured by `metric`. Thresholds are in the metric's units (an accuracy of 0.9 means nothing as a
 * loss or a count of steps), so every stage takes the new metric's default; returns the note saying so.
 */
export function changeMetric(curriculum: CurriculumSpec, metric: CurriculumMetricName): { curriculum: CurriculumSpec; note: string | null } {
  if (metric === curriculum.metric) return { curriculum, note: null };
  const threshold = DEFAULT_THRESHOLDS[metric];
  return {
    curriculum: { ...curriculum, metric, thresholds: curriculum.stages.map(() => threshold) },
    note: `Every stage's threshold is now ${threshold} (${untilText(metric, threshold)}): thresholds are in the metric's units.`,
  };
}

/** The condition that ends a stage, e.g. "until accuracy ≥ 0.9". */
export function untilText(metric: CurriculumMetricName, threshold: number): string {
  switch (metric) {
    case 'accuracy':
      return `until accuracy ≥ ${threshold}`;
    case 'loss':
      return `until loss ≤ ${threshold}`;
    case 'iterations':
      return `for ${threshold} training step${threshold === 1 ? '' : 's'}`;
  }
}

// ---------------------------------------------------------------------------------------------------
// A stage's task

/** The built-in (or custom) task config named `name` with `task`'s timing and, where it declares them, its channels. */
function configLike(name: string, task: TaskSpec): TaskSpec {
  if (name === CUSTOM_TASK) return copyTask(task);
  const { dt, tau, T, N_batch } = task;
  const config: TaskSpec = { name, dt, tau, T, N_batch };
  // a task whose channel counts are options of its own (MatchToCategory's ring) can take the network's
  const options = taskDefinition(name).options as TaskOptions;
  const shape = taskShape(task);
  for (const key of ['N_in', 'N_out'] as const) if (key in options) config[key] = shape[key];
  return config;
}

export interface StageTaskChoice {
  name: string;
  title: string;
  N_in: number;
  N_out: number;
  /** its channels are the network's, so it can be a stage */
  fits: boolean;
}

/** Channel counts of a config, or null when its options cannot take them (a ring of 1 input). */
function shapeOrNull(config: TaskSpec): { N_in: number; N_out: number } | null {
  try {
    return taskShape(config);
  } catch {
    return null;
  }
}

/**
 * The tasks a stage can choose from, the built-in ones in the registry's order (and the person's own task when the
 * spec's task is one): each with its channels for the network of `task`, and whether they are the network's.
 */
export function stageTaskChoices(task: TaskSpec): StageTaskChoice[] {
  const target = taskShape(task);
  const names = [...BUILTIN_TASK_NAMES, ...(isCustomTask(task) ? [CUSTOM_TASK] : [])];
  return names.map((name) => {
    const config = configLike(name, task);
    const shape = shapeOrNull(config) ?? (name === CUSTOM_TASK ? target : taskShape({ name }));
    const title = name === CUSTOM_TASK ? `Your task (${String(task.file)})` : taskDefinition(name).title;
    return { name, title, ...shape, fits: shape.N_in === target.N_in && shape.N_out === target.N_out };
  });
}

/**
 * Drafts of the spec with stage `k` switched to task `name`, in the order to try: with the task's timing, then with
 * the new task's own T (its rules may need a longer trial). dt, τ and the batch size stay the network's.
 */
export function stageTaskDrafts(spec: ExperimentSpec, k: number, name: string): ExperimentSpec[] {
  const withStage = (stage: TaskSpec): ExperimentSpec => {
    const curriculum = spec.curriculum as CurriculumSpec;
    return { ...spec, curriculum: { ...curriculum, stages: curriculum.stages.map((s, i) => (i === k ? stage : s)) } };
  };
  const first = configLike(name, spec.task);
  const { T: _T, ...ownT } = first;
  return [withStage(first), withStage(ownT as TaskSpec)];
}

/**
 * Carries an edit of the task's timing (the task panel's dt, τ, T, batch size) into the stages, in the draft: dt, τ
 * and the batch size must be the task's in every stage (one network learns them all), and a stage whose T was the
 * task's keeps sharing it. `previous` is the task before the edit. Stages of other channels are left as they are,
 * so the spec check names them.
 */
export function carryTaskIntoStages(draft: ExperimentSpec, previous: TaskSpec): void {
  const stages = draft.curriculum?.stages;
  if (!stages) return;
  const { dt, tau, T, N_batch } = draft.task;
  draft.curriculum!.stages = stages.map((stage) => ({ ...stage, dt, tau, N_batch, T: stage.T === previous.T ? T : stage.T }));
}

// ---------------------------------------------------------------------------------------------------
// Names

/** The parts of the spec a stage's name depends on. */
export type SpecStages = Pick<ExperimentSpec, 'task' | 'curriculum'>;

/** An option's value as a short phrase: numbers as written, null as what it means ("random"), lists as [a, b]. */
function shownValue(option: TaskOption | undefined, value: unknown): string {
  if (value === null) return option?.nullMeans && /drawn|random/.test(option.nullMeans) ? 'random' : 'none';
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return String(value);
}

/** The options (and T) of `stage` that differ from `task`'s, as "coherence 0.5", "T 3000 ms". */
function changedOptions(task: TaskSpec, stage: TaskSpec): string[] {
  const definition = builtinTask(stage.name);
  const options = (definition?.options ?? {}) as TaskOptions;
  const values = (t: TaskSpec): Record<string, unknown> => (isCustomTask(t) ? (t.options as Record<string, unknown>) : t);
  const changed: string[] = [];
  if (stage.T !== task.T) changed.push(`T ${stage.T} ms`);
  const keys = definition ? Object.keys(options) : Object.keys(values(stage));
  for (const key of keys) {
    const [mine, theirs] = [values(stage)[key], values(task)[key]];
    if (JSON.stringify(mine ?? null) !== JSON.stringify(theirs ?? null)) changed.push(`${key} ${shownValue(options[key], mine ?? null)}`);
  }
  return changed;
}

/**
 * What stage `stage` is, relative to the spec's task: the options it changes ("coherence 0.5"), or the other task's
 * title; "as the task" when it is a copy.
 */
export function stageLabel(task: TaskSpec, stage: TaskSpec): string {
  if (stage.name !== task.name) return stage.name === CUSTOM_TASK ? `your task (${String(stage.file)})` : taskDefinition(stage.name).title;
  if (isCustomTask(stage) && stage.source !== task.source) return `your task (${String(stage.file)}, other code)`;
  const changed = changedOptions(task, stage);
  return changed.length > 0 ? changed.join(', ') : 'as the task';
}

/** A stage's name, e.g. "Stage 2 · coherence 0.5" (k is 0-based). */
export function stageName(task: TaskSpec, stage: TaskSpec, k: number): string {
  return `Stage ${k + 1} · ${stageLabel(task, stage)}`;
}

/** The names of the spec's curriculum stages, in order (none without a curriculum). */
export function curriculumStageNames(spec: SpecStages): string[] {
  return spec.curriculum?.stages.map((stage, k) => stageName(spec.task, stage, k)) ?? [];
}

/**
 * The run bar's stage: "2 / 4" and what the stage is, "coherence 0.5 · until accuracy ≥ 0.9" (stage is 0-based;
 * the detail is null without a curriculum).
 */
export function stageIndicator(spec: SpecStages, shownStage: number, stages: number): { count: string; detail: string | null } {
  const curriculum = spec.curriculum;
  const stage = Math.min(shownStage, stages - 1);
  const count = `${stage + 1} / ${stages}`;
  // the run's curriculum is the spec's while it trains; edited after, the names would be another curriculum's
  if (!curriculum || curriculum.stages.length !== stages) return { count, detail: null };
  return { count, detail: `${stageLabel(spec.task, curriculum.stages[stage])} · ${untilText(curriculum.metric, curriculum.thresholds[stage])}` };
}
