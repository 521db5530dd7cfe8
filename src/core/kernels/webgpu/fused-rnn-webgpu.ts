/**
 * Whole-sequence forward and backward (BPTT) of the Basic rate RNN (reference §3.2) on tf.js's WebGPU
 * backend: one compute dispatch runs the forward recurrence (./forward-program.ts), one the backward
 * recurrence (./backward-program.ts); tensors stay on the GPU. Weights are effective (masks and Dale
 * already applied), row-major [post, pre]; b_rec, b_out and init_state are shared by all trials.
 *   x_0 = init_state,   x_{t+1} = (1−α)·x_t + α·(W_rec f(x_t) + W_in u_t + b_rec) + noise_t
 *   states[b, t] = x_{t+1},   outputs[b, t] = W_out f(x_{t+1}) + b_out
 * From the backward dispatch's δ_t and c_0, summed over all trials b and steps t:
 *   dW_rec = Σ δ_t ⊗ f(x_t),  dW_in = Σ δ_t ⊗ u_t,  db_rec = Σ δ_t,
 *   dW_out = Σ dOutputs_t ⊗ f(x_{t+1}),  db_out = Σ dOutputs_t,  dInit_state = Σ_b c_0.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import type { TransferFunctionName } from '../../model/transfer.ts';
import type { FusedRnnWeights } from '../custom-op.ts';
import { rnnShapes } from '../rnn-shapes.ts';
import { transferFunctionTf } from '../../model/transfer-tf.ts';
import { FusedBackwardProgram } from './backward-program.ts';
import { FusedForwardProgram } from './forward-program.ts';
import type { FusedDims } from './fused-program.ts';

/** The effective weights (see FusedRnnWeights), with the inputs as tensors. */
export interface WebGpuFusedInputs extends FusedRnnWeights {
  /** inputs u [B, T, N_in] */
  x: tf.Tensor3D;
  /** recurrent noise added to x_{t+1}, already scaled [B, T, N_rec], or null */
  noise: tf.Tensor3D | null;
  /** dt/τ */
  alpha: number;
  transfer: TransferFunctionName;
}

export interface WebGpuFusedBackwardInputs extends WebGpuFusedInputs {
  /** the forward's states [B, T, N_rec] */
  states: tf.Tensor3D;
  /** ∂L/∂outputs [B, T, N_out] */
  dOutputs: tf.Tensor3D;
  /** ∂L/∂states [B, T, N_rec], or null when the loss does not read the states */
  dStates: tf.Tensor3D | null;
}

/** ∂L with respect to each parameter, each in the shape it was given in. */
export interface WebGpuFusedGradients {
  dW_in: tf.Tensor2D;
  dW_rec: tf.Tensor2D;
  dW_out: tf.Tensor2D;
  db_rec: tf.Tensor;
  db_out: tf.Tensor;
  dInit_state: tf.Tensor;
}

/** The active backend, which must be tf.js's webgpu backend. */
export function activeWebGpuBackend(): WebGPUBackend {
  const name = tf.getBackend();
  if (name !== 'webgpu') {
    throw new Error(`the fused WebGPU kernels need the webgpu tf.js backend; the active backend is '${name}'`);
  }
  return tf.backend() as WebGPUBackend;
}

/** Throws a message naming the tensor whose shape or dtype does not fit the network; returns the sizes. */
function checkInputs(p: WebGpuFusedInputs, extra: Record<string, [tf.Tensor | null, number[]]> = {}): FusedDims {
  const [B, T, N_in] = p.x.shape;
  const [N_rec, N_out] = [p.W_rec.shape[0], p.W_out.shape[0]];
  const expected: Record<string, [tf.Tensor | null, number[]]> = {
    ...Object.fromEntries(
      Object.entries(rnnShapes(B, T, N_in, N_rec, N_out)).map(([name, shape]) => [name, [p[name as keyof WebGpuFusedInputs] as tf.Tensor | null, shape]]),
    ),
    ...extra,
  };
  for (const [name, [tensor, shape]] of Object.entries(expected)) {
    if (tensor === null) continue;
    const rowVector = shape.length === 1 && tf.util.arraysEqual(tensor.shape, [1, shape[0]]);
    if (!(tf.util.arraysEqual(tensor.shape, shape) || rowVector)) {
      const allowed = shape.length === 1 ? `[${shape[0]}] or [1, ${shape[0]}]` : `[${shape.join(', ')}]`;
      throw new Error(`${name} has shape [${tensor.shape.join(', ')}]; the network needs ${allowed}`);
    }
    if (tensor.dtype !== 'float32') throw new Error(`${name} has dtype ${tensor.dtype}; float32 is needed`);
  }
  if (!(p.alpha > 0 && p.alpha <= 1)) throw new Error(`alpha (dt/tau) must be in (0, 1]; got ${p.alpha}`);
  return { B, T, N_in, N_rec, N_out };
}

