/**
 * The person's task code: the editor (CodeMirror, loaded only when this panel first opens, so the first paint
 * stays light), Save .ts file, the status line — `ok`, or the first error with file:line:column — and a few trials
 * the task worker generated from the code, redrawn whenever it compiles. Code from a link that has not been allowed to
 * run (share/consent.ts) is shown read-only under a bar that reopens the consent dialog, with no status or preview.
 */
import { lazy, Suspense } from 'react';
import { Guard } from '../Guard.tsx';
import { ConsentBar } from '../share/ConsentBar.tsx';
import { useAppStore } from '../store.ts';
import { previewAgain, saveTaskFile, statusText } from '../task-code.ts';
import { TaskPreview } from '../TaskPreview.tsx';

const TaskEditor = lazy(() => import('../editor/TaskEditor.tsx'));

function CompileStatus() {
  const check = useAppStore((s) => s.codeCheck);
  const file = useAppStore((s) => s.editor?.file ?? 'task.ts');
  const awaiting = useAppStore((s) => s.editor?.awaitingConsent === true);
  if (awaiting) {
    return (
      <p className="compile-status compile-pending" data-testid="compile-status" data-state="awaiting-consent" aria-busy={false} role="status">
        not run: this code came from a link and runs only once you allow it
      </p>
    );
  }
  const text = statusText(check, file);
  const state = text === 'ok' ? 'ok' : check.error || check.problems.length > 0 ? 'error' : check.typeError ? 'warning' : 'pending';
  return (
    <p className={`compile-status compile-${state}`} data-testid="compile-status" data-state={state} data-code={check.code ?? undefined} aria-busy={check.checking} role="status">
      {text}
    </p>
  );
}

/** A few trials the task worker generated from the person's code, with their declared periods shaded. */
function CodePreview() {
  const preview = useAppStore((s) => s.codeCheck.preview);
  const note = useAppStore((s) => s.codeCheck.previewNote);
  const failed = useAppStore((s) => s.codeCheck.error !== null || s.codeCheck.problems.length > 0);
  const awaiting = useAppStore((s) => s.editor?.awaitingConsent === true);
  if (awaiting) return <p className="task-note">No preview: the code has not run (Review and run, above).</p>;
  if (note) return <p className="task-note" data-testid="preview-too-long">{note}</p>;
  if (!preview) {
    return <p className="task-note">{failed ? 'No preview until the code and its values work (see the status under the code).' : 'Generating trials…'}</p>;
  }
  return (
    <div className="code-preview" data-testid="task-preview-plot">
      {preview.trials.map((trial, k) => (
        <figure key={k} className="preview-trial" data-testid="preview-trial">
          <figcaption>
            Trial {k + 1}: {trial.summary} <span className="condition">(condition {trial.condition})</span>
          </figcaption>
          <TaskPreview batch={preview} dt={preview.dt} trial={k} periods={trial.periods} />
        </figure>
      ))}
    </div>
  );
}

export function TaskCodePanel({ locked }: { locked: boolean }) {
  const open = useAppStore((s) => s.editor?.open === true);
  const file = useAppStore((s) => s.editor?.file);
  const awaiting = useAppStore((s) => s.editor?.awaitingConsent === true);
  if (!open) return null;
  return (
    <section className="card task-code" aria-labelledby="code-heading">
      <div className="results-header">
        <h2 id="code-heading">
          Task code <span className="file-name">{file}</span>
        </h2>
        <button type="button" data-testid="task-save" onClick={saveTaskFile}>
          Save .ts file
        </button>
      </div>
      <ConsentBar />
      <Guard part="The task editor">
        <Suspense fallback={<p className="task-note">Loading the editor…</p>}>
          <TaskEditor readOnly={locked || awaiting} />
        </Suspense>
      </Guard>
      <CompileStatus />
      <div className="preview-header">
        <h3>Preview</h3>
        <button type="button" data-testid="preview-button" disabled={awaiting} onClick={previewAgain}>
          Preview trials
        </button>
      </div>
      <Guard part="The trial preview">
        <CodePreview />
      </Guard>
    </section>
  );
}
