/**
 * The handout for a teaching lab: every tutorial with its full link, its steps and its next step, on a page of its
 * own over the app (a portal under <body>), so printing prints the handout alone (tutorials.css's print rules).
 */
import { useEffect } from 'react';
import { createPortal } from 'react-dom';
import { TUTORIALS, tutorialNumber } from './index.ts';
import { tutorialUrl } from './link.ts';
import { StepText } from './StepText.tsx';

export function TutorialHandout({ base, onClose }: { base: string; onClose: () => void }) {
  useEffect(() => {
    const close = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    window.addEventListener('keydown', close);
    return () => window.removeEventListener('keydown', close);
  }, [onClose]);
  return createPortal(
    <article className="tutorial-handout" data-testid="tutorial-handout" aria-labelledby="tutorial-handout-title">
      <div className="handout-actions">
        <button type="button" data-testid="tutorial-handout-print" onClick={() => window.print()}>
          Print
        </button>
        <button type="button" className="secondary" data-testid="tutorial-handout-close" onClick={onClose}>
          Close
        </button>
      </div>
      <h1 id="tutorial-handout-title">CogRNN tutorials</h1>
      <p>
        Open each link in a browser: it opens a ready experiment with a guide beside it. Training runs in the browser; nothing is sent to a server.
      </p>
      {TUTORIALS.map((tutorial) => (
        <section key={tutorial.id} className="handout-tutorial" data-testid={`handout-${tutorial.id}`}>
          <h2>
            {tutorialNumber(tutorial)}. {tutorial.title}
          </h2>
          <p className="handout-url">{tutorialUrl(tutorial, base)}</p>
          <p>
            {tutorial.summary} <small>After {tutorial.follows}.</small>
          </p>
          <ol>
            {tutorial.steps.map((step, k) => (
              <li key={k}>
                <StepText text={step.text} />
              </li>
            ))}
          </ol>
          <p>
            <strong>Next step: </strong>
            <StepText text={tutorial.next.text} />
          </p>
        </section>
      ))}
    </article>,
    document.body,
  );
}
