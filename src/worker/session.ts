/**
 * One training run inside the worker: check the spec, choose a backend (a timed probe of the real training step,
 * or the usual order when one step would take too long to time), train with src/core's Trainer, stream
 * throttled progress, periodic test summaries and checkpoints, pause/resume/stop, keep the last good weights, and
 * move to the next backend from the last checkpoint if one fails: the checkpoint holds the trainer's whole position
 * (weights, optimizer, curriculum stage, random streams), so the next backend continues the same run, not a new one.
 * No DOM here, so it runs (and is tested) in Node.
 */
import { testSummary, weightBaseline } from '../core/analysis/test-summary.ts';
import { type InitialWeights, saveExperimentNpz } from '../core/io/experiment-file.ts';
import type { BasicWeights, NetworkWeights } from '../core/model/weights.ts';
import { estimateResources, formatDuration } from '../core/resources.ts';
import { type ExperimentSpec, safeParseSpec } from '../core/spec/spec.ts';
import { CUSTOM_TASK } from '../core/tasks/custom-task.ts';
import { nonFiniteAdvice } from '../core/train/advice.ts';
import { Trainer, type TrainerOptions, type TrainerState, type TrainingProgress, type TrainingResult } from '../core/train/trainer.ts';
import { BACKENDS, type BackendName, type BackendProbe, type CurvePoints, type StartOptions, type WorkerUpdate } from './protocol.ts';

export interface BackendHost {
  available(): Promise<BackendProbe[]>;
  use(name: BackendName): Promise<void>;
  /**
   * Called before a spec's custom task code first runs (to time the backends or to train): the browser worker
   * loads what every backend fetches, then removes the network and storage from its scope (`sandbox.ts`).
   */
  isolate?(available: BackendProbe[]): Promise<void>;
}

/** How a trainer starts: from initial weights (or the spec's initializer), or resuming a checkpoint's state. */
export type TrainerStart = Pick<TrainerOptions, 'weights' | 'resume'>;

export interface SessionOptions {
  host: BackendHost;
  /** builds the trainer (tests inject failures here) */
  createTrainer?: (spec: ExperimentSpec, start: TrainerStart) => Trainer;
  /** the least time between two test summaries, in ms */
  testEveryMs?: number;
  /**
   * A training step estimated (on a CPU, src/core/resources.ts) to take longer than this many seconds is not timed
   * on every backend: the backends are taken in the usual order instead (default 1 s).
   */
  probeLimitSeconds?: number;
  now?: () => number;
}

interface Checkpoint {
  /** the effective weights, as the page's file holds them */
  weights: NetworkWeights;
  trials: number;
  /** where the trainer was, to resume from; null for the last good weights after a NaN (the run ends there) */
  state: TrainerState | null;
}

type Emit = (update: WorkerUpdate) => void;

/** Whether the spec runs a person's task code (its task or a curriculum stage is a custom task). */
function hasCustomTask(spec: ExperimentSpec): boolean {
  return [spec.task, ...(spec.curriculum?.stages ?? [])].some((task) => task.name === CUSTOM_TASK);
}

export class TrainingSession {
  private readonly host: BackendHost;
  private readonly createTrainer: (spec: ExperimentSpec, start: TrainerStart) => Trainer;
  private readonly testEveryMs: number;
  private readonly probeLimitSeconds: number;
  private readonly now: () => number;
  private controller = new AbortController();
  private resumeGate: (() => void) | null = null;
  private paused: Promise<void> | null = null;
  private checkpoint: Checkpoint | null = null;
  /** the network the spec's initializer drew, computed once per run (W_rec's spectral radius is O(N_rec³)) */
  private initialWeights: NetworkWeights | undefined;
  /** the weights' baseline goes to the page once per run, from the first trainer */
  private baselineSent = false;
  /** the effective weights the run started from: every checkpoint file holds them (`cogrnn_initial_…`) */
  private startWeights: InitialWeights | undefined;

