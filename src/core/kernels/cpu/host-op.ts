/**
 * The Basic RNN's fused op on the cpu and wasm backends: the WebAssembly SIMD kernel (./fused-rnn.ts) reads
 * the tensors' host memory; the inputs u and ξ never become tensors.
 */
import type { Array3 } from '../../array3.ts';
import { hostSequenceOps, rnnWeightList, type FusedRnnInputs, type FusedRnnResult, type FusedRnnWeights } from '../custom-op.ts';
import { type FusedTransfer, fusedBackward, fusedForward } from './fused-rnn.ts';

/** ξ·scale as a new array, or null */
function scaledNoise(noise: Array3 | null, scale: number): Float32Array | null {
  if (!noise || scale === 0) return null;
  const out = new Float32Array(noise.data.length);
  for (let k = 0; k < out.length; k++) out[k] = noise.data[k] * scale;
  return out;
}

/** The Basic RNN's whole sequence and BPTT in the WebAssembly kernel, as predictions and states ops. */
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
  const host = ([W_in, W_rec, W_out, b_rec, b_out, init_state]: Float32Array[]) => ({ ...shape, W_in, W_rec, W_out, b_rec, b_out, init_state });
  return hostSequenceOps(
    rnnWeightList(weights),
    [B, T, N_out, N_rec],
    (data) => fusedForward(host(data)),
    (data, { states }, dOutputs, dStates) => {
      const g = fusedBackward({ ...host(data), states, dOutputs, dStates });
      return [g.dW_in, g.dW_rec, g.dW_out, g.db_rec, g.db_out, g.dInit_state];
    },
  );
}
