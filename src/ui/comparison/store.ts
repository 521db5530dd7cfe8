/**
 * The page's multi-seed comparison (zustand, apart from the app's store): its settings as typed, the comparison
 * under way or last finished — its conditions, each planned run and what became of it, the run training now — and
 * its summary (trials to threshold per condition, Mann–Whitney tests). `SavedComparison` is what is saved with the
 * experiment (persist.ts), so a reload shows the last comparison's results again.
 */
import { create } from 'zustand';
import type { ComparisonKind } from '../../core/comparison/conditions.ts';
import type { ComparisonSettings } from '../../core/comparison/plan.ts';
import type { ComparisonSummary } from '../../core/comparison/summary.ts';

export type ComparisonStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/** A planned run and what became of it; `experimentId` / `runId` name its saved record once it finished. */
export interface ComparedRun {
  index: number;
  condition: number;
  seed: number;
  state: 'pending' | 'training' | 'finished' | 'failed';
  trials: number | null;
  censored: boolean;
  experimentId: string | null;
  runId: string | null;
  message: string | null;
}

export interface SavedComparison {
  kind: ComparisonKind;
  settings: ComparisonSettings;
  /** the experiment the comparison was run from (it is saved with that one and with each condition's) */
  originId: string;
  labels: string[];
  /** each condition's saved experiment (null until its first run finished) */
  experimentIds: (string | null)[];
  runs: ComparedRun[];
  summary: ComparisonSummary | null;
  status: Exclude<ComparisonStatus, 'idle' | 'running'>;
  message: string;
  finishedAt: number;
}

/** The settings as typed (text), so a field keeps what a person typed while it is not a valid number. */
export interface SettingsText {
  seeds: string;
  threshold: string;
  trialCap: string;
}

export interface LiveProgress {
  index: number;
  trials: number;
  totalTrials: number;
  accuracy: number;
}

export interface ComparisonState {
  kind: ComparisonKind;
  text: SettingsText;
  /** the saved experiment compared against ("this experiment vs a saved one") */
  savedId: string | null;
  status: ComparisonStatus;
  /** why the comparison could not start, or how it ended */
  message: string | null;
  comparison: Omit<SavedComparison, 'status' | 'message' | 'finishedAt'> | null;
  live: LiveProgress | null;
}

export const DEFAULT_TEXT: SettingsText = { seeds: '5', threshold: '0.9', trialCap: '50000' };

export const useComparisonStore = create<ComparisonState>(() => ({
  kind: 'curriculum',
  text: DEFAULT_TEXT,
  savedId: null,
  status: 'idle',
  message: null,
  comparison: null,
  live: null,
}));

/** Whether a comparison is training now (the run bar's Train waits for it). */
export const comparisonRunning = () => useComparisonStore.getState().status === 'running';
