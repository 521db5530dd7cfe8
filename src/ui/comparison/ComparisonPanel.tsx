/**
 * "Compare over seeds": the paper's Fig. 5C in one click. Choose what to compare (with vs without the curriculum,
 * Dale vs not, this experiment vs a saved one), K seeds, the accuracy threshold and the trial cap; Run comparison
 * trains them one after another in the comparison worker on the run bar's backend, shows which run trains now, and
 * draws trials to threshold per condition with a Mann–Whitney test. The last comparison comes back after a reload.
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ComparisonKind } from '../../core/comparison/conditions.ts';
import { activeAutosave } from '../experiments/autosave.ts';
import type { ExperimentRecord } from '../experiments/db.ts';
import { useSaveState } from '../experiments/save-state.ts';
import { parseNumberText } from '../number-text.ts';
import { useAppStore } from '../store.ts';
import { ComparisonResults } from './ComparisonResults.tsx';
import { loadComparison } from './persist.ts';
import { cancel, comparisonRefusal, startComparison } from './run.ts';
import { type SettingsText, useComparisonStore } from './store.ts';
import './comparison.css';

const set = useComparisonStore.setState;

const KINDS: { value: ComparisonKind; label: string }[] = [
  { value: 'curriculum', label: 'With vs without the curriculum' },
  { value: 'dale', label: "Dale's rule vs none" },
  { value: 'specs', label: 'This experiment vs a saved one' },
];

/** The comparison saved with the experiment now open, shown when no comparison of it is in the page already. */
function useSavedComparison() {
  const experimentId = useSaveState((s) => s.experimentId);
  useEffect(() => {
    const autosave = activeAutosave();
    const { status, comparison } = useComparisonStore.getState();
    if (!autosave || !experimentId || status === 'running') return;
    if (comparison && (comparison.originId === experimentId || comparison.experimentIds.includes(experimentId))) return;
    let live = true;
    void loadComparison(autosave, experimentId).then((saved) => {
      if (!live || useComparisonStore.getState().status === 'running') return;
      if (!saved) return set({ status: 'idle', message: null, comparison: null });
      const { status: ended, message, finishedAt: _finishedAt, ...kept } = saved;
      set({ status: ended, message, comparison: kept, kind: saved.kind });
    });
    return () => {
      live = false;
    };
  }, [experimentId]);
}

/** The saved experiments other than the open one, re-read when saved records change. */
function useOtherExperiments(): ExperimentRecord[] {
  const revision = useSaveState((s) => s.revision);
  const openId = useSaveState((s) => s.experimentId);
  const [records, setRecords] = useState<ExperimentRecord[]>([]);
  useEffect(() => {
    const autosave = activeAutosave();
    if (!autosave) return;
    let live = true;
    void autosave.storage.read((db) => db.listExperiments()).then((all) => live && setRecords(all.filter((r) => r.id !== openId).sort((a, b) => b.updatedAt - a.updatedAt)));
    return () => {
      live = false;
    };
  }, [revision, openId]);
  return records;
}

function TextField({ field, label, running }: { field: keyof SettingsText; label: string; running: boolean }) {
  const value = useComparisonStore((s) => s.text[field]);
  const parsed = parseNumberText(value, label);
  return (
    <label className="comparison-field">
      {label}
      <input
        data-testid={`sweep-${field}`}
        inputMode="decimal"
        value={value}
        disabled={running}
        aria-invalid={!parsed.ok}
        title={parsed.ok ? undefined : parsed.message}
        onChange={(e) => {
          const text = e.currentTarget.value;
          set((s) => ({ text: { ...s.text, [field]: text } }));
        }}
      />
    </label>
  );
}

function Settings({ running }: { running: boolean }) {
  const { kind, savedId } = useComparisonStore(useShallow((s) => ({ kind: s.kind, savedId: s.savedId })));
  const hasCurriculum = useAppStore((s) => s.spec.curriculum !== null);
  const others = useOtherExperiments();
  return (
    <div className="comparison-settings">
      <label className="comparison-field wide">
        Compare
        <select data-testid="sweep-kind" value={kind} disabled={running} onChange={(e) => set({ kind: e.currentTarget.value as ComparisonKind })}>
          {KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      {kind === 'curriculum' && !hasCurriculum && <p className="hint">This experiment has no curriculum: add stages in the curriculum panel first.</p>}
      {kind === 'specs' && (
        <label className="comparison-field wide">
          Saved experiment
          <select data-testid="sweep-saved" value={savedId ?? ''} disabled={running} onChange={(e) => set({ savedId: e.currentTarget.value || null })}>
            <option value="">Choose one…</option>
            {others.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <TextField field="seeds" label="Seeds per condition" running={running} />
      <TextField field="threshold" label="Threshold (accuracy)" running={running} />
      <TextField field="trialCap" label="Trial cap" running={running} />
    </div>
  );
}

function Controls() {
  const running = useComparisonStore((s) => s.status === 'running');
  // recomputed on every change of the page's state; a string compares by value, so it redraws only when it changes
  const refusal = useAppStore(() => (running ? null : comparisonRefusal()));
  return (
    <div className="buttons">
      <button type="button" className="primary" data-testid="sweep-run" disabled={running || refusal !== null} aria-describedby={refusal ? 'sweep-refused' : undefined} onClick={() => void startComparison()}>
        Run comparison
      </button>
      <button type="button" data-testid="sweep-cancel" disabled={!running} onClick={() => void cancel()}>
        Cancel
      </button>
      {refusal && (
        <p className="train-blocked" id="sweep-refused" data-testid="sweep-refused">
          Not now: {refusal}.
        </p>
      )}
    </div>
  );
}

function Progress() {
  const { live, comparison, message } = useComparisonStore(useShallow((s) => ({ live: s.live, comparison: s.comparison, message: s.message })));
  const run = live && comparison?.runs[live.index];
  return (
    <>
      {run && comparison && live && (
        <p className="status-message" data-testid="sweep-progress">
          Run {live.index + 1} of {comparison.runs.length} · {comparison.labels[run.condition]} · seed {run.seed} · {live.trials.toLocaleString()} /{' '}
          {live.totalTrials.toLocaleString()} trials{Number.isFinite(live.accuracy) ? ` · accuracy ${live.accuracy.toFixed(3)}` : ''}
        </p>
      )}
      {message && (
        <p className="status-message" data-testid="sweep-message">
          {message}
        </p>
      )}
    </>
  );
}

export function ComparisonPanel() {
  useSavedComparison();
  const running = useComparisonStore((s) => s.status === 'running');
  return (
    <section className="card comparison" data-testid="sweep-panel" aria-label="Compare over seeds">
      <h2>Compare over seeds</h2>
      <p className="hint">
        Trains K networks per condition, one after another, each until its accuracy on the full task reaches the threshold (or the cap), and compares
        the trials they needed (the paper's Fig. 5C). Every run is saved as a run of its own experiment.
      </p>
      <Settings running={running} />
      <Controls />
      <Progress />
      <ComparisonResults />
    </section>
  );
}
