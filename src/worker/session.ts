/**
 * One training run inside the worker: choose a backend (a timed probe of the real training step), train
 * with src/core's Trainer, stream throttled progress and periodic test summaries, pause/resume/stop,
 * keep the last good weights, and move to the next backend from the last checkpoint if one fails.
 * No DOM here, so it runs (and is tested) in Node too.
 */
import { testSummary } from '../core/analysis/test-summary.ts';
import { saveExperimentNpz } from '../core/experiment-file.ts';
import type { BasicWeights, NetworkWeights } from '../core/model/weights.ts';
import type { ExperimentSpec } from '../core/spec.ts';
import { Trainer, type TrainingProgress } from '../core/train/trainer.ts';
import type { BackendName, BackendProbe, CurvePoints, StartOptions, WorkerUpdate } from './protocol.ts';

export interface BackendHost {
  available(): Promise<BackendProbe[]>;
  use(name: BackendName): Promise<void>;
}

export interface SessionOptions {
  host: BackendHost;
  /** builds the trainer (tests inject failures here) */
  createTrainer?: (spec: ExperimentSpec, weights?: NetworkWeights) => Trainer;
  /** the least time between two test summaries, in ms */
  testEveryMs?: number;
  now?: () => number;
}

interface Checkpoint {
  weights: NetworkWeights;
  trials: number;
}

export class TrainingSession {
  private readonly host: BackendHost;
  private readonly createTrainer: (spec: ExperimentSpec, weights?: NetworkWeights) => Trainer;
  private readonly testEveryMs: number;
  private readonly now: () => number;
  private controller = new AbortController();
  private resumeGate: (() => void) | null = null;
  private paused: Promise<void> | null = null;
  private checkpoint: Checkpoint | null = null;
  private spec: ExperimentSpec | null = null;

  constructor(options: SessionOptions) {
    this.host = options.host;
    this.createTrainer = options.createTrainer ?? ((spec, weights) => new Trainer(spec, { weights }));
    this.testEveryMs = options.testEveryMs ?? 2000;
    this.now = options.now ?? (() => performance.now());
  }

  pause(): void {
    if (!this.paused) this.paused = new Promise((resolve) => (this.resumeGate = resolve));
  }

  resume(): void {
    this.resumeGate?.();
    this.resumeGate = null;
    this.paused = null;
  }

  stop(): void {
    this.controller.abort();
    this.resume();
  }

  /** The last good weights as a PsychRNN-compatible .npz with the spec inside, or null before any. */
  weightsFile(): Uint8Array | null {
    return this.checkpoint && this.spec ? saveExperimentNpz(this.checkpoint.weights, this.spec) : null;
  }

  /** Times one training step of `spec` on each candidate backend and returns the probes, fastest chosen first. */
  async probe(spec: ExperimentSpec, candidates: BackendProbe[]): Promise<BackendProbe[]> {
    const probes: BackendProbe[] = [];
    for (const candidate of candidates) {
      if (!candidate.available || candidate.software) {
        probes.push({ ...candidate, reason: candidate.reason ?? 'not available' });
        continue;
      }
      try {
        await this.host.use(candidate.name);
        probes.push({ ...candidate, msPerStep: await this.timeStep(spec) });
      } catch (error) {
        probes.push({ ...candidate, available: false, reason: (error as Error).message });
      }
    }
    return probes;
  }

  private async timeStep(spec: ExperimentSpec): Promise<number> {
    const trainer = this.createTrainer({ ...spec, curriculum: null });
    try {
      const batch = trainer.currentTask.getTrialBatch();
      trainer.step(batch); // warm-up: shader compilation, wasm start-up
      await trainer.network.variables.b_out.data();
      const start = this.now();
      trainer.step(batch);
      await trainer.network.variables.b_out.data();
      return this.now() - start;
    } finally {
      trainer.dispose();
    }
  }

