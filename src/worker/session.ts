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
import { estimateResources } from '../core/resources.ts';
import { type ExperimentSpec, safeParseSpec } from '../core/spec/spec.ts';
import { CUSTOM_TASK } from '../core/tasks/custom-task.ts';
import { nonFiniteAdvice } from '../core/train/advice.ts';
import { Trainer, type TrainerOptions, type TrainerState, type TrainingProgress, type TrainingResult } from '../core/train/trainer.ts';
import { backendPlan } from './backend-plan.ts';
import { ProgressStream } from './progress-stream.ts';
import type { BackendName, BackendProbe, BaselineUpdate, EvaluateOptions, RunStart, StartOptions, WorkerUpdate } from './protocol.ts';

export { backendPlan };

export interface BackendHost {
  available(): Promise<BackendProbe[]>;
  use(name: BackendName): Promise<void>;
  /**
   * Called before a spec's custom task code first runs (to time the backends or to train): the browser worker
   * loads what every backend fetches, then removes the network and storage from its scope (`sandbox.ts`).
   */
  isolate?(available: BackendProbe[]): Promise<void>;
  /** Sets the CPU threads of the fused kernels (null: the platform's default) and says how many and why. */
  threads?(requested: number | null): Promise<string>;
}

/** the backends whose fused kernels run on CPU threads */
const THREADED_BACKENDS: readonly BackendName[] = ['cpu', 'wasm'];

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
  /** a resumed run's baseline (from the checkpoint file's starting weights), sent when it begins training */
  private resumedBaseline: BaselineUpdate | null = null;

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

  /**
   * What every run begins with: the spec checked (an invalid one ends the run with its message), where it starts,
   * the backends on offer, and — before a person's task code runs — the worker isolated.
   */
  private async prepare(candidate: ExperimentSpec, start: RunStart | undefined, emit: Emit): Promise<{ spec: ExperimentSpec; available: BackendProbe[] } | null> {
    this.controller = new AbortController();
    const parsed = safeParseSpec(candidate);
    if (!parsed.ok) {
      const message = `the spec is invalid: ${parsed.error.message}`;
      emit({ type: 'error', message });
      emit({ type: 'status', state: 'error', backend: null, message });
      return null;
    }
    const spec = parsed.spec;
    this.begin(spec, start);
    emit({ type: 'status', state: 'probing', backend: null });
    const available = await this.host.available();
    if (hasCustomTask(spec)) await this.host.isolate?.(available);
    return { spec, available };
  }

  /** Runs the whole experiment, streaming updates; resolves when it has finished, stopped or failed. */
  async run(options: StartOptions, emit: Emit): Promise<void> {
    const ready = await this.prepare(options.spec, options.start, emit);
    if (!ready) return;
    const { spec, available } = ready;
    // before the probe, so that it times the kernels as they will train
    const threadsNote = (await this.host.threads?.(options.threads ?? null)) ?? null;
    const note = (backend: BackendName, text: string | undefined) => (threadsNote && THREADED_BACKENDS.includes(backend) ? [text, threadsNote].filter(Boolean).join('; ') : text);
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
        emit({ type: 'status', state: 'training', backend, probes, message, backendNote: note(backend, k === 0 ? plan.message : message) });
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

  /**
   * Sets where the run starts: nothing kept (the spec's initializer), a network to start from, or a checkpoint's
   * position to resume — then the weights' baseline is the resumed run's starting point, sent from `initial`.
   */
  private begin(spec: ExperimentSpec, start: RunStart | undefined): void {
    this.checkpoint = null;
    this.initialWeights = undefined;
    this.baselineSent = false;
    this.startWeights = undefined;
    this.resumedBaseline = null;
    if (start?.kind === 'weights') this.initialWeights = start.weights;
    if (start?.kind === 'resume') {
      const { state, initial } = start;
      this.checkpoint = { weights: state.weights, trials: state.epoch * spec.task.N_batch, state };
      this.baselineSent = true;
      if (initial) {
        this.startWeights = initial;
        const fixed = spec.model.constraints.fixed_weights?.W_rec;
        this.resumedBaseline = { type: 'weights-baseline', ...weightBaseline(initial.W_rec, state.weights.rec_connectivity, fixed) };
      }
    }
  }

  /** Simulates a network on the spec's task without training (an imported file): see TrainingWorkerApi.evaluate. */
  async evaluate(options: EvaluateOptions, emit: Emit): Promise<void> {
    const ready = await this.prepare(options.spec, { kind: 'weights', weights: options.weights }, emit);
    if (!ready) return;
    const { spec, available } = ready;
    const backend = options.backend ?? backendPlan(null, available, Infinity).order[0];
    if (!backend) {
      const message = 'no backend can simulate the network here';
      emit({ type: 'error', message });
      emit({ type: 'status', state: 'error', backend: null, probes: available, message });
      return;
    }
    await this.host.use(backend);
    const trainer = this.createTrainer({ ...spec, curriculum: null }, { weights: options.weights });
    try {
      const initial = await trainer.network.exportWeights();
      this.startWeights = { W_in: initial.W_in, W_rec: initial.W_rec, W_out: initial.W_out };
      emit({ type: 'weights-baseline', ...weightBaseline(initial.W_rec, initial.rec_connectivity, spec.model.constraints.fixed_weights?.W_rec) });
      const accuracy = await this.test(trainer, spec, 0, emit, false);
      emit({ type: 'status', state: 'done', backend, message: `the network's accuracy is ${accuracy.toFixed(3)} on a fresh batch (simulated on ${backend}, not trained here)` });
    } finally {
      trainer.dispose();
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
      if (this.resumedBaseline) {
        emit(this.resumedBaseline);
        this.resumedBaseline = null;
      }
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
            // every curve point up to a checkpoint reaches the page before the checkpoint does (the page saves them together)
            stream.flush(epoch);
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
  private async test(trainer: Trainer, spec: ExperimentSpec, trials: number, emit: Emit, resumable = true): Promise<number> {
    const task = trainer.currentTask;
    const evaluation = await trainer.observe(task); // its own stream: how often the page looks never changes the run
    const weights = await trainer.exportWeights();
    const stage = trainer.curriculum?.stage ?? 0;
    const summary = testSummary({
      task,
      batch: evaluation.batch,
      outputs: evaluation.outputs,
      states: evaluation.states,
      // the LSTM's and GRU's state h is already their units' activity; the rate RNN's state x becomes activity through f
      transfer: trainer.network.type !== 'basic' ? 'linear' : trainer.network.transferFunction,
      W_rec: (weights as BasicWeights).W_rec,
      daleRatio: weights.dale_ratio,
      accuracy: evaluation.accuracy,
      loss: evaluation.loss,
      trials,
      stage: Math.min(stage, (trainer.curriculum?.tasks.length ?? 1) - 1),
    });
    emit({ type: 'test', ...summary });
    if (Number.isFinite(evaluation.loss)) {
      const state = resumable ? await trainer.exportState() : null;
      this.checkpoint = { weights, trials, state };
      // a copy goes to the page: the update's buffers are transferred, and this session resumes from its own
      emit({ type: 'checkpoint', trials, file: saveExperimentNpz(weights, spec, this.startWeights), state: state && structuredClone(state) });
    }
    return evaluation.accuracy;
  }
}

/** ", in curriculum stage 2 of 3" for a checkpoint taken in a curriculum's second stage; "" without one. */
function stageText(spec: ExperimentSpec, state: TrainerState | null): string {
  const stages = spec.curriculum?.stages.length;
  return stages && state?.curriculum ? `, in curriculum stage ${state.curriculum.stage + 1} of ${stages}` : '';
}

