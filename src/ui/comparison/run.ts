/**
 * Runs a comparison from the page: the conditions from the open experiment (and a saved one), the runs planned,
 * the worker trains them, each finished run is saved as a run of its condition's experiment at once (a reload or a
 * Cancel loses none), and the summary is recomputed as runs finish and saved with the experiment at the end.
 * Refused, with a reason, while the page trains (and Train is refused while a comparison runs: ../run.ts).
 */
import { type Condition, curriculumConditions, daleConditions, specConditions } from '../../core/comparison/conditions.ts';
import { type ComparisonSettings, planComparison } from '../../core/comparison/plan.ts';
import { summarizeComparison } from '../../core/comparison/summary.ts';
import { activeAutosave, type Autosave } from '../experiments/autosave.ts';
import { useSaveState } from '../experiments/save-state.ts';
import { parseNumberText } from '../number-text.ts';
import { trainRefusal } from '../run.ts';
import { useAppStore } from '../store.ts';
import type { ComparisonUpdate } from '../../worker/comparison-protocol.ts';
import { cancelComparison, runComparison } from './client.ts';
import { saveComparison, saveConditionExperiment, saveFinishedRun } from './persist.ts';
import { type ComparedRun, type ComparisonState, type SavedComparison, useComparisonStore } from './store.ts';

const set = useComparisonStore.setState;
const isRunning = (runState: string) => runState === 'training' || runState === 'paused' || runState === 'probing';

/** Why a comparison cannot start now, or null. */
export function comparisonRefusal(): string | null {
  if (useComparisonStore.getState().status === 'running') return 'a comparison is running already';
  if (isRunning(useAppStore.getState().runState)) return 'the page is training: stop the run (or let it end) before comparing over seeds';
  const refused = trainRefusal();
  if (refused) return refused;
  if (!activeAutosave()) return 'the saved experiments are still being read; try again in a moment';
  return null;
}

/** The settings from the fields' text; throws an Error naming each field that is not a number. */
export function settingsFromText(text: ComparisonState['text'], baseSeed: number): ComparisonSettings {
  const fields = [parseNumberText(text.seeds, 'Seeds per condition'), parseNumberText(text.threshold, 'Threshold'), parseNumberText(text.trialCap, 'Trial cap')];
  const problems = fields.flatMap((f) => (f.ok ? [] : [f.message]));
  if (problems.length > 0) throw new Error(problems.join('; '));
  const [seeds, threshold, trialCap] = fields.map((f) => (f.ok ? (f.value as number) : NaN));
  return { seeds, baseSeed, threshold, trialCap };
}

/** The conditions of the chosen kind, from the open experiment (and the saved one it is compared with). */
async function conditionsOf(state: ComparisonState, autosave: Autosave): Promise<Condition[]> {
  const { spec } = useAppStore.getState();
  if (state.kind === 'curriculum') return curriculumConditions(spec);
  if (state.kind === 'dale') return daleConditions(spec);
  if (!state.savedId) throw new Error('choose the saved experiment to compare this one with');
  const id = state.savedId;
  const record = await autosave.storage.read((db) => db.getExperiment(id));
  if (!record) throw new Error('the saved experiment chosen is no longer saved (deleted in another tab?)');
  return specConditions([
    { label: 'this experiment', spec },
    { label: record.name, spec: record.spec },
  ]);
}

export async function startComparison(): Promise<void> {
  const refused = comparisonRefusal();
  const autosave = activeAutosave();
  if (refused || !autosave) return void set({ message: `Cannot compare now: ${refused}.` });
  const state = useComparisonStore.getState();
  const { spec, editor, backendChoice } = useAppStore.getState();
  let conditions: Condition[];
  let settings: ComparisonSettings;
  let planned: ReturnType<typeof planComparison>;
  try {
    conditions = await conditionsOf(state, autosave);
    settings = settingsFromText(state.text, spec.seed);
    planned = planComparison(conditions, settings);
  } catch (error) {
    return void set({ message: `Cannot compare: ${(error as Error).message}.` });
  }
  const originId = useSaveState.getState().experimentId ?? '';
  const labels = conditions.map((c) => c.label);
  const runs: ComparedRun[] = planned.map((r) => ({ index: r.index, condition: r.condition, seed: r.seed, state: 'pending', trials: null, censored: false, experimentId: null, runId: null, message: null }));
  set({ status: 'running', message: null, live: null, comparison: { kind: state.kind, settings, originId, labels, experimentIds: labels.map(() => null), runs, summary: null } });
  const started = new Map<number, number>();
  const name = spec.name ?? 'Untitled experiment';
  const onUpdate = (update: ComparisonUpdate) => apply(update, { autosave, conditions, started, name, editor });
  await runComparison({ runs: planned, backend: backendChoice === 'auto' ? null : backendChoice, threshold: settings.threshold, trialCap: settings.trialCap }, onUpdate).catch(
    (error: Error) => finish(autosave, 'error', `The comparison stopped: ${error.message}. The runs finished before it are kept.`),
  );
}

