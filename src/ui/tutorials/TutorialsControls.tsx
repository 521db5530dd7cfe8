/**
 * Tutorials (in the toolbar): the list of guided tutorials — title, summary, Open, Copy link — in a modal dialog,
 * and from it the printable handout (TutorialHandout.tsx). Open goes through the tutorial's link, like a link
 * pasted into the address bar (open-link.ts), so both are refused alike while training runs.
 */
import { useEffect, useRef, useState } from 'react';
import { TUTORIALS, tutorialNumber, type Tutorial } from './index.ts';
import { tutorialFragment, tutorialUrl } from './link.ts';
import { TutorialHandout } from './TutorialHandout.tsx';
import './tutorials.css';

/** The page's address without its fragment: where tutorial links point. */
export const pageBase = () => `${location.origin}${location.pathname}`;

function CopyTutorialLink({ tutorial }: { tutorial: Tutorial }) {
  const [said, setSaid] = useState<string | null>(null);
  const url = tutorialUrl(tutorial, pageBase());
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setSaid('Copied.');
    } catch (error) {
      setSaid(`The browser did not let the page use the clipboard (${(error as Error).message || 'refused'}): copy the link shown above.`);
    }
  };
  return (
    <>
      <button type="button" className="secondary" data-testid={`tutorial-copy-${tutorial.id}`} onClick={() => void copy()}>
        Copy link
      </button>
      {said && (
        <span className="tutorial-said" role="status">
          {said}
        </span>
      )}
    </>
  );
}

function TutorialRow({ tutorial, onOpen }: { tutorial: Tutorial; onOpen: () => void }) {
  return (
    <li className="tutorial-row" data-testid={`tutorial-row-${tutorial.id}`}>
      <div className="tutorial-row-text">
        <strong>
          {tutorialNumber(tutorial)}. {tutorial.title}
        </strong>
        <span>{tutorial.summary}</span>
        <code className="tutorial-url">{tutorialUrl(tutorial, pageBase())}</code>
      </div>
      <div className="tutorial-row-buttons">
        <button type="button" data-testid={`tutorial-open-${tutorial.id}`} onClick={onOpen}>
          Open
        </button>
        <CopyTutorialLink tutorial={tutorial} />
      </div>
    </li>
  );
}

function ListDialog({ onClose, onHandout }: { onClose: () => void; onHandout: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const open = (tutorial: Tutorial) => {
    dialog.current?.close();
    location.hash = tutorialFragment(tutorial);
  };
  return (
    <dialog ref={dialog} className="tutorial-dialog modal" data-testid="tutorial-list" aria-labelledby="tutorial-list-title" onClose={onClose}>
      <div className="tutorial-dialog-head">
        <h2 id="tutorial-list-title">Tutorials</h2>
        <button type="button" className="secondary" data-testid="tutorial-handout-button" onClick={onHandout}>
          Print handout
        </button>
        <button type="button" data-testid="tutorial-list-close" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      <p className="tutorial-dialog-note">
        Each opens a ready experiment, saved as a new one (the experiment open now stays in the list), with a guide beside it. They follow PsychRNN’s
        tutorials in order, plus one on fixed points.
      </p>
      <ol className="tutorial-rows">
        {TUTORIALS.map((tutorial) => (
          <TutorialRow key={tutorial.id} tutorial={tutorial} onOpen={() => open(tutorial)} />
        ))}
      </ol>
    </dialog>
  );
}

export function TutorialsControls() {
  const [shown, setShown] = useState<'none' | 'list' | 'handout'>('none');
  return (
    <div className="tutorials-controls">
      <button type="button" data-testid="tutorials-button" aria-haspopup="dialog" onClick={() => setShown('list')}>
        Tutorials
      </button>
      {shown === 'list' && <ListDialog onClose={() => setShown((s) => (s === 'list' ? 'none' : s))} onHandout={() => setShown('handout')} />}
      {shown === 'handout' && <TutorialHandout base={pageBase()} onClose={() => setShown('none')} />}
    </div>
  );
}
