/**
 * Start-up over a fake IndexedDB: the first start saves the default experiment, a later one opens the experiment
 * left open with its latest run (an interrupted one shown at its checkpoint), the localStorage of earlier versions
 * is moved in once, and storage that is missing, silent or full gives the default in memory with one sentence.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrainerState } from '../../core/train/trainer.ts';
import { EDITOR_STORAGE_KEY, SPEC_STORAGE_KEY, type SpecStorage } from '../persistence.ts';
import { initialSpec } from '../store.ts';
import { newExperiment } from './autosave.ts';
import { OPEN_KEY, openIndexedDb } from './db.ts';
import { loadStartup } from './startup.ts';
import { fillable, freshIndexedDb, runRecord, savedSpec } from './testing.ts';

beforeEach(freshIndexedDb);

function legacy(items: Record<string, string>): SpecStorage & { items: Record<string, string> } {
  return { items, getItem: (k) => items[k] ?? null, setItem: (k, v) => void (items[k] = v), removeItem: (k) => void delete items[k] };
}

const start = (options: Partial<Parameters<typeof loadStartup>[0]> = {}) => loadStartup({ legacy: null, onFallback: () => undefined, ...options });

describe('start-up', () => {
  it('saves the default experiment on the first start and opens it again on the next', async () => {
    const first = await start();
    expect(first.state).toMatchObject({ spec: initialSpec(), editor: null, notice: null });
    expect(first.storage.kind).toBe('indexeddb');
    await first.storage.flush();
    const second = await start();
    expect(second.experiment).toEqual(first.experiment);
    expect(second.runs).toEqual([]);
  });

  it('opens the experiment left open, with its latest run shown', async () => {
    const db = await openIndexedDb();
    const open = newExperiment({ spec: savedSpec(4), editor: null });
    await db.putExperiment(open);
    await db.putExperiment({ ...newExperiment({ spec: savedSpec(5), editor: null }), updatedAt: open.updatedAt + 1 });
    await db.setMeta(OPEN_KEY, open.id);
    await db.putRun(runRecord({ id: 'old', experimentId: open.id, startedAt: 1, message: 'old' }));
    await db.putRun(runRecord({ id: 'new', experimentId: open.id, startedAt: 2, message: 'accuracy 0.9 after 16 trials' }));
    const { experiment, runs, interrupted, state } = await start();
    expect(experiment.id).toBe(open.id);
    expect(runs.map((r) => r.id)).toEqual(['old', 'new']);
    expect(interrupted).toBe(false);
    expect(state).toMatchObject({ spec: savedSpec(4), runState: 'done', message: 'accuracy 0.9 after 16 trials', curve: { trials: [8, 16] } });
  });

  it('shows a run a reload interrupted at its checkpoint, to be resumed', async () => {
    const db = await openIndexedDb();
    const open = newExperiment({ spec: savedSpec(4), editor: null });
    await db.putExperiment(open);
    const trainer = { epoch: 2 } as unknown as TrainerState;
    const progress = { iteration: 3, trials: 24, totalTrials: 80, loss: 0.2, accuracy: 0.8, stage: 0, stages: 1, elapsedMs: 5 };
    await db.putRun(
      runRecord({ id: 'r', experimentId: open.id, state: 'running', progress, checkpoint: { trials: 16, file: new Uint8Array(1), downloaded: false, state: trainer } }),
    );
    const { interrupted, state } = await start();
    expect(interrupted).toBe(true);
    expect(state).toMatchObject({ runState: 'stopped', message: null, progress: { trials: 16, iteration: 2 }, checkpoint: { trials: 16, state: trainer } });
  });

  it('moves the spec and editor localStorage held into a saved experiment, once', async () => {
    const editor = { text: 'code', file: 'my.ts', savedText: 'code', open: false };
    const storage = legacy({ [SPEC_STORAGE_KEY]: JSON.stringify(savedSpec(8)), [EDITOR_STORAGE_KEY]: JSON.stringify(editor) });
    const first = await start({ legacy: storage });
    expect(first.state).toMatchObject({ spec: savedSpec(8), editor, notice: null });
    expect(storage.items).toEqual({});
    await first.storage.flush();
    const second = await start({ legacy: storage });
    expect(second.experiment.id).toBe(first.experiment.id);
    expect(await (await openIndexedDb()).listExperiments()).toHaveLength(1);
  });

  it('a stored spec that is refused opens the default, says why, and stays saved as it was', async () => {
    const first = await start({ legacy: legacy({ [SPEC_STORAGE_KEY]: '{not json' }) });
    expect(first.state.spec).toEqual(initialSpec());
    expect(first.state.notice).toMatch(/could not be restored \(it is not JSON: .+\); the page opened with the default spec\./);
    expect(first.experiment.spec).toBe('{not json');
    const stages = JSON.stringify({ version: 1, task: { name: 'PerceptualDiscrimination' }, curriculum: { stages: [], thresholds: [] } });
    const second = await start({ legacy: legacy({ [SPEC_STORAGE_KEY]: stages }) });
    expect(second.state.notice).toMatch(/curriculum\.stages: got \[\]/);
    expect(second.experiment.spec).toMatchObject({ curriculum: { stages: [] } });
  });
});

describe('storage that cannot be used', () => {
  it('missing: the default experiment in memory, said; the legacy spec kept where it is', async () => {
    const storage = legacy({ [SPEC_STORAGE_KEY]: JSON.stringify(savedSpec(2)) });
    const started = await start({ legacy: storage, open: () => Promise.reject(new Error('IndexedDB is not available in this browser')) });
    expect(started.storage.kind).toBe('memory');
    expect(started.storage.status).toBe('memory');
    expect(started.state.spec).toEqual(savedSpec(2));
    expect(started.state.notice).toBe(
      'Saving is off: IndexedDB is not available in this browser. The page keeps working in memory; a reload will lose what changes from now on.',
    );
    expect(Object.keys(storage.items)).toEqual([SPEC_STORAGE_KEY]);
  });

  it('silent: after the timeout, in memory, said', async () => {
    const started = await start({ timeoutMs: 20, open: () => new Promise(() => undefined) });
    expect(started.storage.kind).toBe('memory');
    expect(started.state.notice).toMatch(/^Saving is off: the browser's storage did not answer within 0.02 s\./);
  });

  it('full later on: told once through onFallback, the page goes on in memory', async () => {
    const onFallback = vi.fn();
    const db = fillable(await openIndexedDb());
    const started = await start({ open: async () => db, onFallback });
    await started.storage.flush();
    db.full();
    for (const seed of [1, 2]) started.storage.write('e', (d) => d.putExperiment({ ...started.experiment, spec: savedSpec(seed) }));
    await started.storage.flush();
    started.storage.write('e', (d) => d.putExperiment({ ...started.experiment, spec: savedSpec(3) }));
    await started.storage.flush();
    expect(onFallback).toHaveBeenCalledTimes(1);
    expect(started.storage.kind).toBe('memory');
    expect((await started.storage.read((d) => d.getExperiment(started.experiment.id)))?.spec).toEqual(savedSpec(3));
  });
});
