/**
 * The guide beside a tutorial's experiment: its title, its steps (ticked as the page's state shows them done), the
 * next step to try, Previous / Next tutorial and Close. Which guide is open, and for which experiment, is guide.ts's;
 * a reload shows it again.
 */
import { useEffect } from 'react';
import { useAppStore } from '../store.ts';
import { restoreGuide, closeGuide, useTutorialGuide } from './guide.ts';
import { neighbours, tutorialById, tutorialNumber, type Tutorial, type TutorialStep } from './index.ts';
import { tutorialFragment } from './link.ts';
import { StepText } from './StepText.tsx';
import './tutorials.css';

function GuideStep({ step, testId }: { step: TutorialStep; testId: string }) {
  const { check } = step;
  // a boolean per step: the guide redraws a step only when its tick changes
  const done = useAppStore((s) => check?.done(s) ?? false);
  return (
    <li className="guide-step" data-testid={testId} data-done={check ? String(done) : undefined}>
      <StepText text={step.text} />
      {check && (
        <span className={`guide-check${done ? ' done' : ''}`} aria-label={`${done ? 'Done' : 'Not yet'}: ${check.label}`}>
          {done ? '✓' : '○'} {check.label}
        </span>
      )}
    </li>
  );
}

/** Opens a neighbouring tutorial the way its link does (open-link.ts: refused while training runs). */
const go = (tutorial: Tutorial) => {
  location.hash = tutorialFragment(tutorial);
};

function GuideNav({ tutorial }: { tutorial: Tutorial }) {
  const { previous, next } = neighbours(tutorial);
  return (
    <nav className="guide-nav" aria-label="Tutorials">
      <button type="button" className="secondary" data-testid="tutorial-previous" disabled={!previous} onClick={() => previous && go(previous)}>
        ← Previous tutorial{previous ? `: ${previous.title}` : ''}
      </button>
      <button type="button" className="secondary" data-testid="tutorial-next" disabled={!next} onClick={() => next && go(next)}>
        Next tutorial{next ? `: ${next.title}` : ''} →
      </button>
    </nav>
  );
}

export function TutorialGuide() {
  const tutorialId = useTutorialGuide((s) => s.guide?.tutorialId ?? null);
  useEffect(() => void restoreGuide(), []);
  const tutorial = tutorialId === null ? null : tutorialById(tutorialId);
  if (!tutorial) return null;
  return (
    <aside className="card tutorial-guide" data-testid="tutorial-guide" data-tutorial={tutorial.id} aria-labelledby="tutorial-guide-title">
      <div className="guide-head">
        <h2 id="tutorial-guide-title">
          Tutorial {tutorialNumber(tutorial)} · {tutorial.title}
        </h2>
        <button type="button" className="secondary" data-testid="tutorial-guide-close" onClick={closeGuide}>
          Close
        </button>
      </div>
      <p className="guide-summary">
        {tutorial.summary} <small>After {tutorial.follows}.</small>
      </p>
      <ol className="guide-steps">
        {tutorial.steps.map((step, k) => (
          <GuideStep key={`${tutorial.id}.${k}`} step={step} testId={`tutorial-step-${k + 1}`} />
        ))}
      </ol>
      <h3>Next step</h3>
      <ul className="guide-steps guide-next">
        <GuideStep key={`${tutorial.id}.next`} step={tutorial.next} testId="tutorial-next-step" />
      </ul>
      <GuideNav tutorial={tutorial} />
    </aside>
  );
}
