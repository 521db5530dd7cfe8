/**
 * The Basic RNN's whole-sequence forward pass as ONE tf.js op with its own gradient (tf.customGrad over
 * the effective weights): the recurrence and its BPTT run in a fused kernel, while the effective weights
 * (masks, Dale), losses, regularizers and optimizers stay ordinary tf.js ops around it.
 *   x_{t+1} = (1−α)·x_t + α·(W_rec f(x_t) + W_in u_t + b_rec) + sqrt(2α σ_rec²)·ξ_t,   y_t = W_out f(x_{t+1}) + b_out
 * On the cpu and wasm backends, whose tensors live in JavaScript or WebAssembly memory, the kernel is
 * the WebAssembly SIMD one (./cpu/host-op.ts); on webgpu, two WGSL dispatches (./webgpu/webgpu-op.ts); on
 * webgl, one fused draw per time step each way (./webgl/fused-rnn-webgl.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TransferFunctionName } from '../model/transfer.ts';
import type { FusedRnnInputs, FusedRnnResult, FusedRnnWeights } from './custom-op.ts';
import { FUSED_TRANSFER_FUNCTIONS } from './cpu/fused-rnn.ts';
import { hostFusedRnn } from './cpu/host-op.ts';
import { webglFusedRnn } from './webgl/fused-rnn-webgl.ts';
import { webgpuFusedRnn } from './webgpu/webgpu-op.ts';

export type { FusedRnnInputs, FusedRnnResult, FusedRnnWeights };

/** The fused implementation of each backend that has one (cpu and wasm: tensors the WebAssembly kernel reads directly). */
const FUSED_OPS: Record<string, (weights: FusedRnnWeights, inputs: FusedRnnInputs) => FusedRnnResult> = {
  cpu: hostFusedRnn,
  wasm: hostFusedRnn,
  webgl: webglFusedRnn,
  webgpu: webgpuFusedRnn,
};

/** Whether a fused kernel runs this transfer function on `backend` (a tf.js backend name). */
export function hasFusedKernel(backend: string, transfer: TransferFunctionName): boolean {
  return backend in FUSED_OPS && (FUSED_TRANSFER_FUNCTIONS as readonly string[]).includes(transfer);
}

/** Runs the whole recurrence as one differentiable op on the active backend. */
export function fusedRnn(weights: FusedRnnWeights, inputs: FusedRnnInputs): FusedRnnResult {
  const backend = tf.getBackend();
  if (!hasFusedKernel(backend, inputs.transfer)) {
    throw new Error(`no fused kernel for transfer '${inputs.transfer}' on the ${backend} backend; fused kernels: ` +
      `${FUSED_TRANSFER_FUNCTIONS.join(', ')} on ${Object.keys(FUSED_OPS).join(', ')}`);
  }
  return FUSED_OPS[backend](weights, inputs);
}
