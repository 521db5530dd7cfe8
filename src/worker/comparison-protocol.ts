/**
 * The messages between the page and the comparison worker: the page sends a comparison's planned runs
 * (src/core/comparison/plan.ts); the worker trains them one after another and streams, per run, that it started,
 * its progress, and when it ends its result (trials to threshold, or censored at the cap), its curve, last test
 * summary and checkpoint — everything the page saves as a run and opens like any other.
 */
import type { FullTaskCurve, ThresholdResult } from '../core/comparison/full-task-measure.ts';
import type { PlannedRun } from '../core/comparison/plan.ts';
import type { TrainingProgress } from '../core/train/trainer.ts';
import type { BackendName, BackendProbe, CheckpointUpdate, TestUpdate, WeightBaseline } from './protocol.ts';

export type { FullTaskCurve, PlannedRun, ThresholdResult };

export interface ComparisonStart {
  runs: PlannedRun[];
  /** null = the first run chooses by a timed probe, and the others train where it did */
  backend: BackendName | null;
  threshold: number;
  trialCap: number;
}

/** The run's loss / accuracy curve as the page draws and saves it (src/ui/curve.ts's Curve). */
export interface RunCurve {
  trials: number[];
  loss: number[];
  accuracy: number[];
  stageChanges: { trials: number; stage: number }[];
}

export interface RunStarted {
  type: 'run-started';
  index: number;
}

export interface RunProgress extends Pick<TrainingProgress, 'trials' | 'totalTrials' | 'accuracy' | 'stage' | 'stages'> {
  type: 'run-progress';
  index: number;
}

export interface RunFinished {
  type: 'run-finished';
  index: number;
  result: ThresholdResult;
  /** accuracy on a fresh batch of the full task after each step of the final stage: what `result` is read from */
  fullTask: FullTaskCurve;
  curve: RunCurve;
  progress: Omit<TrainingProgress, never> | null;
  test: TestUpdate | null;
  baseline: WeightBaseline | null;
  checkpoint: Omit<CheckpointUpdate, 'type'> | null;
  backend: BackendName | null;
  /** the session's closing sentence ("accuracy … on a fresh batch after N trials") */
  message: string | null;
}

export interface RunFailed {
  type: 'run-failed';
  index: number;
  message: string;
}

export interface ComparisonEnded {
  type: 'comparison-ended';
  state: 'done' | 'cancelled' | 'error';
  message: string;
}

export type ComparisonUpdate = RunStarted | RunProgress | RunFinished | RunFailed | ComparisonEnded;

export interface ComparisonWorkerApi {
  availableBackends(): Promise<BackendProbe[]>;
  run(start: ComparisonStart, onUpdate: (update: ComparisonUpdate) => void): Promise<void>;
  /** Stops after the current training step; finished runs stay finished. */
  cancel(): void;
}
