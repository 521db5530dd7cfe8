/**
 * PsychRNN's LSTM (reference §3.4) as fused ops on the cpu and wasm backends: the whole sequence and its
 * BPTT in the WebAssembly SIMD kernel (./fused-lstm.ts), around tf.js's losses and optimizers. As for the
 * Basic RNN (./host-op.ts), predictions and states are two custom ops over one forward run; the states'
 * BPTT runs only when the loss reads the states.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Array3 } from '../../array3.ts';
import { customOp, type FusedRnnResult } from '../custom-op.ts';
import { FUSED_LSTM_VARIABLES, type FusedLstmForwardParams, fusedLstmBackward, fusedLstmForward } from './fused-lstm.ts';

/** The LSTM's variables by name (init_hidden, init_cell, W_f … b_o, W_out, b_out). */
export type LstmTensors = Record<(typeof FUSED_LSTM_VARIABLES)[number], tf.Tensor>;

export function hostFusedLstm(variables: LstmTensors, x: Array3): FusedRnnResult {
  const [B, T, N_in] = x.shape;
  const N_rec = variables.W_f.shape[1] as number;
  const N_out = variables.W_out.shape[0];
  const sizes = { x: x.data, B, T, N_in, N_rec, N_out };
  const tensors = FUSED_LSTM_VARIABLES.map((name) => variables[name]);
  type Run = { host: FusedLstmForwardParams } & ReturnType<typeof fusedLstmForward>;
  let run: Run | null = null;
  const forward = (args: tf.Tensor[]): Run => {
    if (!run) {
      const weights = Object.fromEntries(FUSED_LSTM_VARIABLES.map((name, k) => [name, args[k].dataSync() as Float32Array]));
      const host = { ...sizes, ...weights } as FusedLstmForwardParams;
      run = { host, ...fusedLstmForward(host) };
    }
    return run;
  };
  const gradients = (args: tf.Tensor[], dOutputs: Float32Array, dStates: Float32Array | null) => {
    const { host, states, cells } = forward(args);
    const g = fusedLstmBackward({ ...host, states, cells, dOutputs, dStates });
    return FUSED_LSTM_VARIABLES.map((name, k) => tf.tensor(g[name], args[k].shape));
  };
  const predictionsOp = customOp((args) => ({
    value: tf.tensor3d(forward(args).outputs, [B, T, N_out]),
    gradFunc: (dy) => gradients(args, dy.dataSync() as Float32Array, null),
  }));
  const statesOp = customOp((args) => ({
    value: tf.tensor3d(forward(args).states, [B, T, N_rec]),
    gradFunc: (dy) => gradients(args, new Float32Array(B * T * N_out), dy.dataSync() as Float32Array),
  }));
  return { predictions: predictionsOp(tensors), states: statesOp(tensors) };
}
