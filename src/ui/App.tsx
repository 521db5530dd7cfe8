import { useEffect } from 'react';
import { warmUpPlotly } from './plots/warm-up.ts';
import { useAppStore } from './store.ts';
import { NetworkPanel } from './panels/NetworkPanel.tsx';
import { ResultsPanel } from './panels/ResultsPanel.tsx';
import { RunBar } from './panels/RunBar.tsx';
import { TaskPanel } from './panels/TaskPanel.tsx';
import { TrainingPanel } from './panels/TrainingPanel.tsx';

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

export function App() {
  usePreloadPlotly();
  // the moment the controls respond, for the e2e test of "interactive within 3 s"
  useEffect(() => void performance.mark('cogrnn:interactive'), []);
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
      <RunBar />
      <main className="layout">
        <div className="column settings">
          <TaskPanel locked={locked} />
          <NetworkPanel locked={locked} />
          <TrainingPanel />
        </div>
        <div className="column">
          <ResultsPanel />
        </div>
      </main>
      <footer>
        After PsychRNN (Ehrlich, Stone et al., <a href="https://doi.org/10.1523/ENEURO.0427-20.2020">eNeuro 2021</a>).
      </footer>
    </div>
  );
}
