/**
 * The saved experiments in the toolbar: the save-status line (saving, saved, or kept in memory only), the
 * Experiments button that opens the list (a modal dialog: ExperimentList), and the bar that offers to resume a run
 * a reload interrupted, from its checkpoint.
 */
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../store.ts';
import { activeAutosave } from './autosave.ts';
import { ExperimentList } from './ExperimentList.tsx';
import { resumeInterrupted, resumeRefusal } from './resume.ts';
import { useSaveState } from './save-state.ts';
import './experiments.css';

const STATUS_WORDS = {
  saving: 'Saving…',
  saved: 'Saved in this browser',
  memory: 'Not saved: kept in memory only',
} as const;

function SaveStatusLine() {
  const status = useSaveState((s) => s.status);
  return (
    <span className={`save-status save-${status}`} data-testid="save-status" data-state={status} role="status" aria-live="polite">
      {STATUS_WORDS[status]}
    </span>
  );
}

/** "Training was interrupted at N trials. Resume from the checkpoint", while that run is shown and not going on. */
function ResumeBar() {
  const interrupted = useSaveState((s) => s.interrupted);
  // resumeRefusal reads the store itself: run again on each change, the sentence (a string) changes the bar
  const refusal = useAppStore(() => resumeRefusal());
  if (!interrupted) return null;
  return (
    <p className="resume-bar" role="status" data-testid="resume-bar">
      Training was interrupted at {interrupted.trials.toLocaleString()} trials.{' '}
      <button type="button" className="primary" data-testid="resume-button" disabled={refusal !== null} title={refusal ?? undefined} onClick={resumeInterrupted}>
        Resume from the checkpoint
      </button>
      {refusal && <small> ({refusal})</small>}
    </p>
  );
}

function ListDialog({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const autosave = activeAutosave();
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="experiment-dialog modal" data-testid="experiment-list" aria-labelledby="experiment-list-title" onClose={onClose}>
      <div className="experiment-dialog-head">
        <h2 id="experiment-list-title">Saved experiments</h2>
        <button type="button" data-testid="experiment-list-close" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      {autosave ? <ExperimentList autosave={autosave} /> : <p>The saved experiments are still being read.</p>}
    </dialog>
  );
}

export function ExperimentsControls() {
  const [open, setOpen] = useState(false);
  return (
    <div className="experiments-controls">
      <button type="button" data-testid="experiments-button" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Experiments…
      </button>
      <SaveStatusLine />
      {open && <ListDialog onClose={() => setOpen(false)} />}
      <ResumeBar />
    </div>
  );
}
