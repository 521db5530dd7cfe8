/**
 * Where comparisons are kept: each condition's runs as ordinary saved runs of an experiment of their own
 * ("<name> — no curriculum", runs "Seed 7", …), so the experiment list shows them and opens them like any other,
 * and the comparison itself (its table and summary) as JSON in the `meta` store under `comparison:<experiment id>`,
 * once for the experiment it was run from and once for each condition's, so whichever is open after a reload
 * shows it.
 */
import type { ExperimentSpec } from '../../core/spec/spec.ts';
import type { Autosave } from '../experiments/autosave.ts';
import { type ExperimentRecord, newId, type RunRecord } from '../experiments/db.ts';
import { useSaveState } from '../experiments/save-state.ts';
import type { TaskEditorState } from '../store.ts';
import type { RunFinished } from '../../worker/comparison-protocol.ts';
import type { SavedComparison } from './store.ts';

const metaKey = (experimentId: string) => `comparison:${experimentId}`;

/** A new saved experiment for one condition, named "<name> — <condition>". */
export function saveConditionExperiment(autosave: Autosave, name: string, label: string, spec: ExperimentSpec, editor: TaskEditorState | null): string {
  const now = Date.now();
  const full = `${name} — ${label}`;
  const record: ExperimentRecord = { id: newId(), name: full, spec: { ...spec, name: full }, editor, createdAt: now, updatedAt: now };
  autosave.storage.write(`experiment:${record.id}`, (db) => db.putExperiment(record));
  return record.id;
}

/** Saves a finished run as a run of its condition's experiment ("Seed 7"); returns its id. */
export function saveFinishedRun(autosave: Autosave, experimentId: string, seed: number, finished: RunFinished, startedAt: number): string {
  const { curve, progress, test, baseline, checkpoint, message } = finished;
  const record: RunRecord = {
    id: newId(),
    experimentId,
    name: `Seed ${seed}`,
    startedAt,
    updatedAt: Date.now(),
    state: 'done',
    curve,
    progress,
    test,
    baseline,
    checkpoint: checkpoint && { ...checkpoint, downloaded: false },
    message,
  };
  autosave.storage.write(`run:${record.id}`, (db) => db.putRun(record));
  return record.id;
}

/** Saves the comparison with the experiment it came from and with each condition's; the list reads records again. */
export async function saveComparison(autosave: Autosave, saved: SavedComparison): Promise<void> {
  const text = JSON.stringify(saved);
  const ids = new Set([saved.originId, ...saved.experimentIds.filter((id): id is string => id !== null)]);
  for (const id of ids) autosave.storage.write(`meta:${metaKey(id)}`, (db) => db.setMeta(metaKey(id), text));
  await autosave.storage.flush();
  useSaveState.setState((s) => ({ revision: s.revision + 1 }));
}

/** The comparison saved with `experimentId`, or null (none, or a record this page cannot read). */
export async function loadComparison(autosave: Autosave, experimentId: string): Promise<SavedComparison | null> {
  const text = await autosave.storage.read((db) => db.getMeta(metaKey(experimentId)));
  if (text === undefined) return null;
  try {
    const saved = JSON.parse(text) as SavedComparison;
    return Array.isArray(saved.runs) && Array.isArray(saved.labels) ? saved : null;
  } catch {
    return null;
  }
}
