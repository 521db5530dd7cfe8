/**
 * The saved experiments, the latest changed first, each with its runs (trials, final accuracy, date): open, rename
 * (an inline text field), duplicate, delete (after asking), and Compare two runs picked by their boxes. The list is
 * read again whenever saved records change (save-state.ts's revision).
 */
import { useEffect, useMemo, useState } from 'react';
import { useAppStore } from '../store.ts';
import type { Autosave } from './autosave.ts';
import { type ComparedRun, CompareRuns } from './CompareRuns.tsx';
import { deleteExperiment, duplicateExperiment, type ListedExperiment, listExperiments, openSaved, renameExperiment, type RunSummary } from './list.ts';
import { useSaveState } from './save-state.ts';

const date = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const STATE_WORDS: Record<RunSummary['state'], string> = {
  running: 'interrupted',
  paused: 'interrupted',
  stopped: 'stopped',
  done: 'done',
  error: 'failed',
};

/** The saved experiments as last read, re-read when records change; null while the first read is under way. */
function useListed(autosave: Autosave): [ListedExperiment[] | null, string | null] {
  const revision = useSaveState((s) => s.revision);
  const [listed, setListed] = useState<ListedExperiment[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    listExperiments(autosave).then(
      (result) => live && (setListed(result), setFailure(null)),
      (error: Error) => live && setFailure(`The saved experiments could not be read: ${error.message}`),
    );
    return () => {
      live = false;
    };
  }, [autosave, revision]);
  return [listed, failure];
}

/** A name as text, or while renaming an inline field: Enter or leaving it keeps the name, Escape cancels. */
function NameField({ name, onRename }: { name: string; onRename: (name: string | null) => void }) {
  const [text, setText] = useState(name);
  return (
    <input
      className="experiment-rename"
      data-testid="rename-field"
      aria-label="New name of the experiment"
      value={text}
      autoFocus
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={() => onRename(text)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onRename(text);
        if (e.key === 'Escape') {
          e.preventDefault(); // Escape would close the dialog too
          onRename(null);
        }
      }}
    />
  );
}

interface RowProps {
  listed: ListedExperiment;
  isOpen: boolean;
  locked: boolean;
  picked: string[];
  onPick: (runId: string, on: boolean) => void;
  act: (action: () => Promise<string | null>) => void;
  autosave: Autosave;
}

function ExperimentRow({ listed: { record, runs }, isOpen, locked, picked, onPick, act, autosave }: RowProps) {
  const [renaming, setRenaming] = useState(false);
  const rename = (name: string | null) => {
    setRenaming(false);
    if (name !== null && name.trim() !== record.name) act(() => renameExperiment(autosave, record.id, name));
  };
  const remove = () => {
    const runsSaid = runs.length === 1 ? ' and its run' : runs.length > 1 ? ` and its ${runs.length} runs` : '';
    if (window.confirm(`Delete “${record.name}”${runsSaid}? This cannot be undone.`)) act(() => deleteExperiment(autosave, record.id));
  };
  return (
    <li className="saved-experiment" data-testid="saved-experiment" data-open={isOpen}>
      <div className="experiment-head">
        {renaming ? <NameField name={record.name} onRename={rename} /> : <strong data-testid="experiment-name">{record.name}</strong>}
        {isOpen && <span className="experiment-badge">open</span>}
        <small>changed {date(record.updatedAt)}</small>
        <span className="experiment-actions">
          <button type="button" data-testid="experiment-open" disabled={isOpen || locked} title={locked ? 'Stop the run first' : undefined} onClick={() => act(() => openSaved(autosave, record.id))}>
            Open
          </button>
          <button type="button" data-testid="experiment-rename" onClick={() => setRenaming(true)}>
            Rename
          </button>
          <button type="button" data-testid="experiment-duplicate" title="A new experiment with the same spec and task code (no runs)" onClick={() => act(() => duplicateExperiment(autosave, record.id))}>
            Duplicate
          </button>
          <button type="button" data-testid="experiment-delete" disabled={isOpen} title={isOpen ? 'Open another experiment first' : undefined} onClick={remove}>
            Delete
          </button>
        </span>
      </div>
      {runs.length === 0 ? (
        <p className="experiment-no-runs">No runs yet.</p>
      ) : (
        <table className="experiment-runs">
          <thead>
            <tr>
              <th scope="col">Compare</th>
              <th scope="col">Run</th>
              <th scope="col">Trials</th>
              <th scope="col" title="The accuracy of the latest test batch of the run">Accuracy (last test)</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} data-testid="saved-run" data-run={run.id}>
                <td>
                  <input
                    type="checkbox"
                    data-testid="compare-run"
                    aria-label={`Compare ${record.name}, ${run.name}`}
                    checked={picked.includes(run.id)}
                    disabled={run.curve.trials.length === 0}
                    onChange={(e) => onPick(run.id, e.currentTarget.checked)}
                  />
                </td>
                <td>
                  {run.name} <small>({STATE_WORDS[run.state]})</small>
                </td>
                <td data-testid="run-trials">{run.trials.toLocaleString()}</td>
                <td data-testid="run-accuracy">{run.accuracy === null || !Number.isFinite(run.accuracy) ? '—' : run.accuracy.toFixed(3)}</td>
                <td>{date(run.startedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}

export function ExperimentList({ autosave }: { autosave: Autosave }) {
  const [listed, failure] = useListed(autosave);
  const openId = useSaveState((s) => s.experimentId);
  const memory = useSaveState((s) => s.status === 'memory');
  const locked = useAppStore((s) => s.runState === 'training' || s.runState === 'paused' || s.runState === 'probing');
  const [picked, setPicked] = useState<string[]>([]);
  const [said, setSaid] = useState<string | null>(null);
  const act = (action: () => Promise<string | null>) =>
    void action().then(
      (refused) => {
        setSaid(refused && `${refused[0].toUpperCase()}${refused.slice(1)}.`);
        useSaveState.setState((s) => ({ revision: s.revision + 1 })); // read the list again
      },
      (error: Error) => setSaid(`That did not work: ${error.message}.`),
    );
  // two at most: a third box picked replaces the earliest
  const pick = (runId: string, on: boolean) => setPicked((p) => (on ? [...p.filter((id) => id !== runId), runId].slice(-2) : p.filter((id) => id !== runId)));
  const compared = useMemo<ComparedRun[]>(
    () =>
      picked.flatMap((id) => {
        for (const { record, runs } of listed ?? []) {
          const run = runs.find((r) => r.id === id);
          if (run) return [{ label: `${record.name} · ${run.name}`, run }];
        }
        return [];
      }),
    [picked, listed],
  );
  return (
    <>
      {memory && <p className="experiment-memory">Storage is unavailable: these experiments are kept in memory and a reload loses them.</p>}
      {(failure ?? said) && (
        <p className="error-banner" role="alert" data-testid="experiment-list-said">
          {failure ?? said}
        </p>
      )}
      {listed === null ? (
        <p role="status">Reading the saved experiments…</p>
      ) : (
        <ul className="saved-experiments">
          {listed.map((entry) => (
            <ExperimentRow key={entry.record.id} listed={entry} isOpen={entry.record.id === openId} locked={locked} picked={picked} onPick={pick} act={act} autosave={autosave} />
          ))}
        </ul>
      )}
      <CompareRuns runs={compared} />
    </>
  );
}