  /** Runs the whole experiment, streaming updates; resolves when it has finished, stopped or failed. */
  async run(options: StartOptions, emit: (update: WorkerUpdate) => void): Promise<void> {
    this.controller = new AbortController();
    this.checkpoint = null;
    this.spec = options.spec;
    const spec = options.spec;
    emit({ type: 'status', state: 'probing', backend: null });
    const available = await this.host.available();
    const probes = options.backend ? available : await this.probe(spec, available);
    const order = this.backendOrder(options.backend, probes);
    if (order.length === 0) {
      emit({ type: 'error', message: `the ${options.backend} backend is not available here (${reasonFor(options.backend, probes)})` });
      emit({ type: 'status', state: 'error', backend: null, probes });
      return;
    }
    let message: string | undefined = options.backend ? undefined : choiceMessage(order[0], probes);
    for (let k = 0; k < order.length; k++) {
      const backend = order[k];
      try {
        await this.host.use(backend);
        emit({ type: 'status', state: 'training', backend, probes, message });
        await this.train(spec, backend, options.throttleMs ?? 100, emit);
        return;
      } catch (error) {
        const next = order[k + 1];
        const saved = this.lastCheckpoint();
        const from = saved ? `the checkpoint at ${saved.trials} trials` : 'the start';
        if (!next) {
          emit({ type: 'error', message: `${backend} failed (${(error as Error).message}) and no other backend is left` });
          emit({ type: 'status', state: 'error', backend, probes });
          return;
        }
        message = `${backend} failed (${(error as Error).message}); continuing on ${next} from ${from}`;
      }
    }
  }

  /** Read through a method: `run` resets the field, and the compiler cannot see `train` setting it again. */
  private lastCheckpoint(): Checkpoint | null {
    return this.checkpoint;
  }

  /**
   * The backends to try in turn: the person's choice, then the other usable (hardware or CPU) backends in
   * the usual order; or, when the worker chooses, every measured backend with the fastest first.
   */
  private backendOrder(chosen: BackendName | null, probes: BackendProbe[]): BackendName[] {
    if (chosen) {
      if (!probes.some((p) => p.name === chosen && p.available)) return [];
      const fallbacks = probes.filter((p) => p.available && !p.software && p.name !== chosen).map((p) => p.name);
      return [chosen, ...fallbacks];
    }
    const usable = probes.filter((p) => p.available && !p.software && p.msPerStep !== undefined);
    return usable.sort((a, b) => (a.msPerStep as number) - (b.msPerStep as number)).map((p) => p.name);
  }

  /** Trains from the last checkpoint (or the start) to the end on the active backend. */
  private async train(spec: ExperimentSpec, backend: BackendName, throttleMs: number, emit: (u: WorkerUpdate) => void) {
    const offset = this.checkpoint?.trials ?? 0;
    const remaining = { ...spec, training: { ...spec.training, training_iters: Math.max(1, spec.training.training_iters - offset) } };
    const trainer = this.createTrainer(remaining, this.checkpoint?.weights);
    const stream = new ProgressStream(spec, offset, throttleMs, this.now, emit, this.now());
    let lastTest = -Infinity;
    try {
      const result = await trainer.train({
        signal: this.controller.signal,
        onProgress: (p) => stream.record(p),
        afterEpoch: async (epoch, advanced) => {
          stream.epoch(epoch, trainer, advanced);
          if (this.now() - lastTest >= this.testEveryMs && epoch % spec.training.loss_epoch === 0) {
            await this.test(trainer, offset + epoch * spec.task.N_batch, emit);
            lastTest = this.now();
          }
          if (this.paused) {
            emit({ type: 'status', state: 'paused', backend });
            await this.paused;
            if (!this.controller.signal.aborted) emit({ type: 'status', state: 'training', backend });
          }
        },
      });
      stream.flush();
      const trials = offset + result.trials;
      if (result.stopReason === 'non_finite_loss') {
        const kept = this.checkpoint ? `the last good weights (at ${this.checkpoint.trials} trials) are kept` : 'no good weights were saved yet';
        emit({
          type: 'status',
          state: 'error',
          backend,
          message: `Training stopped at ${trials} trials: the loss became NaN or infinite; ${kept}. Try a lower learning rate or turn gradient clipping on.`,
        });
        return;
      }
      await this.test(trainer, trials, emit);
      const state = result.stopReason === 'cancelled' ? 'stopped' : 'done';
      emit({ type: 'status', state, backend, message: `accuracy ${result.accuracy.toFixed(3)} on a fresh batch after ${trials} trials` });
    } finally {
      trainer.dispose();
    }
  }

