/**
 * PsychRNN's training loop (reference §6), on any tf.js backend:
 * epochs run while (epoch−1)·N_batch < training_iters (training_iters counts trials) and the
 * performance measure is below its cutoff. Each epoch takes the next batch and applies one
 * optimizer step; every loss_epoch the loss is re-evaluated on the same batch after the update;
 * every curriculum.metric_epoch a fresh batch decides whether the stage advances.
 * Unlike PsychRNN we do not consume a batch to detect the batch size (its issue #43).
 * A run can be exported after any epoch (`exportState`) and resumed in a fresh Trainer (`resume`), on any backend:
 * the weights, optimizer, curriculum position and every random stream continue as if it had not stopped.
 */
import * as tf from '@tensorflow/tfjs-core';
// Autodiff needs every op's gradient registered; tfjs-core's own entry does not, the tfjs package does.
import '@tensorflow/tfjs';
import type { Array3 } from '../array3.ts';
import { Rng } from '../rng.ts';
import type { ExperimentSpec, TaskSpec } from '../spec/spec.ts';
import { createTask } from '../tasks/registry.ts';
import type { Task, TrialBatch } from '../tasks/task.ts';
import { buildNetwork, fixedWeightMasks } from '../model/build.ts';
import type { KernelChoice } from '../model/basic.ts';
import type { RecurrentNetwork } from '../model/network.ts';
import type { NetworkWeights } from '../model/weights.ts';
import { Curriculum, type CurriculumMetric } from './curriculum.ts';
import { EvaluationStream } from './evaluation-stream.ts';
import { type LossFunction, resolveLoss } from './losses.ts';
import { batchTensors, evaluateObjective, type Objective } from './objective.ts';
import { KeptWeights } from './kept-weights.ts';
import { Optimizer } from './optimizer.ts';
import type { CustomRegularizer } from './regularizers.ts';
import { exportOptimizer, rawWeights, restoreOptimizer, type TrainerState } from './trainer-state.ts';

export type { TrainerState } from './trainer-state.ts';

/** User-supplied functions that a JSON spec cannot hold. */
export interface TrainerHooks {
  loss?: LossFunction;
  regularizer?: CustomRegularizer;
  curriculumMetric?: CurriculumMetric;
  /** Higher is better; replaces the spec's performance_measure (PsychRNN's signature, simplified). */
  performanceMeasure?: (evaluation: Evaluation, epoch: number) => number;
}

export interface TrainerOptions {
  hooks?: TrainerHooks;
  /** Start from these weights (a saved file) instead of the spec's initializer. */
  weights?: NetworkWeights;
  /** Continue a run from its `exportState` (taken with the same spec): `weights` is then ignored. */
  resume?: TrainerState;
  /** 'auto' (default): the fused whole-sequence kernel where the backend has one; 'per-step': op by op */
  kernel?: KernelChoice;
}

export interface TrainingProgress {
  /** Epochs (optimizer steps) done. */
  iteration: number;
  trials: number;
  totalTrials: number;
  /** reg_loss on the latest loss epoch's batch, after its update */
  loss: number;
  /** accuracy on that batch */
  accuracy: number;
  /** 0-based curriculum stage (0 without a curriculum) */
  stage: number;
  stages: number;
  elapsedMs: number;
}

export type StopReason = 'completed' | 'performance_cutoff' | 'curriculum_complete' | 'cancelled' | 'non_finite_loss';

export interface TrainingResult {
  /** reg_loss every loss_epoch, as PsychRNN's `losses` (a resumed run's include those before it was resumed) */
  losses: number[];
  /** accuracy and loss on a fresh batch after training, of the spec's `task` (the target; with a curriculum too) */
  accuracy: number;
  loss: number;
  /** epochs done over the whole run (a resumed run counts those before it was resumed too) */
  iterations: number;
  trials: number;
  /** this call's time */
  seconds: number;
  stage: number;
  stopReason: StopReason;
  /** [value, stage] at each curriculum metric test */
  curriculumMetricValues: [number, number][];
  /**
   * With stopReason 'non_finite_loss': the trials after which the weights were last good (their loss finite). The
   * trainer has gone back to those weights and that optimizer state, so `exportWeights` gives them.
   */
  keptTrials?: number;
}

/** Where the training loop is: what the next epoch depends on besides the weights and the random streams. */
interface RunPosition {
  /** epochs done */
  epoch: number;
  iterationsInStage: number;
  losses: number[];
  /** the performance measure after the last epoch (−∞ before the first) */
  performance: number;
}

