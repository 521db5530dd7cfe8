/**
 * What the experiment list does with saved records: read them with their runs' summaries, open one (through the
 * store's openExperiment, then its latest run's results), rename, duplicate and delete. The open experiment's name
 * is its spec's name, so renaming it goes through the spec (downloads are named after it too).
 */
import { restoreEditorValue, restoreSpecValue } from '../persistence.ts';
import { initialSpec, useAppStore } from '../store.ts';
import type { Autosave } from './autosave.ts';
import { newId, type ExperimentRecord, type RunRecord } from './db.ts';
import { useSaveState } from './save-state.ts';
import { editorFor, shownResults } from './startup.ts';

export interface RunSummary {
  id: string;
  name: string;
  startedAt: number;
  state: RunRecord['state'];
  trials: number;
  /** the accuracy of the last test batch (or, before one, of the latest training batch); null before either */
  accuracy: number | null;
  curve: RunRecord['curve'];
}

export interface ListedExperiment {
  record: ExperimentRecord;
  runs: RunSummary[];
}

export function summarize(run: RunRecord): RunSummary {
  const trials = Math.max(run.progress?.trials ?? 0, run.checkpoint?.trials ?? 0, run.curve.trials.at(-1) ?? 0);
  const accuracy = run.test?.accuracy ?? run.curve.accuracy.at(-1) ?? null;
  return { id: run.id, name: run.name, startedAt: run.startedAt, state: run.state, trials, accuracy, curve: run.curve };
}

/** Every saved experiment, the latest changed first, each with its runs (oldest first). */
export async function listExperiments(autosave: Autosave): Promise<ListedExperiment[]> {
  const { storage } = autosave;
  const records = await storage.read((db) => db.listExperiments());
  records.sort((a, b) => b.updatedAt - a.updatedAt);
  return Promise.all(records.map(async (record) => ({ record, runs: (await storage.read((db) => db.runsOf(record.id))).map(summarize) })));
}

/** Opens a saved experiment: its spec and editor replace the page's, then its latest run's results are shown. */
export async function openSaved(autosave: Autosave, id: string): Promise<string | null> {
  const record = await autosave.storage.read((db) => db.getExperiment(id));
  if (!record) return 'this experiment is no longer saved (deleted in another tab?)';
  const runs = await autosave.storage.read((db) => db.runsOf(id));
  const restored = restoreSpecValue(record.spec, initialSpec);
  autosave.expectOpen(record, runs.length);
  const { openExperiment } = useAppStore.getState();
  openExperiment({ spec: restored.spec, editor: editorFor(restored.spec, restoreEditorValue(record.editor)), notice: restored.message });
  const latest = runs.at(-1);
  if (latest) {
    useAppStore.setState(shownResults(latest));
    autosave.attach(latest, latest.state === 'running' || latest.state === 'paused');
  }
  return null;
}

/** Renames an experiment: the open one through its spec (autosave saves it), another in its record. */
export async function renameExperiment(autosave: Autosave, id: string, name: string): Promise<string | null> {
  const trimmed = name.trim();
  if (trimmed === '') return 'a name cannot be empty';
  if (id === useSaveState.getState().experimentId) return useAppStore.getState().editSpec((spec) => ({ ...spec, name: trimmed }));
  const record = await autosave.storage.read((db) => db.getExperiment(id));
  if (!record) return 'this experiment is no longer saved';
  const spec = isObject(record.spec) ? { ...record.spec, name: trimmed } : record.spec;
  const renamed = { ...record, name: trimmed, spec, updatedAt: Date.now() };
  autosave.storage.write(`experiment:${id}`, (db) => db.putExperiment(renamed));
  await autosave.storage.flush();
  return null;
}

/** A new saved experiment with the same spec and task code (no runs), named "… (copy)". */
export async function duplicateExperiment(autosave: Autosave, id: string): Promise<string | null> {
  const record = await autosave.storage.read((db) => db.getExperiment(id));
  if (!record) return 'this experiment is no longer saved';
  const name = `${record.name} (copy)`;
  const spec = isObject(record.spec) ? { ...record.spec, name } : record.spec;
  const now = Date.now();
  const copy: ExperimentRecord = { ...record, id: newId(), name, spec, createdAt: now, updatedAt: now };
  autosave.storage.write(`experiment:${copy.id}`, (db) => db.putExperiment(copy));
  await autosave.storage.flush();
  return null;
}

/** Deletes a saved experiment and its runs; the open one cannot be (open another first). */
export async function deleteExperiment(autosave: Autosave, id: string): Promise<string | null> {
  if (id === useSaveState.getState().experimentId) return 'the open experiment cannot be deleted: open another one first';
  await autosave.storage.read((db) => db.deleteExperiment(id));
  return null;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