  constructor(options: SessionOptions) {
    this.host = options.host;
    this.createTrainer = options.createTrainer ?? ((spec, start) => new Trainer(spec, start));
    this.testEveryMs = options.testEveryMs ?? 2000;
    this.probeLimitSeconds = options.probeLimitSeconds ?? 1;
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

  private get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  /**
   * Times one training step of `spec` on each candidate backend (stopping early when Stop is pressed) and returns
   * the probes. The network is initialized once and the same weights go to every backend.
   */
  async probe(spec: ExperimentSpec, candidates: BackendProbe[]): Promise<BackendProbe[]> {
    const probes: BackendProbe[] = [];
    for (const candidate of candidates) {
      if (!candidate.available || candidate.software || this.stopped) {
        probes.push({ ...candidate, reason: candidate.reason ?? (this.stopped ? 'not measured: stopped' : 'not available') });
        continue;
      }
      try {
        await this.host.use(candidate.name);
        const msPerStep = await this.timeStep(spec);
        probes.push(msPerStep === null ? { ...candidate, reason: 'not measured: stopped' } : { ...candidate, msPerStep });
      } catch (error) {
        probes.push({ ...candidate, available: false, reason: (error as Error).message });
      }
    }
    return probes;
  }

  /** ms of one step after a warm-up step (shader compilation, wasm start-up); null when stopped meanwhile. */
  private async timeStep(spec: ExperimentSpec): Promise<number | null> {
    const trainer = this.createTrainer({ ...spec, curriculum: null }, { weights: this.initialWeights });
    try {
      this.initialWeights ??= await trainer.exportWeights();
      const batch = trainer.currentTask.getTrialBatch();
      trainer.step(batch);
      await trainer.network.variables.b_out.data();
      if (this.stopped) return null;
      const start = this.now();
      trainer.step(batch);
      await trainer.network.variables.b_out.data();
      return this.now() - start;
    } finally {
      trainer.dispose();
    }
  }

  /** Runs the whole experiment, streaming updates; resolves when it has finished, stopped or failed. */
  async run(options: StartOptions, emit: Emit): Promise<void> {
    this.controller = new AbortController();
    this.checkpoint = null;
    this.initialWeights = undefined;
    this.baselineSent = false;
    this.startWeights = undefined;
    const parsed = safeParseSpec(options.spec);
    if (!parsed.ok) {
      const message = `the spec is invalid: ${parsed.error.message}`;
      emit({ type: 'error', message });
      emit({ type: 'status', state: 'error', backend: null, message });
      return;
    }
    const spec = parsed.spec;
    emit({ type: 'status', state: 'probing', backend: null });
    const available = await this.host.available();
    if (hasCustomTask(spec)) await this.host.isolate?.(available);
    const stepSeconds = estimateResources(spec).secondsPerIteration;
    const timed = options.backend === null && stepSeconds <= this.probeLimitSeconds;
    const probes = timed ? await this.probe(spec, available) : available;
    if (this.stopped) {
      emit({ type: 'status', state: 'stopped', backend: null, probes, message: 'stopped before training began' });
      return;
    }
    const plan = backendPlan(options.backend, probes, timed ? null : stepSeconds);
    if (plan.order.length === 0) {
      emit({ type: 'error', message: plan.message });
      emit({ type: 'status', state: 'error', backend: null, probes });
      return;
    }
    let message: string | undefined;
    for (let k = 0; k < plan.order.length; k++) {
      const backend = plan.order[k];
      try {
        await this.host.use(backend);
        emit({ type: 'status', state: 'training', backend, probes, message, backendNote: k === 0 ? plan.message : message });
        await this.train(spec, backend, options.throttleMs ?? 100, emit);
        return;
      } catch (error) {
        const next = plan.order[k + 1];
        const saved = this.lastCheckpoint();
        const from = saved ? `the checkpoint at ${saved.trials} trials${stageText(spec, saved.state)}` : 'the start';
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

  /** Trains from the last checkpoint's position (or the start) to the end on the active backend. */
  private async train(spec: ExperimentSpec, backend: BackendName, throttleMs: number, emit: Emit) {
    const resume = this.checkpoint?.state;
    const trainer = this.createTrainer(spec, resume ? { resume } : { weights: this.initialWeights });
    const stream = new ProgressStream(spec, throttleMs, this.now, emit, this.now());
    let lastTest = -Infinity;
    try {
      if (!this.baselineSent) {
        const initial = await trainer.network.exportWeights();
        this.startWeights = { W_in: initial.W_in, W_rec: initial.W_rec, W_out: initial.W_out };
        emit({ type: 'weights-baseline', ...weightBaseline(initial.W_rec, initial.rec_connectivity, spec.model.constraints.fixed_weights?.W_rec) });
        this.baselineSent = true;
      }
      const result = await trainer.train({
        signal: this.controller.signal,
        onProgress: (p) => stream.record(p),
        afterEpoch: async (epoch, advanced) => {
          stream.epoch(epoch, trainer, advanced);
          if (this.now() - lastTest >= this.testEveryMs && epoch % spec.training.loss_epoch === 0) {
            await this.test(trainer, spec, epoch * spec.task.N_batch, emit);
            lastTest = this.now();
          }
          if (this.paused) {
            emit({ type: 'status', state: 'paused', backend });
            await this.paused;
            if (!this.stopped) emit({ type: 'status', state: 'training', backend });
          }
        },
      });
      stream.flush(result.iterations); // a run that ends inside an epoch (the curriculum's last stage passed) ends there
      const trials = result.trials;
      if (result.stopReason === 'non_finite_loss') {
        emit({ type: 'status', state: 'error', backend, message: await this.keepGoodWeights(trainer, spec, result, emit) });
        return;
      }
      await this.test(trainer, spec, trials, emit);
      const state = result.stopReason === 'cancelled' ? 'stopped' : 'done';
      emit({ type: 'status', state, backend, message: `accuracy ${result.accuracy.toFixed(3)} on a fresh batch after ${trials} trials` });
    } finally {
      trainer.dispose();
    }
  }

  /**
   * After a NaN or infinite loss the trainer has gone back to the last weights whose loss was finite: they become
   * the checkpoint (with their test summary), and the message says so and what to change.
   */
  private async keepGoodWeights(trainer: Trainer, spec: ExperimentSpec, result: TrainingResult, emit: Emit): Promise<string> {
    const keptAt = result.keptTrials ?? 0;
    if (keptAt > 0) await this.test(trainer, spec, keptAt, emit, false);
    const kept = this.checkpoint
      ? `the last good weights (after ${this.checkpoint.trials} trials) are kept`
      : 'no good weights were saved yet (the loss was not finite from the first steps)';
    const advice = nonFiniteAdvice(spec, 'page');
    return `Training stopped at ${result.trials} trials: the loss became NaN or infinite; ${kept}. ${advice[0].toUpperCase()}${advice.slice(1)}.`;
  }

  /**
   * A test-batch summary for the plots, and a checkpoint of the weights (sent to the page) when the loss is finite;
   * `resumable` (the trainer stands after an epoch, not rolled back after a NaN) keeps its position with it.
   */
  private async test(trainer: Trainer, spec: ExperimentSpec, trials: number, emit: Emit, resumable = true): Promise<void> {
    const task = trainer.currentTask;
    const evaluation = await trainer.observe(task); // its own stream: how often the page looks never changes the run
    const weights = await trainer.exportWeights();
    const stage = trainer.curriculum?.stage ?? 0;
    const summary = testSummary({
      task,
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
    if (Number.isFinite(evaluation.loss)) {
      this.checkpoint = { weights, trials, state: resumable ? await trainer.exportState() : null };
      emit({ type: 'checkpoint', trials, file: saveExperimentNpz(weights, spec, this.startWeights) });
    }
  }
}

/** ", in curriculum stage 2 of 3" for a checkpoint taken in a curriculum's second stage; "" without one. */
function stageText(spec: ExperimentSpec, state: TrainerState | null): string {
  const stages = spec.curriculum?.stages.length;
  return stages && state?.curriculum ? `, in curriculum stage ${state.curriculum.stage + 1} of ${stages}` : '';
}

/** Probes read as "webgpu: no WebGPU adapter; wasm: WebAssembly is unavailable". */
function reasons(probes: BackendProbe[]): string {
  return probes.map((p) => `${p.name}: ${p.reason ?? 'failed'}`).join('; ');
}

/**
 * The backends to try in turn, and a sentence on the choice. The person's choice comes first, then the other
 * usable (hardware or CPU) backends in the usual order. When the worker chooses: the measured backends, fastest
 * first, or — when a step is too long to time (`untimedStepSeconds`) — the usable ones in the usual order; a
 * software GPU comes last, and first (with a note) when nothing else can train.
 */
export function backendPlan(
  chosen: BackendName | null,
  probes: BackendProbe[],
  untimedStepSeconds: number | null,
): { order: BackendName[]; message: string } {
  const usual = (list: BackendProbe[]) => [...list].sort((a, b) => BACKENDS.indexOf(a.name) - BACKENDS.indexOf(b.name)).map((p) => p.name);
  const hardware = probes.filter((p) => p.available && !p.software);
  const software = usual(probes.filter((p) => p.available && p.software));
  if (chosen) {
    const probe = probes.find((p) => p.name === chosen);
    if (!probe?.available) return { order: [], message: `the ${chosen} backend is not available here (${probe?.reason ?? 'not offered by this browser'})` };
    return { order: [chosen, ...usual(hardware).filter((name) => name !== chosen)], message: `training on ${chosen}, as chosen in Backend` };
  }
  const fast =
    untimedStepSeconds === null
      ? hardware.filter((p) => p.msPerStep !== undefined).sort((a, b) => (a.msPerStep as number) - (b.msPerStep as number)).map((p) => p.name)
      : usual(hardware);
  const order = [...fast, ...software];
  if (order.length === 0) return { order, message: `no backend can train here (${reasons(probes)})` };
  const first = probes.find((p) => p.name === order[0]) as BackendProbe;
  if (first.software) {
    return {
      order,
      message: `training on ${first.name}, a software GPU (slow): no other backend could train here (${reasons(probes.filter((p) => p !== first))})`,
    };
  }
  if (untimedStepSeconds !== null) {
    return {
      order,
      message: `chose ${first.name} without timing each backend: one training step is estimated at ${formatDuration(untimedStepSeconds)} on a CPU, too long to measure them all (the usual order: ${usual(hardware).join(', ')})`,
    };
  }
  const skipped = probes.filter((p) => p.name !== first.name && p.msPerStep === undefined).map((p) => p.name);
  return {
    order,
    message: `chose ${first.name}: the fastest measured here${skipped.length > 0 ? `; not used: ${skipped.join(', ')} (see Backends measured)` : ''}`,
  };
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