export interface Evaluation {
  batch: TrialBatch<object>;
  /** [N_batch, N_steps, N_out] */
  outputs: Array3;
  /** [N_batch, N_steps, N_rec] */
  states: Array3;
  loss: number;
  accuracy: number;
}

export interface TrainCallOptions {
  onProgress?: (progress: TrainingProgress) => void;
  signal?: AbortSignal;
  /**
   * Awaited after every epoch: the place to test, checkpoint, or pause (training waits until it resolves).
   * `stageAdvanced` is true when the curriculum moved to a new stage in this epoch.
   */
  afterEpoch?: (epoch: number, stageAdvanced: boolean) => Promise<void> | void;
}

/** Yields to the event loop so that cancellation and messages get through. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class Trainer {
  readonly spec: ExperimentSpec;
  readonly network: RecurrentNetwork;
  readonly optimizer: Optimizer;
  readonly curriculum: Curriculum | null;
  private task: Task<object>;
  /** the spec's `task`: what training aims at, and what the final score is measured on */
  private readonly targetTask: Task<object>;
  private readonly taskConfigs = new Map<Task<object>, TaskSpec>();
  /** the training tasks in the order they were made: the curriculum's stages then the target, or the one task */
  private readonly tasks: Task<object>[] = [];
  private run: RunPosition = { epoch: 0, iterationsInStage: 0, losses: [], performance: -Infinity };
  private readonly objective: Objective;
  private readonly fixedMasks: Record<string, tf.Tensor>;
  private readonly noiseRng: Rng;
  /** fresh batches whose scores decide training */
  private readonly evaluation: EvaluationStream;
  /** fresh batches for summaries that only look (`observe`) */
  private readonly observation: EvaluationStream;
  private readonly hooks: TrainerHooks;
  private readonly good: KeptWeights;

  constructor(spec: ExperimentSpec, options: TrainerOptions = {}) {
    this.spec = spec;
    this.hooks = options.hooks ?? {};
    const root = new Rng(spec.seed);
    this.noiseRng = root.fork('noise');
    const configOf = (task: Task<object>) => this.taskConfigs.get(task);
    this.evaluation = new EvaluationStream(root.fork('evaluation'), this.noiseRng, configOf);
    this.observation = new EvaluationStream(root.fork('observation'), root.fork('observation noise'), configOf);
    this.network = buildNetwork(spec, root.fork('initialization'), options.resume?.weights ?? options.weights, options.kernel);
    this.optimizer = new Optimizer(spec.training.optimizer);
    this.good = new KeptWeights(this.network, this.optimizer);
    this.fixedMasks = fixedWeightMasks(spec, this.network);
    this.objective = {
      loss: resolveLoss(this.hooks.loss ?? spec.loss),
      regularization: spec.regularization,
      customRegularizer: this.hooks.regularizer,
    };
    const trials = root.fork('trials');
    if (spec.curriculum) {
      const c = spec.curriculum;
      const tasks = c.stages.map((stage, k) => this.track(createTask(stage, trials.fork(`stage ${k}`)), stage));
      this.curriculum = new Curriculum(tasks, {
        thresholds: c.thresholds,
        metric_epoch: c.metric_epoch,
        metric: this.hooks.curriculumMetric ?? c.metric,
      });
      this.task = this.curriculum.currentTask;
      this.targetTask = this.track(createTask(spec.task, trials.fork('target')), spec.task);
    } else {
      this.curriculum = null;
      this.task = this.track(createTask(spec.task, trials), spec.task);
      this.targetTask = this.task;
    }
    if (options.resume) this.resumeAt(options.resume);
  }

  private track(task: Task<object>, config: TaskSpec): Task<object> {
    this.taskConfigs.set(task, config);
    this.tasks.push(task);
    return task;
  }

  /**
   * The run's position after the last epoch, as plain data: resume it with `new Trainer(spec, { resume })`. Take it
   * between epochs (`afterEpoch`) or after `train`; after a stop on a non-finite loss the weights are the kept ones
   * but the streams are not wound back, so that state is not one to resume from.
   */
  async exportState(): Promise<TrainerState> {
    const { epoch, iterationsInStage, losses, performance: measured } = this.run;
    return {
      epoch,
      weights: await rawWeights(this.network),
      optimizer: await exportOptimizer(this.optimizer),
      curriculum: this.curriculum ? { ...this.curriculum.position(), iterationsInStage } : null,
      losses: [...losses],
      performance: Number.isFinite(measured) ? measured : null,
      noise: this.noiseRng.state(),
      tasks: this.tasks.map((task) => task.position()),
      evaluation: this.evaluation.position(this.tasks),
      observation: { twins: this.observation.position(this.tasks), noise: this.observation.noise.state() },
    };
  }

  /** Moves a freshly built trainer to `state` (its weights are already in the network). */
  private resumeAt(state: TrainerState): void {
    if (state.tasks.length !== this.tasks.length) {
      throw new Error(
        `Trainer: the state to resume holds ${state.tasks.length} task position(s); this spec trains ${this.tasks.length} task(s) — resume with the spec the state was taken with`,
      );
    }
    if ((state.curriculum === null) !== (this.curriculum === null)) {
      throw new Error(`Trainer: the state to resume was taken ${state.curriculum ? 'with' : 'without'} a curriculum; this spec has ${this.curriculum ? 'one' : 'none'}`);
    }
    restoreOptimizer(this.optimizer, this.network.variables, state.optimizer);
    if (this.curriculum && state.curriculum) {
      this.curriculum.resumeAt(state.curriculum);
      this.task = this.curriculum.currentTask;
    }
    this.noiseRng.restore(state.noise);
    state.tasks.forEach((position, k) => this.tasks[k].resumeAt(position));
    this.evaluation.resumeAt(state.evaluation, this.tasks);
    this.observation.resumeAt(state.observation.twins, this.tasks);
    this.observation.noise.restore(state.observation.noise);
    this.run = {
      epoch: state.epoch,
      iterationsInStage: state.curriculum?.iterationsInStage ?? 0,
      losses: [...state.losses],
      performance: state.performance ?? -Infinity,
    };
  }

  /** The task trials are drawn from now (the current curriculum stage's). */
  get currentTask(): Task<object> {
    return this.task;
  }

  /** One optimizer step on `batch`. */
  step(batch: TrialBatch<object>): void {
    tf.tidy(() => {
      const t = batchTensors(batch, this.network, this.noiseRng);
      const variables = this.network.trainableNames.map((n) => this.network.variables[n]);
      const { grads } = tf.variableGrads(() => evaluateObjective(this.network, t, this.objective).total, variables);
      const gradients: Record<string, tf.Tensor> = {};
      this.network.trainableNames.forEach((name, k) => {
        const g = grads[variables[k].name];
        if (g) gradients[name] = g;
      });
      this.optimizer.applyRaw(this.network.variables, gradients, this.fixedMasks, this.spec.training.clip_grads);
    });
  }

  /** Runs the network on `batch` (noise as in training, from `noise`) and scores it with the batch's task. */
  async evaluateBatch(batch: TrialBatch<object>, task: Task<object> = this.task, noise: Rng = this.noiseRng): Promise<Evaluation> {
    const { outputs, states, loss } = tf.tidy(() => {
      const t = batchTensors(batch, this.network, noise);
      const v = evaluateObjective(this.network, t, this.objective);
      return { outputs: v.predictions, states: v.states, loss: v.total };
    });
    const [o, s, l] = await Promise.all([outputs.data(), states.data(), loss.data()]);
    const result: Evaluation = {
      batch,
      outputs: { data: o as Float32Array, shape: outputs.shape as [number, number, number] },
      states: { data: s as Float32Array, shape: states.shape as [number, number, number] },
      loss: l[0],
      accuracy: 0,
    };
    tf.dispose([outputs, states, loss]);
    result.accuracy = task.accuracyFunction(batch.y, result.outputs, batch.mask, batch.params);
    return result;
  }

  /** Scores the network on a fresh batch of `task` (drawn from a stream separate from training's). */
  async evaluate(task: Task<object> = this.task): Promise<Evaluation> {
    return this.evaluateBatch(this.evaluation.twin(task).getTrialBatch(), task);
  }

  /**
   * Like `evaluate`, from the observation stream (its own trials and noise): for summaries taken at any moment (the
   * page's test plots, every few seconds), which must leave the run as its seed makes it.
   */
  async observe(task: Task<object> = this.task): Promise<Evaluation> {
    return this.evaluateBatch(this.observation.twin(task).getTrialBatch(), task, this.observation.noise);
  }

  /** Trains from where the trainer stands (epoch 0 when new, the state's epoch when resumed) to the end of the run. */
  async train(options: TrainCallOptions = {}): Promise<TrainingResult> {
    const training = this.spec.training;
    const nBatch = this.spec.task.N_batch;
    const start = performance.now();
    const run = this.run;
    const losses = run.losses;
    const stages = this.curriculum?.tasks.length ?? 1;
    let stopReason: StopReason = 'completed';
    let lastYield = start;
    const cutoff = training.performance_cutoff;
    const measured = cutoff !== null && (training.performance_measure !== null || this.hooks.performanceMeasure);
    this.good.keep(run.epoch);
    for (let epoch = run.epoch + 1; (epoch - 1) * nBatch < training.training_iters; epoch++) {
      if (measured && run.performance >= (cutoff as number)) {
        stopReason = 'performance_cutoff';
        break;
      }
      if (options.signal?.aborted) {
        stopReason = 'cancelled';
        break;
      }
      const batch = this.task.getTrialBatch();
      this.step(batch);
      run.epoch = epoch;
      run.iterationsInStage++;
      if (epoch % training.loss_epoch === 0) {
        const ev = await this.evaluateBatch(batch);
        losses.push(ev.loss);
        options.onProgress?.(this.progress(epoch, ev, start, stages));
        if (!Number.isFinite(ev.loss)) {
          stopReason = 'non_finite_loss';
          break;
        }
        this.good.keep(epoch);
      }
      let advanced = false;
      if (this.curriculum?.isMetricEpoch(epoch)) {
        const ev = await this.evaluate();
        advanced = this.curriculum.metricTest({ epoch, iterationsInStage: run.iterationsInStage, accuracy: ev.accuracy, loss: ev.loss, losses });
        if (advanced) {
          if (this.curriculum.stopTraining) {
            stopReason = 'curriculum_complete';
            break;
          }
          this.task = this.curriculum.currentTask;
          run.iterationsInStage = 0;
        }
      }
      if (measured) run.performance = await this.measurePerformance(epoch);
      await options.afterEpoch?.(epoch, advanced);
      if (performance.now() - lastYield > 25) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    const iterations = run.epoch;
    let final = await this.evaluate(this.targetTask);
    // a loss that went bad after the last loss epoch (or with loss_epoch beyond the run) shows here first
    if (stopReason !== 'non_finite_loss' && !Number.isFinite(final.loss)) stopReason = 'non_finite_loss';
    let keptTrials: number | undefined;
    if (stopReason === 'non_finite_loss' && this.good.epoch !== null) {
      keptTrials = this.good.epoch * nBatch;
      this.good.restore();
      final = await this.evaluate(this.targetTask);
    }
    this.good.dispose();
    return {
      losses: [...losses],
      accuracy: final.accuracy,
      loss: final.loss,
      iterations,
      trials: iterations * nBatch,
      seconds: (performance.now() - start) / 1000,
      stage: this.curriculum ? Math.min(this.curriculum.stage, stages - 1) : 0,
      stopReason,
      curriculumMetricValues: this.curriculum ? [...this.curriculum.metricValues] : [],
      ...(keptTrials !== undefined ? { keptTrials } : {}),
    };
  }

  private async measurePerformance(epoch: number): Promise<number> {
    const ev = await this.evaluate();
    return this.hooks.performanceMeasure ? this.hooks.performanceMeasure(ev, epoch) : ev.accuracy;
  }

  private progress(epoch: number, ev: Evaluation, start: number, stages: number): TrainingProgress {
    const nBatch = this.spec.task.N_batch;
    return {
      iteration: epoch,
      trials: epoch * nBatch,
      totalTrials: Math.ceil(this.spec.training.training_iters / nBatch) * nBatch,
      loss: ev.loss,
      accuracy: ev.accuracy,
      stage: this.curriculum?.stage ?? 0,
      stages,
      elapsedMs: performance.now() - start,
    };
  }

  /** The trained weights as PsychRNN saves them, with the optimizer's slots. */
  async exportWeights(): Promise<NetworkWeights> {
    const weights = await this.network.exportWeights();
    return { ...weights, optimizer_slots: await this.optimizer.exportSlots() };
  }

  dispose(): void {
    this.good.dispose();
    this.network.dispose();
    this.optimizer.dispose();
    tf.dispose(Object.values(this.fixedMasks));
  }
}