  /** A test-batch summary for the plots, and a checkpoint of the weights when the loss is finite. */
  private async test(trainer: Trainer, trials: number, emit: (u: WorkerUpdate) => void): Promise<void> {
    const task = trainer.currentTask;
    const evaluation = await trainer.evaluate(task);
    const weights = await trainer.exportWeights();
    if (Number.isFinite(evaluation.loss)) this.checkpoint = { weights, trials };
    const stage = trainer.curriculum?.stage ?? 0;
    const summary = testSummary({
      taskName: trainer.spec.task.name,
      task: { dt: task.dt, N_steps: task.N_steps },
      batch: evaluation.batch,
      outputs: evaluation.outputs,
      states: evaluation.states,
      // the LSTM's state h is already its units' activity; the rate RNN's state x becomes activity through f
      transfer: trainer.network.type === 'lstm' ? 'linear' : trainer.network.transferFunction,
      W_rec: (weights as BasicWeights).W_rec,
      daleRatio: weights.dale_ratio,
      accuracy: evaluation.accuracy,
      loss: evaluation.loss,
      trials,
      stage: Math.min(stage, (trainer.curriculum?.tasks.length ?? 1) - 1),
    });
    emit({ type: 'test', ...summary });
  }
}

/** Why this backend: the fastest measured, and why faster kinds were not used. */
function choiceMessage(chosen: BackendName, probes: BackendProbe[]): string {
  const skipped = probes.filter((p) => p.name !== chosen && p.msPerStep === undefined).map((p) => p.name);
  return `chose ${chosen}: the fastest measured here${skipped.length > 0 ? `; not used: ${skipped.join(', ')} (see Backends measured)` : ''}`;
}

function reasonFor(name: BackendName | null, probes: BackendProbe[]): string {
  return probes.find((p) => p.name === name)?.reason ?? 'unknown backend';
}

/** Buffers loss/accuracy points and sends progress no faster than `throttleMs`. */
class ProgressStream {
  private trials: number[] = [];
  private loss: number[] = [];
  private accuracy: number[] = [];
  private stageChanges: { trials: number; stage: number }[] = [];
  private latest: TrainingProgress | null = null;
  private lastSent = -Infinity;
  private iteration = 0;

  constructor(
    private readonly spec: ExperimentSpec,
    private readonly offset: number,
    private readonly throttleMs: number,
    private readonly now: () => number,
    private readonly emit: (u: WorkerUpdate) => void,
    private readonly startedAt: number,
  ) {}

  record(p: TrainingProgress): void {
    this.latest = p;
    this.trials.push(this.offset + p.trials);
    this.loss.push(p.loss);
    this.accuracy.push(p.accuracy);
  }

  epoch(epoch: number, trainer: Trainer, stageAdvanced: boolean): void {
    this.iteration = epoch;
    if (stageAdvanced) {
      this.stageChanges.push({ trials: this.offset + epoch * this.spec.task.N_batch, stage: trainer.curriculum?.stage ?? 0 });
    }
    if (this.now() - this.lastSent >= this.throttleMs) this.flush();
  }

  flush(): void {
    const p = this.latest;
    const nBatch = this.spec.task.N_batch;
    const points: CurvePoints = {
      trials: Float64Array.from(this.trials),
      loss: Float32Array.from(this.loss),
      accuracy: Float32Array.from(this.accuracy),
    };
    this.emit({
      type: 'progress',
      iteration: this.offset / nBatch + this.iteration,
      trials: this.offset + this.iteration * nBatch,
      totalTrials: Math.ceil(this.spec.training.training_iters / nBatch) * nBatch,
      loss: p?.loss ?? NaN,
      accuracy: p?.accuracy ?? NaN,
      stage: p?.stage ?? 0,
      stages: this.spec.curriculum?.stages.length ?? 1,
      elapsedMs: this.now() - this.startedAt,
      points,
      stageChanges: this.stageChanges,
    });
    this.trials = [];
    this.loss = [];
    this.accuracy = [];
    this.stageChanges = [];
    this.lastSent = this.now();
  }
}
