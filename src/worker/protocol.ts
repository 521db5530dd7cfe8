/**
 * The messages between the page and the training worker. The page sends an experiment spec; the worker
 * streams small, throttled updates back (typed arrays are transferred, never copied, and the history is
 * sent once: each update carries only the points since the previous one).
 */
import type { ExperimentSpec } from '../core/spec/spec.ts';
import type { PcaTrajectories } from '../core/analysis/pca.ts';
import type { Psychometric } from '../core/analysis/psychometric.ts';
import type { ExampleTrial, TestSummary, WeightBaseline, WeightMatrix } from '../core/analysis/test-summary.ts';
import type { UnitTraces } from '../core/analysis/unit-traces.ts';
import type { InitialWeights } from '../core/io/experiment-file.ts';
import type { NetworkWeights } from '../core/model/weights.ts';
import type { TrainerState, TrainingProgress } from '../core/train/trainer.ts';

/** The test summary's parts, made in src/core/analysis beside the functions that compute them. */
export type { ExampleTrial, PcaTrajectories, Psychometric, UnitTraces, WeightBaseline, WeightMatrix };

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface BackendProbe {
  name: BackendName;
  available: boolean;
  /** measured time of one training step of the experiment, when probed */
  msPerStep?: number;
  /** a software (CPU-emulated) GPU: usable when chosen, skipped by the automatic choice */
  software?: boolean;
  /** why it is unavailable, failed, or was not chosen */
  reason?: string;
}

export type RunState = 'idle' | 'probing' | 'training' | 'paused' | 'stopped' | 'done' | 'error';

export interface StatusUpdate {
  type: 'status';
  state: RunState;
  /** the backend training runs on */
  backend: BackendName | null;
  probes?: BackendProbe[];
  /** a sentence for the person: why it stopped, which backend took over, … */
  message?: string;
  /** why training runs on `backend` (the fastest measured, the usual order, a software GPU as the last resort) */
  backendNote?: string;
}

/** Loss and accuracy points recorded since the previous update (every loss_epoch). */
export interface CurvePoints {
  trials: Float64Array;
  loss: Float32Array;
  accuracy: Float32Array;
}

/** The trainer's progress (counted over the whole run, across backend changes) plus the new curve points. */
export interface ProgressUpdate extends TrainingProgress {
  type: 'progress';
  points: CurvePoints;
  /** trials at which the curriculum advanced, since the previous update */
  stageChanges: { trials: number; stage: number }[];
}

/** Sent at each metric epoch (every loss_epoch × 10 at most) from a fresh test batch. */
export interface TestUpdate extends TestSummary {
  type: 'test';
}

/**
 * Sent once per run, before its first test: W_rec before training and the masks of the spec the run trains with,
 * so the weights view can show the change W − W₀ and which entries are forbidden or fixed.
 */
export interface BaselineUpdate extends WeightBaseline {
  type: 'weights-baseline';
}

/**
 * The weights the session would continue from (a finite-loss test batch, or the last good weights after a NaN):
 * a PsychRNN-compatible .npz with the spec inside. The page holds the latest, so a worker that has to be
 * restarted loses nothing, and Download weights saves the page's copy.
 */
export interface CheckpointUpdate {
  type: 'checkpoint';
  trials: number;
  file: Uint8Array;
  /**
   * Where the trainer stood (weights, optimizer, curriculum, random streams): `start: { kind: 'resume', state }`
   * continues the same run from here, in this worker or after a reload. Null for weights that cannot be continued
   * exactly (the last good weights after a NaN, a network only evaluated).
   */
  state: TrainerState | null;
}

export interface ErrorUpdate {
  type: 'error';
  message: string;
}

export type WorkerUpdate = StatusUpdate | ProgressUpdate | TestUpdate | BaselineUpdate | CheckpointUpdate | ErrorUpdate;

/**
 * Where a run starts. By default from the spec's initializer; `weights`: from a network (an imported file, trained
 * further); `resume`: from a checkpoint's position, continuing that run (its curve goes on from `state.epoch`).
 * `initial` is what the resumed run started from (the checkpoint file's `cogrnn_initial_…`), for the weights view
 * and the next checkpoint files.
 */
export type RunStart =
  | { kind: 'weights'; weights: NetworkWeights }
  | { kind: 'resume'; state: TrainerState; initial: InitialWeights | null };

export interface StartOptions {
  spec: ExperimentSpec;
  /** the spec's initializer when absent */
  start?: RunStart;
  /** null = choose the fastest available by a timed probe */
  backend: BackendName | null;
  /** CPU threads for the cpu and wasm backends' fused kernels; null or absent = the cores the platform reports */
  threads?: number | null;
  /** the smallest gap between two progress updates, in ms (default 100) */
  throttleMs?: number;
}

export interface EvaluateOptions {
  spec: ExperimentSpec;
  weights: NetworkWeights;
  /** null = the first available in the usual order */
  backend: BackendName | null;
}

/** What the worker exposes through Comlink. */
export interface TrainingWorkerApi {
  /** Which backends this browser offers (no timing). */
  availableBackends(): Promise<BackendProbe[]>;
  start(options: StartOptions, onUpdate: (update: WorkerUpdate) => void): Promise<void>;
  /**
   * Simulates `options.weights` on the spec's task without training: a test summary (psychometric curve, traces, PCA,
   * weights), the weights' baseline and a checkpoint (the network with the spec, for Download weights), then a
   * 'done' status whose message gives the accuracy.
   */
  evaluate(options: EvaluateOptions, onUpdate: (update: WorkerUpdate) => void): Promise<void>;
  pause(): void;
  resume(): void;
  /** Resolves once the worker has taken the request: a worker inside a long step answers only after it. */
  stop(): void;
}
