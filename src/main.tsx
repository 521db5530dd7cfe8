/**
 * The page's entry: reads the saved experiment (experiments/startup.ts) into the store, starts saving changes
 * (experiments/autosave.ts), then renders. Start-up never stops the page: storage that fails gives the default
 * experiment in memory, said in the page's notice.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import { Autosave, newExperiment, setActiveAutosave } from './ui/experiments/autosave.ts';
import { memoryStore } from './ui/experiments/db.ts';
import { useSaveState } from './ui/experiments/save-state.ts';
import { inMemory, loadStartup, type Startup } from './ui/experiments/startup.ts';
import { SavedExperiments, type SaveStatus } from './ui/experiments/storage.ts';
import { browserStorage } from './ui/persistence.ts';
import { initialSpec, useAppStore } from './ui/store.ts';
import './ui/app.css';

/** Adds a sentence to the page's notice (one about something else may already be there). */
function say(sentence: string) {
  useAppStore.setState((s) => ({ notice: s.notice ? `${s.notice} ${sentence}` : sentence }));
}

const onStatus = (status: SaveStatus) => useSaveState.setState({ status });

async function startup(): Promise<Startup> {
  try {
    return await loadStartup({ legacy: browserStorage(), onFallback: (why) => say(inMemory(why)), onStatus });
  } catch (error) {
    // storage answered and then failed in a way start-up did not foresee: the page still opens, in memory
    const storage = new SavedExperiments(memoryStore(), () => undefined, onStatus);
    const experiment = newExperiment({ spec: initialSpec(), editor: null });
    return { storage, experiment, runs: [], interrupted: false, state: { notice: inMemory(`reading the saved experiments failed (${(error as Error).message})`) } };
  }
}

async function main() {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element to mount CogRNN into');
  const { storage, experiment, runs, interrupted, state } = await startup();
  const { notice, ...rest } = state;
  useAppStore.setState(rest);
  if (notice) say(notice);
  useSaveState.setState({ status: storage.status });
  setActiveAutosave(new Autosave(storage, useAppStore, experiment, runs, interrupted));
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void main();
