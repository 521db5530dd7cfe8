import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.ts';
import { type ExperimentSpec, parseSpec, parseSpecText, specToJson } from '../../core/spec/spec.ts';
import { compileTask } from '../../core/tasks/compile.ts';
import { customTaskSettings, isCustomTask } from '../../core/tasks/custom-task.ts';
import { Task } from '../../core/tasks/task.ts';
import { connectivityPainted, curriculumOf, daleOn, holdsNetwork, inhibitionSilenced, modelChanged, trainedTo, trainingFinished, weightsFixed } from './checks.ts';
import { readSavedGuide } from './guide.ts';
import { neighbours, TUTORIALS, tutorialById, tutorialSpec } from './index.ts';
import { NEW_TASK_SOURCE } from './lessons/new-task.ts';
import { isTutorialFragment, readTutorialFragment, tutorialFragment, tutorialUrl } from './link.ts';
import { type GuideState, plainText, textParts } from './tutorial.ts';

/** The page's state right after a tutorial opens: its spec, nothing trained yet. */
const opened = (spec: ExperimentSpec): GuideState => ({ spec, editor: null, progress: null, test: null, checkpoint: null });

describe('the tutorials', () => {
  it('are the nine of the issue, in PsychRNN’s order, with unique link-friendly ids', () => {
    expect(TUTORIALS.map((t) => t.id)).toEqual([
      'hello-world',
      'perceptual-discrimination',
      'biological-constraints',
      'curriculum-learning',
      'saving-loading',
      'simulation-perturbation',
      'new-task',
      'model-options',
      'fixed-points',
    ]);
    expect(new Set(TUTORIALS.map((t) => t.id)).size).toBe(TUTORIALS.length);
    for (const { id } of TUTORIALS) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(TUTORIALS.map((t) => [t.id, t] as const))('%s: its experiment parses and prints back to the same spec', (_id, tutorial) => {
    const spec = tutorialSpec(tutorial);
    expect(parseSpecText(specToJson(spec))).toEqual(spec);
    expect(spec.name).toMatch(new RegExp(`^Tutorial ${TUTORIALS.indexOf(tutorial) + 1} · `));
  });

  it.each(TUTORIALS.map((t) => [t.id, t] as const))('%s: 3 to 6 steps, a title, a one-line summary and a next step', (_id, tutorial) => {
    expect(tutorial.steps.length).toBeGreaterThanOrEqual(3);
    expect(tutorial.steps.length).toBeLessThanOrEqual(6);
    expect(tutorial.title.length).toBeGreaterThan(0);
    expect(tutorial.summary).not.toMatch(/\n/);
    for (const step of [...tutorial.steps, tutorial.next]) {
      expect(plainText(step.text).length).toBeGreaterThan(20);
      // every mark is closed: no stray ** or ` left in the plain parts the page shows
      for (const part of textParts(step.text).filter((p) => p.kind === 'text')) expect(part.text).not.toMatch(/\*\*|`/);
    }
  });

  it('opening one does not share state with the next opening (each gets its own spec object)', () => {
    const tutorial = tutorialById('curriculum-learning')!;
    const first = tutorialSpec(tutorial);
    first.curriculum!.stages.pop();
    expect(tutorialSpec(tutorial).curriculum!.stages).toHaveLength(3);
  });

  it('Previous and Next walk the list, with nothing before the first or after the last', () => {
    expect(neighbours(TUTORIALS[0])).toEqual({ previous: null, next: TUTORIALS[1] });
    expect(neighbours(TUTORIALS[4])).toEqual({ previous: TUTORIALS[3], next: TUTORIALS[5] });
    expect(neighbours(TUTORIALS[8])).toEqual({ previous: TUTORIALS[7], next: null });
  });
});

describe('what each tutorial opens', () => {
  it('hello world is PsychRNN’s minimal example: perceptual discrimination, 50 units, every default', () => {
    const spec = tutorialSpec(tutorialById('hello-world')!);
    expect(spec.task).toMatchObject({ name: 'PerceptualDiscrimination', dt: 10, tau: 100, T: 2000, N_batch: 128 });
    expect(spec.model).toMatchObject({ type: 'basic', N_rec: 50, transfer_function: 'relu' });
    expect(spec.training.training_iters).toBe(50000);
  });

  it('the curriculum tutorial holds three coherence stages, easy to hard, and tests on the hardest', () => {
    const spec = tutorialSpec(tutorialById('curriculum-learning')!);
    expect(spec.curriculum!.stages.map((s) => s.coherence)).toEqual([0.7, 0.4, 0.1]);
    expect(spec.curriculum).toMatchObject({ thresholds: [0.9, 0.9, 0.9], metric: 'accuracy', metric_epoch: 1 });
    expect(spec.task.coherence).toBe(0.1);
  });

  it('the perturbation tutorial has E and I populations to silence', () => {
    expect(tutorialSpec(tutorialById('simulation-perturbation')!).model.constraints.dale_ratio).toBe(0.8);
  });

  it('the new-task tutorial’s code is the template, compiles, and gives the inputs and outputs its spec records', () => {
    const spec = tutorialSpec(tutorialById('new-task')!);
    if (!isCustomTask(spec.task)) throw new Error('the new-task tutorial’s task is not custom');
    const config = spec.task;
    expect(config.source).toBe(NEW_TASK_SOURCE);
    expect(config.source).toContain("from 'cogrnn'");
    const definition = compileTask(config.source, config.file);
    const task = new Task(definition, customTaskSettings(config, definition), new Rng(1), config.file);
    expect([task.N_in, task.N_out]).toEqual([config.N_in, config.N_out]);
  });
});

describe('tutorial links', () => {
  it.each(TUTORIALS.map((t) => [t.id, t] as const))('%s: its link opens it again', (_id, tutorial) => {
    const url = new URL(tutorialUrl(tutorial, 'https://lab.example.org/cogrnn/'));
    expect(url.hash).toBe(tutorialFragment(tutorial));
    expect(isTutorialFragment(url.hash)).toBe(true);
    expect(readTutorialFragment(url.hash)).toEqual({ ok: true, tutorial });
  });

  it('is short enough to write on a board', () => {
    for (const tutorial of TUTORIALS) expect(tutorialFragment(tutorial).length).toBeLessThanOrEqual(40);
  });

  it('is told apart from a share link', () => {
    expect(isTutorialFragment('#x=Q1JOabc')).toBe(false);
    expect(isTutorialFragment('tutorial=hello-world')).toBe(true);
  });

  it('takes an id typed in capitals', () => {
    expect(readTutorialFragment('#tutorial=Hello-World')).toMatchObject({ ok: true, tutorial: { id: 'hello-world' } });
  });

  it('names an unknown id and lists every tutorial there is', () => {
    const read = readTutorialFragment('#tutorial=fixed-point');
    expect(read.ok).toBe(false);
    const message = (read as { message: string }).message;
    expect(message).toMatch(/^There is no tutorial “fixed-point”: a tutorial link ends in #tutorial= and one of /);
    for (const tutorial of TUTORIALS) expect(message).toContain(`“${tutorial.id}”`);
    expect((readTutorialFragment('#tutorial=') as { message: string }).message).toMatch(/^This tutorial link names no tutorial: /);
  });
});

describe('step checks', () => {
  const base = tutorialSpec(tutorialById('hello-world')!);

  it('trainedTo reads the run bar’s accuracy or the last test batch’s', () => {
    const check = trainedTo(0.9);
    expect(check.done(opened(base))).toBe(false);
    expect(check.done({ ...opened(base), progress: { accuracy: 0.89 } as GuideState['progress'] })).toBe(false);
    expect(check.done({ ...opened(base), progress: { accuracy: 0.9 } as GuideState['progress'] })).toBe(true);
    expect(check.done({ ...opened(base), test: { accuracy: 0.93 } as GuideState['test'] })).toBe(true);
  });

  it('trainingFinished ticks once every training trial is done', () => {
    const progress = (trials: number) => ({ trials, totalTrials: 50048 }) as GuideState['progress'];
    expect(trainingFinished.done(opened(base))).toBe(false);
    expect(trainingFinished.done({ ...opened(base), progress: progress(50047) })).toBe(false);
    expect(trainingFinished.done({ ...opened(base), progress: progress(50048) })).toBe(true);
  });

  it('holdsNetwork ticks once a checkpoint is held', () => {
    expect(holdsNetwork.done(opened(base))).toBe(false);
    const checkpoint = { trials: 128, file: new Uint8Array(), downloaded: false, state: null };
    expect(holdsNetwork.done({ ...opened(base), checkpoint })).toBe(true);
  });

  it('the constraint checks follow the painted masks and the Dale ratio', () => {
    const spec = tutorialSpec(tutorialById('biological-constraints')!);
    const N = spec.model.N_rec;
    expect(daleOn.done(opened(spec))).toBe(true);
    expect(daleOn.done(opened(base))).toBe(false);
    expect(connectivityPainted.done(opened(spec))).toBe(false);
    const diagonalForbidden = Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => (i === j ? 0 : 1)));
    const painted = { ...spec, model: { ...spec.model, constraints: { ...spec.model.constraints, rec_connectivity: diagonalForbidden } } };
    expect(connectivityPainted.done(opened(painted))).toBe(true);
    expect(weightsFixed.done(opened(painted))).toBe(false);
    const fixed = { ...painted, model: { ...painted.model, constraints: { ...painted.model.constraints, fixed_weights: { W_rec: diagonalForbidden } } } };
    expect(weightsFixed.done(opened(fixed))).toBe(true);
  });

  it('inhibitionSilenced reads the experiment’s perturbation', () => {
    const spec = tutorialSpec(tutorialById('simulation-perturbation')!);
    expect(inhibitionSilenced.done(opened(spec))).toBe(false);
    const lesioned = parseSpec({ ...structuredClone(tutorialById('simulation-perturbation')!.experiment), perturbation: { silence: 'I' } });
    expect(inhibitionSilenced.done(opened(lesioned))).toBe(true);
    const allSilenced = parseSpec({ ...structuredClone(tutorialById('simulation-perturbation')!.experiment), perturbation: { silence: 'all' } });
    expect(inhibitionSilenced.done(opened(allSilenced))).toBe(false);
  });

  it('curriculumOf and modelChanged read the spec', () => {
    expect(curriculumOf(2).done(opened(tutorialSpec(tutorialById('curriculum-learning')!)))).toBe(true);
    expect(curriculumOf(2).done(opened(base))).toBe(false);
    expect(modelChanged.done(opened(base))).toBe(false);
    expect(modelChanged.done(opened({ ...base, model: { ...base.model, type: 'lstm' } }))).toBe(true);
  });
});

describe('step text', () => {
  it('reads **controls** and `code` and leaves the rest plain', () => {
    expect(textParts('Press **Train**, then set `N_rec` to 10.')).toEqual([
      { kind: 'text', text: 'Press ' },
      { kind: 'control', text: 'Train' },
      { kind: 'text', text: ', then set ' },
      { kind: 'code', text: 'N_rec' },
      { kind: 'text', text: ' to 10.' },
    ]);
    expect(textParts('a ** stray mark')).toEqual([{ kind: 'text', text: 'a ** stray mark' }]);
  });
});

describe('the saved guide', () => {
  it('is read back for a known tutorial only', () => {
    expect(readSavedGuide(JSON.stringify({ tutorialId: 'fixed-points', experimentId: 'e1' }))).toEqual({ tutorialId: 'fixed-points', experimentId: 'e1' });
    expect(readSavedGuide(JSON.stringify({ tutorialId: 'gone', experimentId: 'e1' }))).toBeNull();
    expect(readSavedGuide('null')).toBeNull();
    expect(readSavedGuide('{not json')).toBeNull();
    expect(readSavedGuide(undefined)).toBeNull();
  });
});
