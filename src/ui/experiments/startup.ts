/**
 * What the page opens with: the experiment it last had open (its spec, its task editor and its latest run's curve,
 * test summary, weights baseline and checkpoint), read from IndexedDB before the first render. The first start
 * after the localStorage era moves the spec and editor kept there into a saved experiment, once. Storage that is
 * missing, refuses, or does not answer within `timeoutMs` gives the default experiment in memory and a sentence
 * saying so; a saved spec that no longer parses gives the default spec and why, and stays saved as it was.
 */
import { isCustomTask } from '../../core/tasks/custom-task.ts';
import type { ExperimentSpec } from '../../core/spec/spec.ts';
import {
  clearLegacyStorage,
  type LegacyStorage,
  readLegacyStorage,
  restoreEditorValue,
  restoreSpecText,
  restoreSpecValue,
  type SpecStorage,
  type StoredEditor,
} from '../persistence.ts';
import { type AppState, initialSpec } from '../store.ts';
import { newExperiment } from './autosave.ts';
import { type ExperimentDb, type ExperimentRecord, memoryStore, OPEN_KEY, openIndexedDb, type RunRecord } from './db.ts';
import { SavedExperiments, type SaveStatus } from './storage.ts';

export const STARTUP_TIMEOUT_MS = 5000;

/** The store's values for a saved experiment's latest run. */
export type ShownResults = Pick<AppState, 'curve' | 'progress' | 'test' | 'weightBaseline' | 'checkpoint' | 'runState' | 'message'>;

export interface Startup {
  storage: SavedExperiments;
  experiment: ExperimentRecord;
  /** its runs, oldest first */
  runs: RunRecord[];
  /** the latest run was training (or paused) when the page was left */
  interrupted: boolean;
  /** the store's values: the spec, the editor, the latest run's results, and what to say about them */
  state: Partial<AppState>;
}

export interface StartupOptions {
  /** localStorage, where the page kept its spec before IndexedDB */
  legacy: SpecStorage | null;
  /** told when storage fails later on (SavedExperiments) */
  onFallback: (why: string) => void;
  onStatus?: (status: SaveStatus) => void;
  timeoutMs?: number;
  /** IndexedDB (tests pass a database that fails, or none) */
  open?: () => Promise<ExperimentDb>;
}

/** The sentence for a page that keeps its experiments in memory, and why. */
export const inMemory = (why: string) =>
  `Saving is off: ${why}. The page keeps working in memory; a reload will lose what changes from now on.`;

export async function loadStartup(options: StartupOptions): Promise<Startup> {
  const { legacy, onFallback, onStatus, timeoutMs = STARTUP_TIMEOUT_MS, open = openIndexedDb } = options;
  const sentences: string[] = [];
  let db: ExperimentDb;
  try {
    db = await withTimeout(open(), timeoutMs, (late) => late.close());
  } catch (error) {
    sentences.push(inMemory(error instanceof TimeoutError ? `the browser's storage did not answer within ${timeoutMs / 1000} s` : (error as Error).message));
    db = memoryStore();
  }
  const storage = new SavedExperiments(db, onFallback, onStatus);
  const migrated = await migrateLegacy(storage, legacy);
  const experiment = migrated ?? (await lastOpen(storage));
  const runs = await storage.read((d) => d.runsOf(experiment.id));
  const restored = restoreSpecValue(experiment.spec, initialSpec);
  if (restored.message) sentences.push(restored.message);
  const latest = runs.at(-1);
  const interrupted = latest?.state === 'running' || latest?.state === 'paused';
  const state: Partial<AppState> = {
    spec: restored.spec,
    editor: editorFor(restored.spec, restoreEditorValue(experiment.editor)),
    notice: sentences.length > 0 ? sentences.join(' ') : null,
    ...(latest ? shownResults(latest) : {}),
  };
  return { storage, experiment, runs, interrupted, state };
}

/**
 * The editor that goes with `spec`: the saved one (open as it was: code that never compiled leaves the spec's task a
 * built-in one); or, for a spec whose task is custom but no editor was saved, its source.
 */
export function editorFor(spec: ExperimentSpec, saved: StoredEditor | null): StoredEditor | null {
  if (!isCustomTask(spec.task)) return saved;
  const { source, file } = spec.task;
  return saved ? { ...saved, open: true } : { text: source, file, savedText: source, open: true };
}

/** A saved run as the page shows it; a run a reload interrupted shows where its checkpoint is (resume.ts goes on). */
export function shownResults(run: RunRecord): ShownResults {
  const { state } = run;
  if (state !== 'running' && state !== 'paused') {
    const { curve, progress, test, baseline, checkpoint, message } = run;
    return { curve, progress, test, weightBaseline: baseline, checkpoint, runState: state, message };
  }
  const at = run.checkpoint;
  const progress = run.progress && at?.state ? { ...run.progress, trials: at.trials, iteration: at.state.epoch } : run.progress;
  const message = at?.state
    ? null
    : `Training was interrupted by a reload before a checkpoint it could go on from was saved; Train starts it again.`;
  return { curve: run.curve, progress, test: run.test, weightBaseline: run.baseline, checkpoint: at, runState: 'stopped', message };
}

/** The localStorage spec and editor as a new saved experiment (then removed from there), or null when none. */
async function migrateLegacy(storage: SavedExperiments, legacyStorage: SpecStorage | null): Promise<ExperimentRecord | null> {
  const legacy = readLegacyStorage(legacyStorage);
  if (!legacy) return null;
  const record = legacyExperiment(legacy);
  await storage.read((db) => db.putExperiment(record));
  await storage.read((db) => db.setMeta(OPEN_KEY, record.id));
  // kept where it was while the page cannot store it elsewhere, so the next start still finds it
  if (storage.kind === 'indexeddb') clearLegacyStorage(legacyStorage);
  return record;
}

/** A spec that parses is saved as the spec; one that does not, as it was (JSON, or the text), to be recovered. */
export function legacyExperiment({ specText, editor }: LegacyStorage): ExperimentRecord {
  const restored = specText === null ? { spec: initialSpec(), message: null } : restoreSpecText(specText, initialSpec);
  let spec: unknown = restored.spec;
  if (restored.message && specText !== null) {
    try {
      spec = JSON.parse(specText);
    } catch {
      spec = specText;
    }
  }
  const record = newExperiment({ spec: restored.spec, editor });
  return { ...record, spec, name: restored.message ? 'Experiment from an earlier visit' : record.name };
}

/** The experiment open when the page was left, else the latest changed, else a new default one. */
async function lastOpen(storage: SavedExperiments): Promise<ExperimentRecord> {
  const id = await storage.read((db) => db.getMeta(OPEN_KEY));
  const open = id === undefined ? undefined : await storage.read((db) => db.getExperiment(id));
  if (open) return open;
  const all = await storage.read((db) => db.listExperiments());
  const latest = all.sort((a, b) => b.updatedAt - a.updatedAt)[0];
  if (latest) return latest;
  const first = newExperiment({ spec: initialSpec(), editor: null });
  storage.write(`experiment:${first.id}`, (db) => db.putExperiment(first));
  return first;
}

class TimeoutError extends Error {}

/** `promise`, or a TimeoutError after `ms`; a value arriving after that is handed to `late`. */
function withTimeout<T>(promise: Promise<T>, ms: number, late: (value: T) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      reject(new TimeoutError());
    }, ms);
    promise.then(
      (value) => (timedOut ? late(value) : (clearTimeout(timer), resolve(value))),
      (error) => (timedOut ? undefined : (clearTimeout(timer), reject(error))),
    );
  });
}
