/** The curriculum editor's edits: the presets exactly, add / remove / move, metric changes, stage names, the task filter. */
import { describe, expect, it } from 'vitest';
import { type CurriculumSpec, defaultSpec, type ExperimentSpec, parseSpec, safeParseSpec, type TaskSpec } from '../core/spec/spec.ts';
import {
  addStage,
  carryTaskIntoStages,
  changeMetric,
  curriculumStageNames,
  LAST_STAGE_REFUSAL,
  moveStage,
  presetCurriculum,
  presetOf,
  removeStage,
  stageIndicator,
  stageName,
  stageTaskChoices,
  stageTaskDrafts,
} from './curriculum-edit.ts';

/** The default spec (PerceptualDiscrimination, 2 → 2) with a curriculum, parsed as the page holds it. */
function withCurriculum(curriculum: unknown, task: object = { name: 'PerceptualDiscrimination' }): ExperimentSpec {
  return parseSpec({ version: 1, task, curriculum });
}

const pd = (coherence: number | null, extra: object = {}) => ({ name: 'PerceptualDiscrimination', coherence, ...extra });

describe('presets', () => {
  it("PsychRNN's tutorial: four copies of the task at coherence 0.7, 0.5, 0.3, 0.1, accuracy ≥ 0.9, tested every step", () => {
    const spec = parseSpec({ version: 1, task: { name: 'PerceptualDiscrimination', T: 1000, N_batch: 32, direction: 1 } });
    const curriculum = presetCurriculum('psychrnn-tutorial', spec)!;
    expect(curriculum.stages.map((s) => s.coherence)).toEqual([0.7, 0.5, 0.3, 0.1]);
    expect(curriculum.thresholds).toEqual([0.9, 0.9, 0.9, 0.9]);
    expect(curriculum.metric).toBe('accuracy');
    expect(curriculum.metric_epoch).toBe(1);
    // everything else is the spec's task, so the spec takes it as it is
    for (const stage of curriculum.stages) expect(stage).toEqual({ ...spec.task, coherence: stage.coherence });
    const parsed = safeParseSpec({ ...spec, curriculum });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(presetOf(parsed.spec.curriculum, parsed.spec)).toBe('psychrnn-tutorial');
  });

  it('the tutorial on another task of 2 → 2 channels uses PerceptualDiscrimination with the task timing', () => {
    const spec = parseSpec({ version: 1, task: { name: 'DelayedDiscrimination', dt: 20, tau: 100, N_batch: 16 } });
    const stages = presetCurriculum('psychrnn-tutorial', spec)!.stages;
    expect(stages[0]).toEqual({ name: 'PerceptualDiscrimination', dt: 20, tau: 100, T: spec.task.T, N_batch: 16, coherence: 0.7 });
  });

  it('"No curriculum" is null, and an edited curriculum is no preset', () => {
    const spec = defaultSpec();
    expect(presetCurriculum('none', spec)).toBeNull();
    expect(presetOf(null, spec)).toBe('none');
    const edited = withCurriculum({ stages: [pd(0.7), pd(0.5)], thresholds: [0.9, 0.8] });
    expect(presetOf(edited.curriculum, edited)).toBeNull();
  });
});

