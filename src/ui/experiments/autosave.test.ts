/**
 * Autosave against the app's store: edits reach the open experiment's record (the latest always), each
 * openExperiment starts a new saved experiment, a run's record follows its curve (every CURVE_SAVE_MS at most),
 * its checkpoints (at once) and its end, and a run a reload interrupted is kept as it was until it is resumed in
 * the same record or left.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrainerState } from '../../core/train/trainer.ts';
import { initialSpec, useAppStore } from '../store.ts';
import { Autosave, CURVE_SAVE_MS, newExperiment } from './autosave.ts';
import { type ExperimentDb, memoryStore, OPEN_KEY } from './db.ts';
import { useSaveState } from './save-state.ts';
import { SavedExperiments } from './storage.ts';
import { runRecord, savedSpec } from './testing.ts';

const pristine = useAppStore.getState();
let db: ExperimentDb;
let autosave: Autosave;

function start(runs = [] as ReturnType<typeof runRecord>[], interrupted = false, experiment = newExperiment(pristine)) {
  db = memoryStore();
  const storage = new SavedExperiments(db, () => undefined);
  autosave = new Autosave(storage, useAppStore, experiment, runs, interrupted);
  return experiment;
}

const points = (trials: number[]) => ({
  trials: Float64Array.from(trials),
  loss: Float32Array.from(trials, () => 0.5),
  accuracy: Float32Array.from(trials, () => 0.5),
});
const progress = (trials: number[]) =>
  useAppStore.getState().apply({
    type: 'progress',
    points: points(trials),
    stageChanges: [],
    iteration: trials.at(-1)! / 8,
    trials: trials.at(-1)!,
    totalTrials: 800,
    loss: 0.5,
    accuracy: 0.5,
    stage: 0,
    stages: 1,
    elapsedMs: 10,
  });
const state = { epoch: 2 } as unknown as TrainerState;
const checkpoint = (trials: number) => useAppStore.getState().apply({ type: 'checkpoint', trials, file: new Uint8Array([trials]), state });
const status = (runState: 'probing' | 'training' | 'done') => useAppStore.getState().apply({ type: 'status', state: runState, backend: 'cpu' });

beforeEach(() => useAppStore.setState(pristine, true));
afterEach(() => {
  autosave.stop();
  vi.useRealTimers();
});

describe('the open experiment', () => {
  it('is saved on every change of the spec or the editor, the latest value landing', async () => {
    const experiment = start();
    const { editSpec } = useAppStore.getState();
    for (const seed of [1, 2, 3]) editSpec((spec) => ({ ...spec, seed }));
    useAppStore.setState({ editor: { text: 'x', file: 'x.ts', savedText: 'x', open: false } });
    await autosave.storage.flush();
    const saved = await db.getExperiment(experiment.id);
    expect((saved?.spec as { seed: number }).seed).toBe(3);
    expect(saved?.editor?.text).toBe('x');
    expect(await db.getMeta(OPEN_KEY)).toBe(experiment.id);
  });

  it('is a new saved experiment after each openExperiment; the one open before stays', async () => {
    const first = start();
    useAppStore.getState().editSpec((spec) => ({ ...spec, seed: 5 }));
    useAppStore.getState().openExperiment({ spec: { ...savedSpec(9), name: 'From a link' }, editor: null });
    await autosave.storage.flush();
    const all = await db.listExperiments();
    expect(all.map((e) => e.name).sort()).toEqual(['From a link', 'Perceptual discrimination (paper Fig. 2)']);
    expect(((await db.getExperiment(first.id))?.spec as { seed: number }).seed).toBe(5);
    expect(autosave.experimentId).not.toBe(first.id);
    expect(await db.getMeta(OPEN_KEY)).toBe(autosave.experimentId);
    expect(useSaveState.getState().experimentId).toBe(autosave.experimentId);
  });
});

describe('a training run', () => {
  it('is saved: its curve within CURVE_SAVE_MS, each checkpoint at once, its end', async () => {
    vi.useFakeTimers();
    // a write starts in a task of its own (storage.ts): under fake timers that task is run by hand
    const settled = async () => {
      // (fake timers run a 0 ms timeout set while they tick 1 ms later)
      await vi.advanceTimersByTimeAsync(1);
      await autosave.storage.flush();
    };
    start();
    status('probing');
    status('training');
    const id = autosave.runId!;
    progress([8, 16]);
    await settled();
    expect((await db.getRun(id))?.curve.trials).toEqual([]); // not yet: within the next CURVE_SAVE_MS
    await vi.advanceTimersByTimeAsync(CURVE_SAVE_MS);
    await settled();
    expect((await db.getRun(id))?.curve.trials).toEqual([8, 16]);

    progress([24]);
    checkpoint(24);
    await settled();
    const saved = await db.getRun(id);
    expect(saved).toMatchObject({ state: 'running', name: 'Run 1', checkpoint: { trials: 24, state } });
    expect(saved?.curve.trials).toEqual([8, 16, 24]);

    status('done');
    await settled();
    expect((await db.getRun(id))?.state).toBe('done');
  });

  it('a new Train leaves the shown run as it was and starts Run 2', async () => {
    const experiment = start();
    status('probing');
    progress([8]);
    status('done');
    const first = autosave.runId!;
    useAppStore.getState().clearResults();
    status('probing');
    await autosave.storage.flush();
    expect(autosave.runId).not.toBe(first);
    const runs = await db.runsOf(experiment.id);
    expect(runs.map((r) => [r.name, r.state, r.curve.trials])).toEqual([
      ['Run 1', 'done', [8]],
      ['Run 2', 'running', []],
    ]);
  });
});

describe('a run a reload interrupted', () => {
  const experiment = newExperiment({ spec: initialSpec(), editor: null });
  const interrupted = runRecord({ id: 'r', experimentId: experiment.id, state: 'running' });

  it('stays saved as it was until it is resumed, then goes on in the same record', async () => {
    start([interrupted], true, experiment);
    await db.putRun(interrupted);
    useAppStore.getState().markDownloaded();
    await autosave.storage.flush();
    expect(await db.getRun('r')).toEqual(interrupted);

    autosave.continueShownRun();
    status('probing');
    await autosave.storage.flush();
    expect(autosave.runId).toBe('r');
    expect((await db.getRun('r'))?.state).toBe('running');
    expect(await db.runsOf(experiment.id)).toHaveLength(1);
  });

  it('is marked stopped when the page moves on without resuming it', async () => {
    start([interrupted], true, experiment);
    await db.putRun(interrupted);
    useAppStore.setState({ runState: 'stopped' });
    useAppStore.getState().clearResults();
    await autosave.storage.flush();
    expect(await db.getRun('r')).toMatchObject({ state: 'stopped', curve: interrupted.curve });
  });
});
