/**
 * The naive baseline of issue 4: a leaky ReLU rate RNN trained the way one would first write it in
 * tf.js — op by op, with tf.js's own autodiff and Adam. Every time step slices its input out of the
 * whole [N_batch, N_steps, N_in] tensor and builds the state from separate small ops:
 *   x_{t+1} = (1−α)·x_t + α·(relu(x_t)·W_recᵀ + u_t·W_inᵀ + b_rec)
 *   y_t     = relu(x_{t+1})·W_outᵀ + b_out
 *   loss    = mean((m ⊙ (ŷ − y))²)
 * No masks, Dale, noise, regularization or gradient clipping: the same arithmetic as our engine's
 * Basic RNN on the default perceptual-discrimination spec, without its care about op counts.
 * It is the peer every benchmark run measures; it is not used by the app.
 */
import * as tf from '@tensorflow/tfjs-core';
// Autodiff needs every op's gradient registered; the tfjs package registers them.
import '@tensorflow/tfjs';
import { initialBasicWeights } from '../src/core/model/build.ts';
import type { BasicWeights } from '../src/core/model/weights.ts';
import { Rng } from '../src/core/rng.ts';
import type { ExperimentSpec } from '../src/core/spec/spec.ts';
import type { TrialBatch } from '../src/core/tasks/task.ts';

export interface NaiveOptions {
  /** α = dt/τ */
  alpha: number;
  learningRate: number;
}

export class NaiveRnn {
  readonly options: NaiveOptions;
  private readonly W_in: tf.Variable;
  private readonly W_rec: tf.Variable;
  private readonly W_out: tf.Variable;
  private readonly b_rec: tf.Variable;
  private readonly b_out: tf.Variable;
  private readonly init_state: tf.Variable;
  private readonly optimizer: tf.AdamOptimizer;

  /** Starts from `weights`' W_in, W_rec, W_out, b_rec, b_out and init_state; its masks and Dale are ignored. */
  constructor(weights: BasicWeights, options: NaiveOptions) {
    const { N_in, N_rec, N_out } = weights;
    this.options = options;
    this.W_in = tf.variable(tf.tensor2d(weights.W_in.data, [N_rec, N_in]));
    this.W_rec = tf.variable(tf.tensor2d(weights.W_rec.data, [N_rec, N_rec]));
    this.W_out = tf.variable(tf.tensor2d(weights.W_out.data, [N_out, N_rec]));
    this.b_rec = tf.variable(tf.tensor1d(weights.b_rec.data));
    this.b_out = tf.variable(tf.tensor1d(weights.b_out.data));
    this.init_state = tf.variable(tf.tensor2d(weights.init_state.data, [1, N_rec]));
    this.optimizer = tf.train.adam(options.learningRate);
  }

  /** b_out, a tiny tensor the step updates: reading it waits for the step on async backends. */
  get outputBias(): tf.Variable {
    return this.b_out;
  }

  /** Predictions [N_batch, N_steps, N_out] for inputs x [N_batch, N_steps, N_in]. */
  forward(x: tf.Tensor3D): tf.Tensor3D {
    const [nBatch, nSteps, nIn] = x.shape;
    const a = this.options.alpha;
    let state = tf.tile(this.init_state, [nBatch, 1]) as tf.Tensor2D;
    const outputs: tf.Tensor2D[] = [];
    for (let t = 0; t < nSteps; t++) {
      const u = tf.reshape(tf.slice(x, [0, t, 0], [nBatch, 1, nIn]), [nBatch, nIn]) as tf.Tensor2D;
      const rec = tf.matMul(tf.relu(state), this.W_rec, false, true);
      const input = tf.matMul(u, this.W_in, false, true);
      const drive = tf.add(tf.add(rec, input), this.b_rec);
      state = tf.add(tf.mul(state, 1 - a), tf.mul(drive, a)) as tf.Tensor2D;
      outputs.push(tf.add(tf.matMul(tf.relu(state), this.W_out, false, true), this.b_out) as tf.Tensor2D);
    }
    return tf.stack(outputs, 1) as tf.Tensor3D;
  }

  /** mean((m ⊙ (ŷ − y))²) on a batch already uploaded. */
  loss(x: tf.Tensor3D, y: tf.Tensor3D, mask: tf.Tensor3D): tf.Scalar {
    return tf.mean(tf.square(tf.mul(mask, tf.sub(this.forward(x), y))));
  }

  /** One Adam step on `batch` (uploaded here, as a training loop would); returns the loss before the step. */
  step(batch: TrialBatch<object>): tf.Scalar {
    return tf.tidy(() => {
      const x = tf.tensor3d(batch.x.data, batch.x.shape);
      const y = tf.tensor3d(batch.y.data, batch.y.shape);
      const mask = tf.tensor3d(batch.mask.data, batch.mask.shape);
      const vars = [this.W_in, this.W_rec, this.W_out, this.b_rec, this.b_out, this.init_state];
      return this.optimizer.minimize(() => this.loss(x, y, mask), true, vars) as tf.Scalar;
    });
  }

  dispose(): void {
    tf.dispose([this.W_in, this.W_rec, this.W_out, this.b_rec, this.b_out, this.init_state]);
    this.optimizer.dispose();
  }
}

/**
 * The naive network for a Basic-RNN spec, starting from the weights our engine's Trainer draws for it
 * (the same seed stream). The benchmark's spec has no masks or Dale, so these raw weights are the effective ones.
 */
export function naiveRnnFor(spec: ExperimentSpec): NaiveRnn {
  if (spec.model.type !== 'basic') throw new Error(`naive baseline: model.type must be "basic", got "${spec.model.type}"`);
  const weights = initialBasicWeights(spec, new Rng(spec.seed).fork('initialization'));
  return new NaiveRnn(weights, { alpha: spec.task.dt / spec.task.tau, learningRate: spec.training.optimizer.learning_rate });
}