describe('stages', () => {
  const spec = withCurriculum({ stages: [pd(0.7), pd(0.5), pd(0.3)], thresholds: [0.9, 0.8, 0.7], metric_epoch: 5 });
  const cur = spec.curriculum as CurriculumSpec;
  const coherences = (c: CurriculumSpec) => c.stages.map((s) => s.coherence);

  it('a new curriculum starts with one copy of the task at 0.9, PsychRNN metric_epoch 10', () => {
    const first = addStage(defaultSpec());
    expect(first).toEqual({ stages: [defaultSpec().task], thresholds: [0.9], metric_epoch: 10, metric: 'accuracy' });
    expect(first.stages[0]).not.toBe(defaultSpec().task);
  });

  it('add copies the last stage and its threshold', () => {
    const added = addStage(spec);
    expect(coherences(added)).toEqual([0.7, 0.5, 0.3, 0.3]);
    expect(added.thresholds).toEqual([0.9, 0.8, 0.7, 0.7]);
    expect(added.stages[3]).not.toBe(added.stages[2]);
    expect(added.metric_epoch).toBe(5);
  });

  it('remove drops the stage with its threshold; the only stage is refused and points to "No curriculum"', () => {
    const removed = removeStage(cur, 1) as CurriculumSpec;
    expect(coherences(removed)).toEqual([0.7, 0.3]);
    expect(removed.thresholds).toEqual([0.9, 0.7]);
    const one = removeStage(removeStage(removed, 0) as CurriculumSpec, 0);
    expect(one).toEqual({ refusal: LAST_STAGE_REFUSAL });
    expect(LAST_STAGE_REFUSAL).toMatch(/No curriculum/);
  });

  it('move swaps a stage with its neighbour, thresholds too, and does nothing past either end', () => {
    const up = moveStage(cur, 2, -1);
    expect(coherences(up)).toEqual([0.7, 0.3, 0.5]);
    expect(up.thresholds).toEqual([0.9, 0.7, 0.8]);
    const down = moveStage(cur, 0, 1);
    expect(coherences(down)).toEqual([0.5, 0.7, 0.3]);
    expect(down.thresholds).toEqual([0.8, 0.9, 0.7]);
    expect(moveStage(cur, 0, -1)).toBe(cur);
    expect(moveStage(cur, 2, 1)).toBe(cur);
  });

  it("a new metric resets every threshold to its default, in the metric's units, and says so", () => {
    const { curriculum, note } = changeMetric(cur, 'iterations');
    expect(curriculum.thresholds).toEqual([500, 500, 500]);
    expect(curriculum.metric).toBe('iterations');
    expect(note).toMatch(/now 500 \(for 500 training steps\)/);
    expect(changeMetric(cur, 'accuracy')).toEqual({ curriculum: cur, note: null });
    expect(safeParseSpec({ ...spec, curriculum }).ok).toBe(true);
  });
});

describe('names', () => {
  it('name the options a stage changes from the task, or the other task', () => {
    const spec = withCurriculum(
      { stages: [pd(0.5), pd(null, { T: 3000 }), pd(null), { name: 'DelayedDiscrimination' }], thresholds: [0.9, 0.9, 0.9, 0.9] },
      pd(null),
    );
    expect(curriculumStageNames(spec)).toEqual([
      'Stage 1 · coherence 0.5',
      'Stage 2 · T 3000 ms',
      'Stage 3 · as the task',
      'Stage 4 · Delayed discrimination',
    ]);
  });

  it('a null option reads as what it means', () => {
    const task = parseSpec({ version: 1, task: pd(0.3) }).task;
    const stage = parseSpec({ version: 1, task: pd(null) }).task;
    expect(stageName(task, stage, 0)).toBe('Stage 1 · coherence random');
  });

  it("the run bar's line: stage, its change and its threshold", () => {
    const spec = withCurriculum({ stages: [pd(0.7), pd(0.5)], thresholds: [0.9, 0.8] });
    expect(stageIndicator(spec, 1, 2)).toEqual({ count: '2 / 2', detail: 'coherence 0.5 · until accuracy ≥ 0.8' });
    const loss = withCurriculum({ stages: [pd(0.7)], thresholds: [0.05], metric: 'loss' });
    expect(stageIndicator(loss, 0, 1).detail).toBe('coherence 0.7 · until loss ≤ 0.05');
    const steps = withCurriculum({ stages: [pd(0.7)], thresholds: [1], metric: 'iterations' });
    expect(stageIndicator(steps, 0, 1).detail).toBe('coherence 0.7 · for 1 training step');
    // no curriculum, or a curriculum edited since the run: the numbers only
    expect(stageIndicator(defaultSpec(), 0, 1)).toEqual({ count: '1 / 1', detail: null });
    expect(stageIndicator(spec, 0, 3)).toEqual({ count: '1 / 3', detail: null });
  });
});

