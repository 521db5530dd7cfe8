/** What every fused Basic RNN op takes and gives, and the tf.customGrad wrapper they share. */
import * as tf from '@tensorflow/tfjs-core';
import type { Array3 } from '../array3.ts';
import type { TransferFunctionName } from '../model/transfer.ts';

/** Effective weights [post, pre] and the biases and initial state, as the model holds them. */
export interface FusedRnnWeights {
  W_in: tf.Tensor2D;
  W_rec: tf.Tensor2D;
  W_out: tf.Tensor2D;
  b_rec: tf.Tensor;
  b_out: tf.Tensor;
  /** [1, N_rec] or [N_rec], shared by all trials */
  init_state: tf.Tensor;
}

export interface FusedRnnInputs {
  /** u [N_batch, N_steps, N_in] */
  x: Array3;
  /** ξ ~ N(0,1) [N_batch, N_steps, N_rec], or null */
  noise: Array3 | null;
  /** sqrt(2α σ_rec²), the factor of ξ */
  noiseScale: number;
  /** dt/τ */
  alpha: number;
  transfer: TransferFunctionName;
}

export interface FusedRnnResult {
  /** y [N_batch, N_steps, N_out] */
  predictions: tf.Tensor3D;
  /** x_{t+1} [N_batch, N_steps, N_rec] */
  states: tf.Tensor3D;
}

/** The weights in the order the fused Basic RNN ops take them. */
export function rnnWeightList(w: FusedRnnWeights): tf.Tensor[] {
  return [w.W_in, w.W_rec, w.W_out, w.b_rec, w.b_out, w.init_state];
}

/**
 * tf.customGrad over a list of tensors, typed for the fused ops: `f` gets the tensors and tf.js's save
 * function, and returns one output with a gradient function that returns one gradient per tensor.
 */
export function customOp(
  f: (
    tensors: tf.Tensor[],
    save: (tensors: tf.Tensor[]) => void,
  ) => { value: tf.Tensor3D; gradFunc: (dy: tf.Tensor3D, saved: tf.Tensor[]) => tf.Tensor[] },
): (tensors: tf.Tensor[]) => tf.Tensor3D {
  return (tensors) => {
    const n = tensors.length;
    const op = tf.customGrad(((...args: unknown[]) =>
      f(args.slice(0, n) as tf.Tensor[], args[n] as (saved: tf.Tensor[]) => void)) as unknown as Parameters<typeof tf.customGrad>[0]);
    return op(...tensors) as tf.Tensor3D;
  };
}

/** A host kernel's forward run: outputs [B, T, N_out] and states [B, T, N_rec] as plain arrays. */
export interface HostRun {
  outputs: Float32Array;
  states: Float32Array;
}

/**
 * A whole-sequence host kernel (WebAssembly, reading the tensors' memory) as two custom-gradient ops over
 * one forward run, one per output (a tf.js custom gradient has a single output): predictions, whose gradient
 * is the BPTT of ∂L/∂y, and states, whose gradient is the BPTT of ∂L/∂states. BPTT is linear in the two, so
 * the sum tf.js forms is the whole gradient, and the states' BPTT runs only when the loss reads the states
 * (a firing-rate regularizer): tf.js back-propagates only through ops on the path to the loss.
 * `forward` gets the tensors' data in order; `backward` returns one gradient array per tensor, in order.
 */
export function hostSequenceOps<R extends HostRun>(
  tensors: tf.Tensor[],
  [B, T, N_out, N_rec]: [number, number, number, number],
  forward: (data: Float32Array[]) => R,
  backward: (data: Float32Array[], run: R, dOutputs: Float32Array, dStates: Float32Array | null) => Float32Array[],
): FusedRnnResult {
  let cached: { data: Float32Array[]; run: R } | null = null;
  const run = (args: tf.Tensor[]) => {
    if (!cached) {
      const data = args.map((a) => a.dataSync() as Float32Array);
      cached = { data, run: forward(data) };
    }
    return cached;
  };
  const gradients = (args: tf.Tensor[], dOutputs: Float32Array, dStates: Float32Array | null) => {
    const { data, run: r } = run(args);
    return backward(data, r, dOutputs, dStates).map((g, k) => tf.tensor(g, args[k].shape));
  };
  const predictionsOp = customOp((args) => ({
    value: tf.tensor3d(run(args).run.outputs, [B, T, N_out]),
    gradFunc: (dy) => gradients(args, dy.dataSync() as Float32Array, null),
  }));
  const statesOp = customOp((args) => ({
    value: tf.tensor3d(run(args).run.states, [B, T, N_rec]),
    gradFunc: (dy) => gradients(args, new Float32Array(B * T * N_out), dy.dataSync() as Float32Array),
  }));
  return { predictions: predictionsOp(tensors), states: statesOp(tensors) };
}
