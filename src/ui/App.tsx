import { useAppStore } from './store.ts';
import { NetworkPanel } from './panels/NetworkPanel.tsx';
import { ResultsPanel } from './panels/ResultsPanel.tsx';
import { TaskPanel } from './panels/TaskPanel.tsx';
import { TrainingPanel } from './panels/TrainingPanel.tsx';

export function App() {
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
