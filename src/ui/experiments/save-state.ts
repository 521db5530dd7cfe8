/**
 * What the page shows about its saved experiments, apart from the experiment itself (store.ts): whether the latest
 * changes are saved, which saved experiment is open, the run a reload interrupted (resume.ts), and a revision that
 * goes up whenever saved records changed (the experiment list reads them again).
 */
import { create } from 'zustand';
import type { SaveStatus } from './storage.ts';

export interface InterruptedRun {
  runId: string;
  /** trials of the checkpoint the run can resume from */
  trials: number;
}

export interface SaveState {
  status: SaveStatus;
  /** the saved experiment the page shows and saves into */
  experimentId: string | null;
  interrupted: InterruptedRun | null;
  revision: number;
}

export const useSaveState = create<SaveState>(() => ({ status: 'saving', experimentId: null, interrupted: null, revision: 0 }));
