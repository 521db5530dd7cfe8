/**
 * Runs a comparison's trainings one after another, each in its own TrainingSession (session.ts: spec check,
 * backend choice, fallback to another backend, checkpoints) with the comparison's hooks on its trainer
 * (src/core/comparison/full-task-measure.ts), and turns each session's updates into the comparison's stream.
 * The first run's backend is kept for the rest, so the probe runs once. Cancel stops the run under way after its
 * current step (it is dropped); a run that fails (a NaN loss, a backend that cannot start) is reported and the
 * comparison goes on. No DOM here: it runs (and is tested) in Node.
 */
import { FullTaskMeasure, trialsToThreshold } from '../core/comparison/full-task-measure.ts';
import type { PlannedRun } from '../core/comparison/plan.ts';
import { Trainer, type TrainingProgress } from '../core/train/trainer.ts';
import type { ComparisonStart, ComparisonUpdate, RunCurve, RunFinished } from './comparison-protocol.ts';
import type { BackendName, WorkerUpdate } from './protocol.ts';
import { type BackendHost, TrainingSession } from './session.ts';

type Emit = (update: ComparisonUpdate) => void;

/** What one session said, gathered as it trains. */
class RunRecorder {
  readonly curve: RunCurve = { trials: [], loss: [], accuracy: [], stageChanges: [] };
  progress: TrainingProgress | null = null;
  finished: Omit<RunFinished, 'type' | 'index' | 'result' | 'fullTask' | 'curve' | 'progress'> = { test: null, baseline: null, checkpoint: null, backend: null, message: null };
  state: 'done' | 'stopped' | 'error' | null = null;
  error: string | null = null;

  constructor(
    private readonly index: number,
    private readonly emit: Emit,
  ) {}

  take(update: WorkerUpdate): void {
    switch (update.type) {
      case 'status':
        this.finished.backend = update.backend ?? this.finished.backend;
        if (update.message) this.finished.message = update.message;
        if (update.state === 'done' || update.state === 'stopped' || update.state === 'error') this.state = update.state;
        break;
      case 'progress': {
        const { type: _type, points, stageChanges, ...progress } = update;
        this.append(points, stageChanges);
        this.progress = progress;
        const { trials, totalTrials, accuracy, stage, stages } = progress;
        this.emit({ type: 'run-progress', index: this.index, trials, totalTrials, accuracy, stage, stages });
        break;
      }
      case 'test':
        this.finished.test = update;
        break;
      case 'weights-baseline': {
        const { type: _type, ...baseline } = update;
        this.finished.baseline = baseline;
        break;
      }
      case 'checkpoint': {
        const { type: _type, ...checkpoint } = update;
        this.finished.checkpoint = checkpoint;
        break;
      }
      case 'error':
        this.error = update.message;
        break;
    }
  }

  /** The new points, skipping those a run resumed on another backend trains again (as src/ui/curve.ts does). */
  private append(points: { trials: Float64Array; loss: Float32Array; accuracy: Float32Array }, stageChanges: RunCurve['stageChanges']): void {
    const last = this.curve.trials.at(-1) ?? -Infinity;
    points.trials.forEach((trials, k) => {
      if (trials <= last) return;
      this.curve.trials.push(trials);
      this.curve.loss.push(points.loss[k]);
      this.curve.accuracy.push(points.accuracy[k]);
    });
    const lastChange = this.curve.stageChanges.at(-1)?.trials ?? -Infinity;
    this.curve.stageChanges.push(...stageChanges.filter((change) => change.trials > lastChange));
  }
}

export interface RunnerOptions {
  /** the least time between two progress updates of a run, in ms */
  throttleMs?: number;
}

export class ComparisonRunner {
  private session: TrainingSession | null = null;
  private cancelled = false;

  constructor(
    private readonly host: BackendHost,
    private readonly options: RunnerOptions = {},
  ) {}

  cancel(): void {
    this.cancelled = true;
    this.session?.stop();
  }

  async run(start: ComparisonStart, emit: Emit): Promise<void> {
    this.cancelled = false;
    let backend = start.backend;
    let finished = 0;
    let failed = 0;
    for (const planned of start.runs) {
      if (this.cancelled) break;
      emit({ type: 'run-started', index: planned.index });
      const outcome = await this.runOne(planned, backend, start, emit);
      if (outcome === 'cancelled') break;
      if (outcome === null) failed++;
      else {
        finished++;
        backend ??= outcome;
      }
    }
    const said = `${finished} of ${start.runs.length} runs finished${failed > 0 ? `, ${failed} failed` : ''}`;
    if (this.cancelled) emit({ type: 'comparison-ended', state: 'cancelled', message: `Cancelled: ${said}; they are kept.` });
    else emit({ type: 'comparison-ended', state: finished > 0 ? 'done' : 'error', message: `${said[0].toUpperCase()}${said.slice(1)}.` });
  }

  /** Trains one run; its backend when it finished, null when it failed, 'cancelled' when stopped. */
  private async runOne(planned: PlannedRun, backend: BackendName | null, start: ComparisonStart, emit: Emit): Promise<BackendName | null | 'cancelled'> {
    const measure = new FullTaskMeasure(planned.spec);
    const recorder = new RunRecorder(planned.index, emit);
    const session = new TrainingSession({
      host: this.host,
      // one test summary and checkpoint, at the end: a comparison looks at the result, not at the plots meanwhile
      testEveryMs: Infinity,
      createTrainer: (spec, from) => {
        measure.continueFrom(from.resume ? from.resume.epoch * spec.task.N_batch : 0);
        const trainer: Trainer = new Trainer(spec, { ...from, hooks: measure.hooks(() => trainer.curriculum?.stage ?? 0) });
        return trainer;
      },
    });
    this.session = session;
    try {
      await session.run({ spec: planned.spec, backend, throttleMs: this.options.throttleMs ?? 250 }, (update) => recorder.take(update));
    } catch (error) {
      recorder.state = 'error';
      recorder.error = (error as Error).message;
    } finally {
      this.session = null;
    }
    if (recorder.state === 'stopped' || this.cancelled) return 'cancelled';
    if (recorder.state !== 'done') {
      emit({ type: 'run-failed', index: planned.index, message: recorder.error ?? recorder.finished.message ?? 'the run ended without a result' });
      return null;
    }
    const result = trialsToThreshold(measure.curve, start.threshold, start.trialCap);
    emit({ type: 'run-finished', index: planned.index, result, fullTask: measure.curve, curve: recorder.curve, progress: recorder.progress, ...recorder.finished });
    return recorder.finished.backend;
  }
}
