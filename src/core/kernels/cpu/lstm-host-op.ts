/**
 * PsychRNN's LSTM (reference §3.4) as fused ops on the cpu and wasm backends: the whole sequence and its
 * BPTT in the WebAssembly SIMD kernel (./fused-lstm.ts), around tf.js's losses and optimizers; predictions
 * and states are two custom ops over one forward run (see hostSequenceOps).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Array3 } from '../../array3.ts';
import { type FusedRnnResult, hostSequenceOps } from '../custom-op.ts';
import { FUSED_LSTM_VARIABLES, type FusedLstmForwardParams, fusedLstmBackward, fusedLstmForward } from './fused-lstm.ts';

/** The LSTM's variables by name (init_hidden, init_cell, W_f … b_o, W_out, b_out). */
export type LstmTensors = Record<(typeof FUSED_LSTM_VARIABLES)[number], tf.Tensor>;

export function hostFusedLstm(variables: LstmTensors, x: Array3): FusedRnnResult {
  const [B, T, N_in] = x.shape;
  const N_rec = variables.W_f.shape[1] as number;
  const N_out = variables.W_out.shape[0];
  const sizes = { x: x.data, B, T, N_in, N_rec, N_out };
  const host = (data: Float32Array[]) =>
    ({ ...sizes, ...Object.fromEntries(FUSED_LSTM_VARIABLES.map((name, k) => [name, data[k]])) }) as FusedLstmForwardParams;
  return hostSequenceOps(
    FUSED_LSTM_VARIABLES.map((name) => variables[name]),
    [B, T, N_out, N_rec],
    (data) => fusedLstmForward(host(data)),
    (data, { states, cells }, dOutputs, dStates) => {
      const g = fusedLstmBackward({ ...host(data), states, cells, dOutputs, dStates });
      return FUSED_LSTM_VARIABLES.map((name) => g[name]);
    },
  );
}