/** Throws when the device cannot hold one float per unit in workgroup memory. */
function checkWorkgroupMemory(backend: WebGPUBackend, N_rec: number): void {
  const bytes = backend.device.limits.maxComputeWorkgroupStorageSize;
  if (N_rec * 4 > bytes) {
    throw new Error(`N_rec ${N_rec} is too large for the fused WebGPU kernels on this device: at most ${bytes / 4} units`);
  }
}

/** Runs `program` on `inputs` and returns its float32 output as a tensor owned by the engine. */
export function runProgram(backend: WebGPUBackend, program: WebGPUProgram, inputs: tf.Tensor[], dims: FusedDims, alpha: number): tf.Tensor {
  const uniforms = [
    { type: 'int32', data: [dims.T] },
    { type: 'int32', data: [dims.B] },
    { type: 'float32', data: [alpha] },
  ];
  return tf.engine().makeTensorFromTensorInfo(backend.runWebGPUProgram(program, inputs, 'float32', uniforms));
}

/** Cuts a flat tensor into consecutive pieces of the given shapes. */
function splitFlat(flat: tf.Tensor, shapes: number[][]): tf.Tensor[] {
  let start = 0;
  return shapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const piece = tf.reshape(tf.slice(flat, start, size), shape);
    start += size;
    return piece;
  });
}

/** Runs every trial from init_state and returns states x_{t+1} [B, T, N_rec] and outputs y_t [B, T, N_out]. */
export function webgpuFusedForward(p: WebGpuFusedInputs): { states: tf.Tensor3D; outputs: tf.Tensor3D } {
  const backend = activeWebGpuBackend();
  const dims = checkInputs(p);
  checkWorkgroupMemory(backend, dims.N_rec);
  const { B, T, N_rec, N_out } = dims;
  return tf.tidy(() => {
    const program = new FusedForwardProgram(dims, p.transfer, p.noise !== null);
    const weightsT = tf.transpose(tf.concat([p.W_in, p.W_rec], 1));
    const vectors = tf.concat([tf.reshape(p.b_rec, [N_rec]), tf.reshape(p.init_state, [N_rec]), tf.reshape(p.b_out, [N_out])]);
    const inputs = [p.x, ...(p.noise ? [p.noise] : []), weightsT, p.W_out, vectors];
    const flat = runProgram(backend, program, inputs, dims, p.alpha);
    const [states, outputs] = splitFlat(flat, [[B, T, N_rec], [B, T, N_out]]) as tf.Tensor3D[];
    return { states, outputs };
  });
}

/** f(x_t) for t = 0..T−1 [B·T, N_rec]: f(init_state) for every trial, then the rates of x_1..x_{T−1}. */
function ratesBeforeEachStep(rates: tf.Tensor3D, initRates: tf.Tensor, dims: FusedDims): tf.Tensor2D {
  const { B, T, N_rec } = dims;
  const first = tf.tile(tf.reshape(initRates, [1, 1, N_rec]), [B, 1, 1]);
  const rest = tf.slice(rates, [0, 0, 0], [B, T - 1, N_rec]);
  return tf.reshape(tf.concat([first, rest], 1), [B * T, N_rec]);
}

/** BPTT of L through webgpuFusedForward, given ∂L/∂outputs (and ∂L/∂states); the noise does not enter the gradients. */
export function webgpuFusedBackward(p: WebGpuFusedBackwardInputs): WebGpuFusedGradients {
  const backend = activeWebGpuBackend();
  const [B, T] = p.x.shape;
  const [N_rec, N_out] = [p.W_rec.shape[0], p.W_out.shape[0]];
  const dims = checkInputs(p, {
    states: [p.states, [B, T, N_rec]],
    dOutputs: [p.dOutputs, [B, T, N_out]],
    dStates: [p.dStates, [B, T, N_rec]],
  });
  checkWorkgroupMemory(backend, N_rec);
  return tf.tidy(() => {
    const program = new FusedBackwardProgram(dims, p.transfer, p.dStates !== null);
    const initState = tf.reshape(p.init_state, [N_rec]);
    const inputs = [p.states, p.dOutputs, ...(p.dStates ? [p.dStates] : []), p.W_rec, p.W_out, initState];
    const flat = runProgram(backend, program, inputs, dims, p.alpha);
    const [deltas, c0] = splitFlat(flat, [[B * T, N_rec], [B, N_rec]]) as tf.Tensor2D[];
    const f = transferFunctionTf(p.transfer);
    const rates = f(p.states);
    const dOutputs = tf.reshape(p.dOutputs, [B * T, N_out]);
    const transposedProduct = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b, true, false) as tf.Tensor2D;
    return {
      dW_in: transposedProduct(deltas, tf.reshape(p.x, [B * T, dims.N_in])),
      dW_rec: transposedProduct(deltas, ratesBeforeEachStep(rates, f(initState), dims)),
      dW_out: transposedProduct(dOutputs, tf.reshape(rates, [B * T, N_rec])),
      db_rec: tf.reshape(tf.sum(deltas, 0), p.b_rec.shape),
      db_out: tf.reshape(tf.sum(dOutputs, 0), p.b_out.shape),
      dInit_state: tf.reshape(tf.sum(c0, 0), p.init_state.shape),
    };
  });
}
