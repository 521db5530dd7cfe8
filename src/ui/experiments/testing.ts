/**
 * For the unit tests of saved experiments: a fresh fake IndexedDB per test (fake-indexeddb), a database whose
 * writes fail as a full disk does, and records to save.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { tinySpec } from '../../core/testing/tiny.ts';
import type { ExperimentDb, RunRecord } from './db.ts';

/** A new, empty IndexedDB for the next `openIndexedDb`. */
export function freshIndexedDb(): void {
  (globalThis as { indexedDB: IDBFactory }).indexedDB = new IDBFactory();
}

export const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

/** `db` whose puts fail with QuotaExceededError once `full()` says so; reads still work, as on a full disk. */
export function fillable(db: ExperimentDb): ExperimentDb & { full: () => void; failedWrites: () => number } {
  let isFull = false;
  let failed = 0;
  const put =
    <T,>(write: (record: T) => Promise<void>) =>
    async (record: T) => {
      if (!isFull) return write(record);
      failed++;
      throw quotaError();
    };
  return {
    ...db,
    putExperiment: put(db.putExperiment),
    putRun: put(db.putRun),
    full: () => void (isFull = true),
    failedWrites: () => failed,
  };
}

export function runRecord(overrides: Partial<RunRecord> & Pick<RunRecord, 'id' | 'experimentId'>): RunRecord {
  return {
    name: 'Run 1',
    startedAt: 1,
    updatedAt: 1,
    state: 'done',
    curve: { trials: [8, 16], loss: [0.5, 0.25], accuracy: [0.5, 0.75], stageChanges: [] },
    progress: null,
    test: null,
    baseline: null,
    checkpoint: { trials: 16, file: new Uint8Array([1, 2, 3]), downloaded: false, state: null },
    message: null,
    ...overrides,
  };
}

export const savedSpec = (seed: number) => tinySpec({ seed });
