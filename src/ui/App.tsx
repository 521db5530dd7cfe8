import { useEffect } from 'react';
import { Guard } from './Guard.tsx';
import { warmUpPlotly } from './plots/warm-up.ts';
import { useSaveState } from './experiments/save-state.ts';
import { useAppStore } from './store.ts';
import { CurriculumPanel } from './panels/CurriculumPanel.tsx';
import { ConstraintsPanel } from './panels/ConstraintsPanel.tsx';
import { NetworkPanel } from './panels/NetworkPanel.tsx';
import { ResultsPanel } from './panels/ResultsPanel.tsx';
import { ComparisonPanel } from './comparison/ComparisonPanel.tsx';
import { FixedPointsCard } from './fixed-points/FixedPointsCard.tsx';
import { PerturbationCard } from './perturbation/PerturbationCard.tsx';
import { RunBar } from './panels/RunBar.tsx';
import { TaskCodePanel } from './panels/TaskCodePanel.tsx';
import { TaskPanel } from './panels/TaskPanel.tsx';
import { startCodeChecks } from './task-code.ts';
import { TrainingPanel } from './panels/TrainingPanel.tsx';
import { Toolbar } from './Toolbar.tsx';
import { TutorialGuide } from './tutorials/TutorialGuide.tsx';

/** Fetches and warms up the plotting library once the page is idle, so that it never interrupts training. */
function usePreloadPlotly() {
  useEffect(() => {
    const start = () => void warmUpPlotly().catch(() => undefined);
    if ('requestIdleCallback' in window) {
      const id = window.requestIdleCallback(start, { timeout: 3000 });
      return () => window.cancelIdleCallback(id);
    }
    const id = setTimeout(start, 1500);
    return () => clearTimeout(id);
  }, []);
}

/**
 * Asks before the page is left (reload, close, navigate) while it holds trained weights that were neither downloaded
 * nor saved in the browser (storage unavailable or full, or the last save still under way).
 */
function useWarnBeforeLeaving() {
  const held = useAppStore((s) => s.checkpoint !== null && !s.checkpoint.downloaded);
  const saved = useSaveState((s) => s.status === 'saved');
  const unsaved = held && !saved;
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // older browsers show the dialog only when returnValue is set
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
}

function Notice() {
  const notice = useAppStore((s) => s.notice);
  return notice ? (
    <p className="notice" role="status" data-testid="notice">
      {notice}
    </p>
  ) : null;
}

export function App() {
  usePreloadPlotly();
  useWarnBeforeLeaving();
  // the moment the controls respond, for the e2e test of "interactive within 3 s"
  useEffect(() => void performance.mark('cogrnn:interactive'), []);
  // the task code the page was working on before a reload is checked again by the task worker
  useEffect(startCodeChecks, []);
  const locked = useAppStore((s) => s.runState === 'training' || s.runState === 'paused' || s.runState === 'probing');
  return (
    <div className="app">
      <header className="masthead">
        <img className="logo" src="/favicon.svg" alt="" width={40} height={40} />
        <div>
          <h1>CogRNN</h1>
          <p className="tagline">
            Train recurrent neural networks on cognitive tasks, right in your browser — compatible with PsychRNN.
          </p>
        </div>
      </header>
      <Guard part="The page">
        <Notice />
        <Toolbar />
        <Guard part="The run bar">
          <RunBar />
        </Guard>
        <Guard part="The tutorial guide">
          <TutorialGuide />
        </Guard>
        <main className="layout">
          <div className="column settings">
            <Guard part="The task panel">
              <TaskPanel locked={locked} />
            </Guard>
            <Guard part="The network panel">
              <NetworkPanel locked={locked} />
            </Guard>
            <Guard part="The training panel">
              <TrainingPanel />
            </Guard>
            <Guard part="The curriculum panel">
              <CurriculumPanel locked={locked} />
            </Guard>
          </div>
          <div className="column">
            <Guard part="The task code panel">
              <TaskCodePanel locked={locked} />
            </Guard>
            <Guard part="The constraints panel">
              <ConstraintsPanel locked={locked} />
            </Guard>
            <Guard part="The results panel">
              <ResultsPanel />
            </Guard>
            <Guard part="The fixed-points card">
              <FixedPointsCard />
            </Guard>
            <Guard part="The perturbation lab">
              <PerturbationCard />
            </Guard>
            <Guard part="The comparison over seeds">
              <ComparisonPanel />
            </Guard>
          </div>
        </main>
      </Guard>
      <footer>
        After PsychRNN (Ehrlich, Stone et al., <a href="https://doi.org/10.1523/ENEURO.0427-20.2020">eNeuro 2021</a>).
      </footer>
    </div>
  );
}