describe("a stage's task", () => {
  it("lists every built-in task with its channels for the task's network, and which fit", () => {
    const choices = stageTaskChoices(defaultSpec().task);
    expect(choices.map((c) => c.name)).toEqual([
      'PerceptualDiscrimination',
      'DelayedDiscrimination',
      'MatchToCategory',
      'DelayMatchSample',
      'ReadySetGo',
      'GoNogo',
      'ContextDecisionMaking',
      'IntervalDiscrimination',
    ]);
    const fitting = choices.filter((c) => c.fits).map((c) => c.name);
    // MatchToCategory's ring takes 2 inputs and 2 categories
    expect(fitting).toEqual(['PerceptualDiscrimination', 'DelayedDiscrimination', 'MatchToCategory', 'DelayMatchSample']);
    expect(choices.find((c) => c.name === 'GoNogo')).toMatchObject({ N_in: 3, N_out: 2, fits: false });
  });

  it('a task of 3 inputs fits the tasks of 3 inputs', () => {
    const task = parseSpec({ version: 1, task: { name: 'GoNogo' } }).task;
    // MatchToCategory's ring can have 3 inputs too
    expect(stageTaskChoices(task).filter((c) => c.fits).map((c) => c.name)).toEqual(['MatchToCategory', 'GoNogo', 'IntervalDiscrimination']);
  });

  it("switching keeps the network's timing; a task whose rules need its own T gets a second draft", () => {
    const timing = { T: 1000, N_batch: 16 };
    const spec = withCurriculum({ stages: [pd(0.7, timing)], thresholds: [0.9] }, { name: 'PerceptualDiscrimination', ...timing });
    const [same, ownT] = stageTaskDrafts(spec, 0, 'MatchToCategory');
    expect(same.curriculum!.stages[0]).toEqual({ name: 'MatchToCategory', dt: 10, tau: 100, T: 1000, N_batch: 16, N_in: 2, N_out: 2 });
    expect(safeParseSpec(same).ok).toBe(false); // MatchToCategory needs T ≥ 2000 ms
    const parsed = safeParseSpec(ownT);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.spec.curriculum!.stages[0]).toMatchObject({ T: 2000, N_batch: 16 });
  });

  it('a task of other channels is refused by the spec, naming the shapes', () => {
    const spec = withCurriculum({ stages: [pd(0.7)], thresholds: [0.9] });
    const [draft] = stageTaskDrafts(spec, 0, 'GoNogo');
    const parsed = safeParseSpec(draft);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toMatch(/curriculum\.stages\[0\]\.N_in: got 3; must equal task\.N_in = 2/);
  });
});

describe("the task panel's timing edits", () => {
  it('carry dt, τ and the batch size into every stage, and T into the stages that shared it', () => {
    const spec = withCurriculum({ stages: [pd(0.7), pd(0.5, { T: 3000 })], thresholds: [0.9, 0.9] });
    const draft = structuredClone(spec);
    const previous: TaskSpec = structuredClone(spec.task);
    Object.assign(draft.task, { dt: 20, tau: 200, T: 1000, N_batch: 8 });
    expect(safeParseSpec(draft).ok).toBe(false); // without carrying, the stages no longer match the network
    carryTaskIntoStages(draft, previous);
    const parsed = safeParseSpec(draft);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.spec.curriculum!.stages.map(({ dt, tau, T, N_batch }) => ({ dt, tau, T, N_batch }))).toEqual([
      { dt: 20, tau: 200, T: 1000, N_batch: 8 },
      { dt: 20, tau: 200, T: 3000, N_batch: 8 },
    ]);
  });

  it('leave a spec without a curriculum alone', () => {
    const draft = defaultSpec();
    carryTaskIntoStages(draft, draft.task);
    expect(draft).toEqual(defaultSpec());
  });
});
