/**
 * What every recurrent model offers the trainer (PsychRNN's RNN base, reference §3.1):
 * named tf.js variables, a forward pass over a whole batch, the effective weights the
 * regularizers act on, and export to PsychRNN's saved-weights layout.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TransferFunctionName } from './transfer.ts';
import type { NetworkWeights } from './weights.ts';

/**
 * Inputs one time step at a time. Per-step tensors keep every op small: slicing a whole
 * [N_batch, N_steps, N] tensor costs a copy of all of it per slice on tf.js's wasm backend.
 */
export interface StepInputs {
  /** N_steps tensors [N_batch, N_in] */
  x: tf.Tensor2D[];
  /** N_steps tensors [N_batch, N_rec] of ξ ~ N(0,1) (scaled inside by sqrt(2α σ_rec²)), or null */
  noise: tf.Tensor2D[] | null;
}

export interface ForwardResult {
  /** [N_batch, N_steps, N_out] */
  predictions: tf.Tensor3D;
  /** N_steps tensors [N_batch, N_rec]: the state after consuming u_t (pre-activation x for Basic, h for LSTM) */
  states: tf.Tensor2D[];
}

export interface EffectiveWeights {
  W_in: tf.Tensor2D;
  W_rec: tf.Tensor2D;
  W_out: tf.Tensor2D;
}

export interface RecurrentNetwork {
  readonly type: 'basic' | 'lstm';
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
  /** Runs the network over a batch, one step per input tensor. */
  forward(inputs: StepInputs): ForwardResult;
  /** The effective (masked, Dale-applied) weights of the base RNN. */
  effectiveWeights(): EffectiveWeights;
  /** f(state), the firing rates the L2 firing-rate regularizer penalizes. */
  rates(state: tf.Tensor2D): tf.Tensor2D;
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
