/**
 * What every recurrent model offers the trainer (PsychRNN's RNN base, reference §3.1):
 * named tf.js variables, a forward pass over a whole batch, the effective weights the
 * regularizers act on, and export to PsychRNN's saved-weights layout.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Array3 } from '../array3.ts';
import type { TransferFunctionName } from './transfer.ts';
import type { NetworkWeights } from './weights.ts';

/**
 * A batch's inputs on the host, so that each model uploads them in the layout it runs on: whole
 * sequences for a fused kernel, one tensor per time step for op-by-op models (see `stepTensors`).
 */
export interface BatchInputs {
  /** u [N_batch, N_steps, N_in] */
  x: Array3;
  /** ξ ~ N(0,1) [N_batch, N_steps, N_rec] (scaled inside by sqrt(2α σ_rec²)), or null without noise */
  noise: Array3 | null;
}

export interface ForwardResult {
  /** [N_batch, N_steps, N_out] */
  predictions: tf.Tensor3D;
  /** [N_batch, N_steps, N_rec]: the state after consuming u_t (pre-activation x for Basic, h for LSTM and GRU) */
  states: tf.Tensor3D;
}

export interface EffectiveWeights {
  W_in: tf.Tensor2D;
  W_rec: tf.Tensor2D;
  W_out: tf.Tensor2D;
}

export interface RecurrentNetwork {
  readonly type: NetworkWeights['model'];
  readonly N_in: number;
  readonly N_rec: number;
  readonly N_out: number;
  /** α = dt/τ */
  readonly alpha: number;
  /** σ_rec, the recurrent noise standard deviation */
  readonly recNoise: number;
  readonly transferFunction: TransferFunctionName;
  /** Every variable by its PsychRNN name (W_in, W_rec, …). */
  readonly variables: Readonly<Record<string, tf.Variable>>;
  /** Names of the variables the optimizer updates. */
  readonly trainableNames: readonly string[];
  /** Runs the network over a batch of trials. */
  forward(inputs: BatchInputs): ForwardResult;
  /** The effective (masked, Dale-applied) weights of the base RNN. */
  effectiveWeights(): EffectiveWeights;
  /** f(state), the firing rates the L2 firing-rate regularizer penalizes. */
  rates<T extends tf.Tensor>(state: T): T;
  /** The parameters as PsychRNN saves them (effective W_in, W_rec, W_out). */
  exportWeights(): Promise<NetworkWeights>;
  dispose(): void;
}

/** Per-step outputs [N_batch, N_out] as one [N_batch, N_steps, N_out] tensor (concat's gradient splits a small tensor). */
export function stackSteps(steps: tf.Tensor2D[]): tf.Tensor3D {
  const [nBatch, n] = steps[0].shape;
  const timeMajor = tf.reshape(tf.concat(steps, 0), [steps.length, nBatch, n]);
  return tf.transpose(timeMajor, [1, 0, 2]) as tf.Tensor3D;
}

/**
 * Splits [N_batch, N_steps, N] host data into N_steps tensors [N_batch, N] (a transpose in plain JS).
 * Per-step tensors keep op-by-op models' ops small: slicing a whole [N_batch, N_steps, N] tensor
 * costs a copy of all of it per slice on tf.js's wasm backend.
 */
export function stepTensors({ data, shape: [nBatch, nSteps, n] }: Array3): tf.Tensor2D[] {
  const steps: tf.Tensor2D[] = [];
  for (let t = 0; t < nSteps; t++) {
    const step = new Float32Array(nBatch * n);
    for (let b = 0; b < nBatch; b++) step.set(data.subarray((b * nSteps + t) * n, (b * nSteps + t + 1) * n), b * n);
    steps.push(tf.tensor2d(step, [nBatch, n]));
  }
  return steps;
}
