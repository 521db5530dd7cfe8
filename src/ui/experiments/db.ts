/**
 * Where saved experiments live: an IndexedDB database (through idb) with one object store of experiments (the spec
 * and the task editor), one of runs (curve, last test summary, weights baseline, latest checkpoint, each run tied to
 * its experiment by `experimentId`) and a small `meta` store (which experiment was open). The same interface is also
 * kept in memory, for a browser that stores nothing (private mode) or whose storage is full (storage.ts falls back to
 * it). Typed arrays are structured-cloned as they are, so checkpoint files and test summaries need no encoding.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { TrainerState } from '../../core/train/trainer.ts';
import type { Curve } from '../curve.ts';
import type { StoredEditor } from '../persistence.ts';
import type { ProgressUpdate, TestUpdate, WeightBaseline } from '../../worker/protocol.ts';

export const DB_NAME = 'cogrnn';
/** Version 1: experiments, runs (by experiment), meta. */
export const DB_VERSION = 1;

export interface ExperimentRecord {
  id: string;
  name: string;
  /**
   * The spec as saved: an ExperimentSpec, or what a spec that was refused on loading was (an older version, a text
   * that is not JSON), kept as it was until the next edit, so a person can still recover it by hand.
   */
  spec: unknown;
  editor: StoredEditor | null;
  createdAt: number;
  updatedAt: number;
}

/** Where a saved run stood: 'running' and 'paused' at a reload mean it was interrupted (resume.ts offers it). */
export type SavedRunState = 'running' | 'paused' | 'stopped' | 'done' | 'error';

export interface SavedCheckpoint {
  trials: number;
  /** the PsychRNN-compatible .npz with the spec and the initial weights inside */
  file: Uint8Array;
  downloaded: boolean;
  /** the trainer's position (null: these weights cannot be continued exactly) */
  state: TrainerState | null;
}

export interface RunRecord {
  id: string;
  experimentId: string;
  name: string;
  startedAt: number;
  updatedAt: number;
  state: SavedRunState;
  curve: Curve;
  progress: Omit<ProgressUpdate, 'points' | 'stageChanges' | 'type'> | null;
  test: TestUpdate | null;
  baseline: WeightBaseline | null;
  checkpoint: SavedCheckpoint | null;
  /** the status line when the run was last saved ("accuracy … after N trials", why it stopped) */
  message: string | null;
}

interface CogrnnSchema extends DBSchema {
  experiments: { key: string; value: ExperimentRecord };
  runs: { key: string; value: RunRecord; indexes: { experimentId: string } };
  meta: { key: string; value: string };
}

/** The operations the page needs, over IndexedDB or memory. Writes replace whole records. */
export interface ExperimentDb {
  readonly kind: 'indexeddb' | 'memory';
  listExperiments(): Promise<ExperimentRecord[]>;
  getExperiment(id: string): Promise<ExperimentRecord | undefined>;
  putExperiment(record: ExperimentRecord): Promise<void>;
  /** Deletes the experiment and its runs. */
  deleteExperiment(id: string): Promise<void>;
  /** The experiment's runs, oldest first. */
  runsOf(experimentId: string): Promise<RunRecord[]>;
  getRun(id: string): Promise<RunRecord | undefined>;
  putRun(record: RunRecord): Promise<void>;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  close(): void;
}

/** The meta key of the experiment the page last had open. */
export const OPEN_KEY = 'open-experiment';

const byStart = (a: RunRecord, b: RunRecord) => a.startedAt - b.startedAt;

/** Opens (creating or upgrading) the database; rejects where IndexedDB is missing or refuses. */
export async function openIndexedDb(): Promise<ExperimentDb> {
  if (typeof indexedDB === 'undefined' || !indexedDB) throw new Error('IndexedDB is not available in this browser');
  const db = await openDB<CogrnnSchema>(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion) {
      // each version's changes, in order, so a database of any older version is brought up to date
      if (oldVersion < 1) {
        database.createObjectStore('experiments', { keyPath: 'id' });
        database.createObjectStore('runs', { keyPath: 'id' }).createIndex('experimentId', 'experimentId');
        database.createObjectStore('meta');
      }
    },
  });
  return indexedDbStore(db);
}

function indexedDbStore(db: IDBPDatabase<CogrnnSchema>): ExperimentDb {
  return {
    kind: 'indexeddb',
    listExperiments: () => db.getAll('experiments'),
    getExperiment: (id) => db.get('experiments', id),
    putExperiment: async (record) => void (await db.put('experiments', record)),
    async deleteExperiment(id) {
      const tx = db.transaction(['experiments', 'runs'], 'readwrite');
      const runs = tx.objectStore('runs');
      const keys = await runs.index('experimentId').getAllKeys(id);
      await Promise.all([tx.objectStore('experiments').delete(id), ...keys.map((key) => runs.delete(key)), tx.done]);
    },
    runsOf: async (experimentId) => (await db.getAllFromIndex('runs', 'experimentId', experimentId)).sort(byStart),
    getRun: (id) => db.get('runs', id),
    putRun: async (record) => void (await db.put('runs', record)),
    getMeta: (key) => db.get('meta', key),
    setMeta: async (key, value) => void (await db.put('meta', value, key)),
    close: () => db.close(),
  };
}

/** The same operations over Maps: what the page keeps when it cannot store anything. */
export function memoryStore(): ExperimentDb {
  const experiments = new Map<string, ExperimentRecord>();
  const runs = new Map<string, RunRecord>();
  const meta = new Map<string, string>();
  return {
    kind: 'memory',
    listExperiments: async () => [...experiments.values()],
    getExperiment: async (id) => experiments.get(id),
    putExperiment: async (record) => void experiments.set(record.id, record),
    async deleteExperiment(id) {
      experiments.delete(id);
      for (const [key, run] of runs) if (run.experimentId === id) runs.delete(key);
    },
    runsOf: async (experimentId) => [...runs.values()].filter((run) => run.experimentId === experimentId).sort(byStart),
    getRun: async (id) => runs.get(id),
    putRun: async (record) => void runs.set(record.id, record),
    getMeta: async (key) => meta.get(key),
    setMeta: async (key, value) => void meta.set(key, value),
    close: () => undefined,
  };
}

/** Copies what `from` can still read into `to` (a full disk still reads): best effort, what fails is skipped. */
export async function copyAll(from: ExperimentDb, to: ExperimentDb): Promise<void> {
  try {
    for (const experiment of await from.listExperiments()) {
      await to.putExperiment(experiment);
      for (const run of await from.runsOf(experiment.id)) await to.putRun(run);
    }
    const open = await from.getMeta(OPEN_KEY);
    if (open !== undefined) await to.setMeta(OPEN_KEY, open);
  } catch {
    // what could not be read stays where it is; the page goes on with what it holds
  }
}

/** A new record id (random: ids from two tabs never collide). */
export const newId = (): string => crypto.randomUUID();
