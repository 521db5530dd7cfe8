/**
 * "Run this task code?": a modal dialog (the browser's <dialog>, so focus stays in it and Escape means Not now) that
 * shows every distinct task code of a linked experiment, labelled with where it is used, and asks before any of it
 * runs. What it shows and what "Run it" allows are consent.ts's.
 */
import { useEffect, useRef } from 'react';
import { declineConsent, giveConsent, useConsent } from './consent.ts';

export function ConsentDialog() {
  const shown = useConsent((s) => s.shown);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (shown && !element.open) element.showModal();
    if (!shown && element.open) element.close();
  }, [shown]);
  const count = shown?.sources.length ?? 0;
  return (
    <dialog
      ref={dialog}
      className="consent-dialog modal"
      role="dialog"
      aria-modal="true"
      aria-labelledby="consent-title"
      data-testid="consent-dialog"
      data-code={shown?.fingerprint}
      onCancel={(event) => {
        event.preventDefault();
        declineConsent();
      }}
    >
      {shown && (
        <>
          <h2 id="consent-title">Run this task code?</h2>
          <p>
            This experiment came from a link and carries {count === 1 ? 'task code that has' : `${count} different task codes that have`} not run. If you
            run it, it runs in a worker of its own, without network access and without access to this page's storage (your saved experiments). Read it first,
            and run only code from someone you trust.
          </p>
          {shown.note && (
            <p className="consent-note" role="alert" data-testid="consent-note">
              {shown.note}
            </p>
          )}
          {shown.sources.map((source) => (
            <section key={`${source.file}\n${source.text}`} className="consent-source" data-testid="consent-source">
              <h3>
                {source.label} <span className="file-name">{source.file}</span> <small>({source.text.split('\n').length} lines)</small>
              </h3>
              <pre className="consent-code" tabIndex={0} aria-label={`${source.label}: ${source.file}`}>
                {source.text}
              </pre>
            </section>
          ))}
          <div className="consent-buttons">
            <button type="button" className="primary" data-testid="consent-run" onClick={giveConsent}>
              Run it
            </button>
            <button type="button" data-testid="consent-not-now" onClick={declineConsent} autoFocus>
              Not now
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