interface Context {
  autosave: Autosave;
  conditions: Condition[];
  started: Map<number, number>;
  name: string;
  editor: ReturnType<typeof useAppStore.getState>['editor'];
}

/** One worker update into the store (and, for a finished run, into the saved experiments). */
function apply(update: ComparisonUpdate, ctx: Context): void {
  const comparison = useComparisonStore.getState().comparison;
  if (!comparison || useComparisonStore.getState().status !== 'running') return;
  const patch = (index: number, change: Partial<ComparedRun>) => comparison.runs.map((r) => (r.index === index ? { ...r, ...change } : r));
  switch (update.type) {
    case 'run-started':
      ctx.started.set(update.index, Date.now());
      set({ comparison: { ...comparison, runs: patch(update.index, { state: 'training' }) }, live: { index: update.index, trials: 0, totalTrials: comparison.settings.trialCap, accuracy: NaN } });
      break;
    case 'run-progress':
      set({ live: { index: update.index, trials: update.trials, totalTrials: update.totalTrials, accuracy: update.accuracy } });
      break;
    case 'run-finished': {
      const run = comparison.runs[update.index];
      const c = run.condition;
      const experimentIds = [...comparison.experimentIds];
      experimentIds[c] ??= saveConditionExperiment(ctx.autosave, ctx.name, comparison.labels[c], ctx.conditions[c].spec, ctx.editor);
      const runId = saveFinishedRun(ctx.autosave, experimentIds[c] as string, run.seed, update, ctx.started.get(update.index) ?? Date.now());
      const runs = patch(update.index, { state: 'finished', trials: update.result.trials, censored: update.result.censored, experimentId: experimentIds[c], runId, message: update.message });
      set({ comparison: { ...comparison, experimentIds, runs, summary: summaryOf(comparison.labels, runs) }, live: null });
      void ctx.autosave.storage.flush().then(() => useSaveState.setState((s) => ({ revision: s.revision + 1 })));
      break;
    }
    case 'run-failed':
      set({ comparison: { ...comparison, runs: patch(update.index, { state: 'failed', message: update.message }) }, live: null });
      break;
    case 'comparison-ended':
      void finish(ctx.autosave, update.state, update.message);
      break;
  }
}

const summaryOf = (labels: string[], runs: ComparedRun[]) =>
  summarizeComparison(
    labels,
    runs.flatMap((r) => (r.state === 'finished' && r.trials !== null ? [{ condition: r.condition, seed: r.seed, trials: r.trials, censored: r.censored }] : [])),
  );

/** Ends the comparison: the runs never started go back to pending, and the result is saved with the experiments. */
async function finish(autosave: Autosave, status: SavedComparison['status'], message: string): Promise<void> {
  const comparison = useComparisonStore.getState().comparison;
  if (!comparison || useComparisonStore.getState().status !== 'running') return;
  const runs = comparison.runs.map((r) => (r.state === 'training' ? { ...r, state: 'pending' as const } : r));
  const ended = { ...comparison, runs, summary: summaryOf(comparison.labels, runs) };
  set({ status, message, live: null, comparison: ended });
  await saveComparison(autosave, { ...ended, status, message, finishedAt: Date.now() });
}

/** Cancel: the run under way stops after its current step; finished runs stay saved. */
export async function cancel(): Promise<void> {
  if ((await cancelComparison()) === 'restarted') {
    const autosave = activeAutosave();
    if (autosave) await finish(autosave, 'cancelled', 'Cancelled: the comparison worker did not answer in time and was ended; the runs finished before it are kept.');
  }
}
