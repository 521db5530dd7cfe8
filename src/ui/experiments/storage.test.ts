/**
 * Saved experiments over a fake IndexedDB: records and typed arrays come back as saved, deleting an experiment
 * deletes its runs, writes to one record are coalesced and the latest always lands, and a full disk falls back to
 * memory once, said once, with nothing lost and no exception.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { newExperiment } from './autosave.ts';
import { type ExperimentDb, OPEN_KEY, openIndexedDb } from './db.ts';
import { SavedExperiments, storageProblem } from './storage.ts';
import { fillable, freshIndexedDb, quotaError, runRecord, savedSpec } from './testing.ts';

beforeEach(freshIndexedDb);

describe('the database', () => {
  it('keeps experiments, runs (with their typed arrays) and the open experiment across connections', async () => {
    const db = await openIndexedDb();
    const experiment = newExperiment({ spec: savedSpec(3), editor: null });
    const run = runRecord({ id: 'r1', experimentId: experiment.id, startedAt: 2 });
    const earlier = runRecord({ id: 'r0', experimentId: experiment.id, startedAt: 1 });
    const other = runRecord({ id: 'x', experimentId: 'other' });
    await db.putExperiment(experiment);
    for (const r of [run, earlier, other]) await db.putRun(r);
    await db.setMeta(OPEN_KEY, experiment.id);
    db.close();

    const again = await openIndexedDb();
    expect(await again.getExperiment(experiment.id)).toEqual(experiment);
    const runs = await again.runsOf(experiment.id);
    expect(runs.map((r) => r.id)).toEqual(['r0', 'r1']);
    expect(runs[1].checkpoint?.file).toBeInstanceOf(Uint8Array);
    expect(Array.from(runs[1].checkpoint!.file)).toEqual([1, 2, 3]);
    expect(await again.getMeta(OPEN_KEY)).toBe(experiment.id);

    await again.deleteExperiment(experiment.id);
    expect(await again.listExperiments()).toEqual([]);
    expect(await again.runsOf(experiment.id)).toEqual([]);
    expect(await again.getRun('x')).toEqual(other);
  });

  it('is refused, with a reason, where the browser has no IndexedDB', async () => {
    const scope = globalThis as { indexedDB?: unknown };
    const saved = scope.indexedDB;
    scope.indexedDB = undefined;
    try {
      await expect(openIndexedDb()).rejects.toThrow('IndexedDB is not available in this browser');
    } finally {
      scope.indexedDB = saved;
    }
  });
});

describe('writes', () => {
  it('coalesce per record: writes queued in one task are one write, of the newest', async () => {
    const db = await openIndexedDb();
    const puts: string[] = [];
    const counting: ExperimentDb = { ...db, putExperiment: (r) => (puts.push(r.name), db.putExperiment(r)) };
    const statuses: string[] = [];
    const storage = new SavedExperiments(counting, () => undefined, (s) => statuses.push(s));
    const record = newExperiment({ spec: savedSpec(1), editor: null });
    for (const name of ['a', 'b', 'c', 'd']) storage.write(`experiment:${record.id}`, (d) => d.putExperiment({ ...record, name }));
    expect(storage.status).toBe('saving');
    await storage.flush();
    expect(puts).toEqual(['d']);
    expect((await db.getExperiment(record.id))?.name).toBe('d');
    expect(statuses).toEqual(['saving', 'saved']);
    expect(storage.status).toBe('saved');
  });

  it('a page being left starts the writes it queued at once, not at their timeout', async () => {
    const db = await openIndexedDb();
    const puts: string[] = [];
    const counting: ExperimentDb = { ...db, putExperiment: (r) => (puts.push(r.name), db.putExperiment(r)) };
    const storage = new SavedExperiments(counting, () => undefined);
    const record = newExperiment({ spec: savedSpec(1), editor: null });
    storage.write(`experiment:${record.id}`, (d) => d.putExperiment({ ...record, name: 'left' }));
    expect(puts).toEqual([]); // queued: it starts in a task of its own
    storage.startQueued();
    expect(puts).toEqual(['left']);
    await storage.flush();
    expect(puts).toEqual(['left']); // and its timeout does not write it again
    expect((await db.getExperiment(record.id))?.name).toBe('left');
  });

  it('coalesce per record: while one is in flight only the newest waiting one is written, and it lands', async () => {
    const db = await openIndexedDb();
    const puts: string[] = [];
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const counting: ExperimentDb = { ...db, putExperiment: async (r) => (puts.push(r.name), r.name === 'a' && (await held), db.putExperiment(r)) };
    const storage = new SavedExperiments(counting, () => undefined);
    const record = newExperiment({ spec: savedSpec(1), editor: null });
    storage.write(`experiment:${record.id}`, (d) => d.putExperiment({ ...record, name: 'a' }));
    await vi.waitFor(() => expect(puts).toEqual(['a']));
    // 'a' is in flight: b and c wait, and only c, the newest, is written after it
    for (const name of ['b', 'c']) storage.write(`experiment:${record.id}`, (d) => d.putExperiment({ ...record, name }));
    release();
    await storage.flush();
    expect(puts).toEqual(['a', 'c']);
    expect((await db.getExperiment(record.id))?.name).toBe('c');
  });
});

describe('a full disk', () => {
  it('falls back to memory once: said once, what was saved is still there, later writes land in memory', async () => {
    const db = fillable(await openIndexedDb());
    const told = vi.fn();
    const storage = new SavedExperiments(db, told);
    const experiment = newExperiment({ spec: savedSpec(1), editor: null });
    storage.write('e', (d) => d.putExperiment(experiment));
    await storage.flush();

    db.full();
    const run = runRecord({ id: 'r', experimentId: experiment.id });
    storage.write('r', (d) => d.putRun(run));
    storage.write('e2', (d) => d.putExperiment({ ...experiment, id: 'e2' }));
    await storage.flush();
    storage.write('r', (d) => d.putRun({ ...run, state: 'stopped' }));
    await storage.flush();

    expect(told).toHaveBeenCalledTimes(1);
    expect(told.mock.calls[0][0]).toMatch(/^the browser's storage for this page is full \(The quota has been exceeded\.\)$/);
    expect(storage.kind).toBe('memory');
    expect(storage.status).toBe('memory');
    expect(await storage.read((d) => d.getExperiment(experiment.id))).toEqual(experiment);
    expect(await storage.read((d) => d.getExperiment('e2'))).toBeDefined();
    expect((await storage.read((d) => d.getRun('r')))?.state).toBe('stopped');
    expect(db.failedWrites()).toBeGreaterThanOrEqual(1);
  });

  it('names other failures by their own message', () => {
    expect(storageProblem(quotaError())).toMatch(/is full/);
    expect(storageProblem(new DOMException('gone', 'InvalidStateError'))).toBe('the browser refused to store it (InvalidStateError: gone)');
  });
});
