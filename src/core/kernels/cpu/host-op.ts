/**
 * The Basic RNN's fused op on the cpu and wasm backends: the WebAssembly SIMD kernel (./fused-rnn.ts) reads
 * the tensors' host memory; the inputs u and ξ never become tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Array3 } from '../../array3.ts';
import { customOp, rnnWeightList, type FusedRnnInputs, type FusedRnnResult, type FusedRnnWeights } from '../custom-op.ts';
import { type FusedForwardParams, type FusedTransfer, fusedBackward, fusedForward } from './fused-rnn.ts';

/** ξ·scale as a new array, or null */
function scaledNoise(noise: Array3 | null, scale: number): Float32Array | null {
  if (!noise || scale === 0) return null;
  const out = new Float32Array(noise.data.length);
  for (let k = 0; k < out.length; k++) out[k] = noise.data[k] * scale;
  return out;
}

type HostWeights = Pick<FusedForwardParams, 'W_in' | 'W_rec' | 'W_out' | 'b_rec' | 'b_out' | 'init_state'>;

/**
 * The WebAssembly kernel as two custom-gradient ops over the same forward run, one per output (a tf.js
 * custom gradient has a single output): predictions, whose gradient is the BPTT of ∂L/∂y, and states,
 * whose gradient is the BPTT of ∂L/∂states. BPTT is linear in the two, so the sum tf.js forms is the
 * whole gradient, and the states' BPTT runs only when the loss depends on the states (a firing-rate
 * regularizer): tf.js back-propagates only through ops on the path to the loss.
 */
export function hostFusedRnn(weights: FusedRnnWeights, inputs: FusedRnnInputs): FusedRnnResult {
  const [B, T, N_in] = inputs.x.shape;
  const N_rec = weights.W_rec.shape[0];
  const N_out = weights.W_out.shape[0];
  const shape = {
    x: inputs.x.data,
    noise: scaledNoise(inputs.noise, inputs.noiseScale),
    alpha: inputs.alpha,
    transfer: inputs.transfer as FusedTransfer,
    B, T, N_in, N_rec, N_out,
  };
  let run: { host: HostWeights; states: Float32Array; outputs: Float32Array } | null = null;
  const forward = (args: tf.Tensor[]) => {
    if (!run) {
      const [W_in, W_rec, W_out, b_rec, b_out, init_state] = args.map((a) => a.dataSync() as Float32Array);
      const host = { W_in, W_rec, W_out, b_rec, b_out, init_state };
      run = { host, ...fusedForward({ ...shape, ...host }) };
    }
    return run;
  };
  const gradients = (args: tf.Tensor[], dOutputs: Float32Array, dStates: Float32Array | null) => {
    const { host, states } = forward(args);
    const g = fusedBackward({ ...shape, ...host, states, dOutputs, dStates });
    return [g.dW_in, g.dW_rec, g.dW_out, g.db_rec, g.db_out, g.dInit_state].map((d, k) => tf.tensor(d, args[k].shape));
  };
  const predictionsOp = customOp((args) => ({
    value: tf.tensor3d(forward(args).outputs, [B, T, N_out]),
    gradFunc: (dy) => gradients(args, dy.dataSync() as Float32Array, null),
  }));
  const statesOp = customOp((args) => ({
    value: tf.tensor3d(forward(args).states, [B, T, N_rec]),
    gradFunc: (dy) => gradients(args, new Float32Array(B * T * N_out), dy.dataSync() as Float32Array),
  }));
  return { predictions: predictionsOp(rnnWeightList(weights)), states: statesOp(rnnWeightList(weights)) };
}

