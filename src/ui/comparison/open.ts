/**
 * Opens one run of a comparison as the page's experiment: the run's own spec (its condition's, with its seed, stop
 * and cap), its curve, last test summary and checkpoint — through the store's openExperiment, as the experiment
 * list opens a saved experiment, so later changes are saved to that condition's experiment.
 */
import { runSpec } from '../../core/comparison/plan.ts';
import { safeParseSpec } from '../../core/spec/spec.ts';
import { activeAutosave } from '../experiments/autosave.ts';
import { editorFor, shownResults } from '../experiments/startup.ts';
import { restoreEditorValue } from '../persistence.ts';
import { useAppStore } from '../store.ts';
import type { ComparedRun, ComparisonState } from './store.ts';

/** Opens `run`; returns why it cannot be opened, or null. */
export async function openComparedRun(run: ComparedRun, comparison: NonNullable<ComparisonState['comparison']>): Promise<string | null> {
  const autosave = activeAutosave();
  const { experimentId, runId } = run;
  if (!autosave || !experimentId || !runId) return 'this run has not been saved';
  const [record, runs] = await Promise.all([autosave.storage.read((db) => db.getExperiment(experimentId)), autosave.storage.read((db) => db.runsOf(experimentId))]);
  const saved = runs.find((r) => r.id === runId);
  if (!record || !saved) return 'this run is no longer saved (deleted in the experiment list?)';
  const parsed = safeParseSpec(record.spec);
  if (!parsed.ok) return `its experiment's spec cannot be read: ${parsed.error.message}`;
  const spec = { ...runSpec(parsed.spec, run.seed, comparison.settings), name: `${record.name} · seed ${run.seed}` };
  autosave.expectOpen(record, runs.length);
  useAppStore.getState().openExperiment({ spec, editor: editorFor(spec, restoreEditorValue(record.editor)), notice: `Opened ${record.name}, seed ${run.seed}, from the comparison.` });
  useAppStore.setState(shownResults(saved));
  autosave.attach(saved, false);
  return null;
}
