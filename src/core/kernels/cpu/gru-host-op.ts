/**
 * CogRNN's GRU (model/gru.ts) as fused ops on the cpu and wasm backends: the whole sequence and its BPTT in the
 * WebAssembly SIMD kernel (./fused-gru.ts), around tf.js's losses and optimizers; predictions and states are two
 * custom ops over one forward run (see hostSequenceOps).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Array3 } from '../../array3.ts';
import { type FusedRnnResult, hostSequenceOps } from '../custom-op.ts';
import { FUSED_GRU_VARIABLES, type FusedGruForwardParams, fusedGruBackward, fusedGruForward } from './fused-gru.ts';

/** The GRU's variables by name (init_hidden, W_r … b_c, W_out, b_out). */
export type GruTensors = Record<(typeof FUSED_GRU_VARIABLES)[number], tf.Tensor>;

export function hostFusedGru(variables: GruTensors, x: Array3): FusedRnnResult {
  const [B, T, N_in] = x.shape;
  const N_rec = variables.W_r.shape[1] as number;
  const N_out = variables.W_out.shape[0];
  const sizes = { x: x.data, B, T, N_in, N_rec, N_out };
  const host = (data: Float32Array[]) =>
    ({ ...sizes, ...Object.fromEntries(FUSED_GRU_VARIABLES.map((name, k) => [name, data[k]])) }) as FusedGruForwardParams;
  return hostSequenceOps(
    FUSED_GRU_VARIABLES.map((name) => variables[name]),
    [B, T, N_out, N_rec],
    (data) => fusedGruForward(host(data)),
    (data, { states }, dOutputs, dStates) => {
      const g = fusedGruBackward({ ...host(data), states, dOutputs, dStates });
      return FUSED_GRU_VARIABLES.map((name) => g[name]);
    },
  );
}
