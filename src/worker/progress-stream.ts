/**
 * The training curve on its way to the page: loss/accuracy points buffered and sent as one progress update no
 * faster than the throttle allows (typed arrays, transferred by the worker).
 */
import type { ExperimentSpec } from '../core/spec/spec.ts';
import type { Trainer, TrainingProgress } from '../core/train/trainer.ts';
import type { CurvePoints, WorkerUpdate } from './protocol.ts';

/** Buffers loss/accuracy points and sends progress no faster than `throttleMs`. */
export class ProgressStream {
  private trials: number[] = [];
  private loss: number[] = [];
  private accuracy: number[] = [];
  private stageChanges: { trials: number; stage: number }[] = [];
  private latest: TrainingProgress | null = null;
  private lastSent = -Infinity;
  private iteration = 0;

  constructor(
    private readonly spec: ExperimentSpec,
    private readonly throttleMs: number,
    private readonly now: () => number,
    private readonly emit: (u: WorkerUpdate) => void,
    private readonly startedAt: number,
  ) {}

  record(p: TrainingProgress): void {
    this.latest = p;
    this.trials.push(p.trials);
    this.loss.push(p.loss);
    this.accuracy.push(p.accuracy);
  }

  epoch(epoch: number, trainer: Trainer, stageAdvanced: boolean): void {
    this.iteration = epoch;
    if (stageAdvanced) {
      this.stageChanges.push({ trials: epoch * this.spec.task.N_batch, stage: trainer.curriculum?.stage ?? 0 });
    }
    if (this.now() - this.lastSent >= this.throttleMs) this.flush();
  }

  /** Sends what is buffered; `iteration` sets the epochs done (the run's last, which `epoch` may not have seen). */
  flush(iteration = this.iteration): void {
    this.iteration = iteration;
    const p = this.latest;
    const nBatch = this.spec.task.N_batch;
    const points: CurvePoints = {
      trials: Float64Array.from(this.trials),
      loss: Float32Array.from(this.loss),
      accuracy: Float32Array.from(this.accuracy),
    };
    this.emit({
      type: 'progress',
      iteration: this.iteration,
      trials: this.iteration * nBatch,
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
