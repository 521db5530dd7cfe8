/**
 * Whole-sequence forward and backward (BPTT) of the Basic rate RNN (reference §3.2) in one WebAssembly SIMD
 * call each (kernel source: ./assembly/rnn.ts, equations there). No tf.js: plain Float32Arrays in and out,
 * weights effective (masks and Dale already applied), row-major [post, pre]. Works in Node, browsers and workers:
 * the module is compiled synchronously from bytes generated into ./rnn-kernel.generated.ts by the npm build.
 */
import * as RNN_BUILDS from './rnn-kernel.generated.ts';
import { rnnShapes } from '../rnn-shapes.ts';
import { SCRATCH, kernelRunner, perTrial, summed, trials } from './threads/runner.ts';
import { Arena, type ArrayShapes, checkArrayShapes, checkSizes, paddedBatch } from './wasm-memory.ts';

export const FUSED_TRANSFER_FUNCTIONS = ['relu', 'tanh', 'sigmoid', 'softplus', 'linear'] as const;
export type FusedTransfer = (typeof FUSED_TRANSFER_FUNCTIONS)[number];

export interface FusedForwardParams {
  /** inputs u [B, T, N_in] */
  x: Float32Array;
  /** effective weights, row-major [N_rec, N_in], [N_rec, N_rec], [N_out, N_rec] */
  W_in: Float32Array;
  W_rec: Float32Array;
  W_out: Float32Array;
  /** [N_rec] */
  b_rec: Float32Array;
  /** [N_out] */
  b_out: Float32Array;
  /** x_0 for every trial [N_rec] */
  init_state: Float32Array;
  /** recurrent noise added to x_{t+1}, already scaled by sqrt(2α σ_rec²) [B, T, N_rec] */
  noise?: Float32Array | null;
  /** dt/τ */
  alpha: number;
  B: number;
  T: number;
  N_in: number;
  N_rec: number;
  N_out: number;
  transfer: FusedTransfer;
}

export interface FusedForwardResult {
  /** x_{t+1} after consuming u_t [B, T, N_rec] */
  states: Float32Array;
  /** y_t = W_out·f(x_{t+1}) + b_out [B, T, N_out] */
  outputs: Float32Array;
}

export interface FusedBackwardParams extends FusedForwardParams {
  /** the forward's states [B, T, N_rec] */
  states: Float32Array;
  /** ∂L/∂outputs [B, T, N_out] */
  dOutputs: Float32Array;
  /** ∂L/∂states [B, T, N_rec] (for losses or regularizers on the states), none when absent */
  dStates?: Float32Array | null;
}

/** ∂L with respect to each parameter, in the parameter's own shape. */
export interface FusedGradients {
  dW_in: Float32Array;
  dW_rec: Float32Array;
  dW_out: Float32Array;
  db_rec: Float32Array;
  db_out: Float32Array;
  dInit_state: Float32Array;
}

/** codes of ./assembly/transfer.ts */
const TRANSFER_CODES: Record<FusedTransfer, number> = { relu: 0, tanh: 1, sigmoid: 2, softplus: 3, linear: 4 };

/** Throws a message naming the field when an array's length does not match its shape. */
function checkShapes(p: FusedForwardParams, extra: ArrayShapes = {}): void {
  const { B, T, N_in, N_rec, N_out } = p;
  checkSizes({ B, T, N_in, N_rec, N_out });
  if (!FUSED_TRANSFER_FUNCTIONS.includes(p.transfer)) {
    throw new Error(`transfer '${p.transfer}' has no fused kernel; allowed: ${FUSED_TRANSFER_FUNCTIONS.join(', ')}`);
  }
  const shapes: ArrayShapes = {
    ...Object.fromEntries(
      Object.entries(rnnShapes(B, T, N_in, N_rec, N_out)).map(([name, shape]) => [name, [p[name as keyof FusedForwardParams] as Float32Array | null | undefined, shape]]),
    ),
    ...extra,
  };
  checkArrayShapes(shapes);
}

/** Runs every trial from init_state: x_{t+1} = (1−α)x_t + α(W_rec f(x_t) + W_in u_t + b_rec) + noise_t. */
export function fusedForward(p: FusedForwardParams): FusedForwardResult {
  checkShapes(p);
  const { B, T, N_in, N_rec, N_out } = p;
  const Bp = paddedBatch(B);
  // one thread, or the batch split over the kernel threads when they run (./threads/)
  const run = kernelRunner(RNN_BUILDS);
  const m = new Arena(run.kernel);
  const at = {
    x: m.alloc(Bp * T * N_in),
    noise: p.noise ? m.alloc(Bp * T * N_rec) : 0,
    W_rec: m.alloc(N_rec * N_rec),
    W_in: m.alloc(N_rec * N_in),
    W_out: m.alloc(N_out * N_rec),
    b_rec: m.alloc(N_rec),
    b_out: m.alloc(N_out),
    init: m.alloc(N_rec),
    states: m.alloc(Bp * T * N_rec),
    outputs: m.alloc(Bp * T * N_out),
  };
  m.commit();
  m.write(at.x, p.x, Bp * T * N_in);
  if (p.noise) m.write(at.noise, p.noise, Bp * T * N_rec);
  m.write(at.W_rec, p.W_rec);
  m.write(at.W_in, p.W_in);
  m.write(at.W_out, p.W_out);
  m.write(at.b_rec, p.b_rec);
  m.write(at.b_out, p.b_out);
  m.write(at.init, p.init_state);
  run.call('forward', m, [
    trials(Bp), T, N_in, N_rec, N_out, p.alpha, TRANSFER_CODES[p.transfer], perTrial(at.x, T * N_in), perTrial(at.noise, T * N_rec),
    at.W_rec, at.W_in, at.W_out, at.b_rec, at.b_out, at.init, perTrial(at.states, T * N_rec), perTrial(at.outputs, T * N_out), SCRATCH,
  ]);
  return { states: m.read(at.states, B * T * N_rec), outputs: m.read(at.outputs, B * T * N_out) };
}

/** BPTT of L through fusedForward, given ∂L/∂outputs (and ∂L/∂states); the noise does not enter the gradients. */
export function fusedBackward(p: FusedBackwardParams): FusedGradients {
  const { B, T, N_in, N_rec, N_out } = p;
  checkShapes(p, {
    states: [p.states, [B, T, N_rec]],
    dOutputs: [p.dOutputs, [B, T, N_out]],
    dStates: [p.dStates, [B, T, N_rec]],
  });
  const Bp = paddedBatch(B);
  // one thread, or the batch split over the kernel threads when they run (./threads/)
  const run = kernelRunner(RNN_BUILDS);
  const m = new Arena(run.kernel);
  const at = {
    x: m.alloc(Bp * T * N_in),
    init: m.alloc(N_rec),
    states: m.alloc(Bp * T * N_rec),
    dOutputs: m.alloc(Bp * T * N_out),
    dStates: p.dStates ? m.alloc(Bp * T * N_rec) : 0,
    W_rec: m.alloc(N_rec * N_rec),
    W_out: m.alloc(N_out * N_rec),
    dW_rec: m.alloc(N_rec * N_rec),
    dW_in: m.alloc(N_rec * N_in),
    dW_out: m.alloc(N_out * N_rec),
    db_rec: m.alloc(N_rec),
    db_out: m.alloc(N_out),
    dInit: m.alloc(N_rec),
  };
  m.commit();
  m.write(at.x, p.x, Bp * T * N_in);
  m.write(at.init, p.init_state);
  m.write(at.states, p.states, Bp * T * N_rec);
  m.write(at.dOutputs, p.dOutputs, Bp * T * N_out);
  if (p.dStates) m.write(at.dStates, p.dStates, Bp * T * N_rec);
  m.write(at.W_rec, p.W_rec);
  m.write(at.W_out, p.W_out);
  run.call('backward', m, [
    trials(Bp), T, N_in, N_rec, N_out, p.alpha, TRANSFER_CODES[p.transfer], perTrial(at.x, T * N_in), at.init,
    perTrial(at.states, T * N_rec), perTrial(at.dOutputs, T * N_out), perTrial(at.dStates, T * N_rec), at.W_rec, at.W_out, SCRATCH,
    summed(at.dW_rec, N_rec * N_rec), summed(at.dW_in, N_rec * N_in), summed(at.dW_out, N_out * N_rec),
    summed(at.db_rec, N_rec), summed(at.db_out, N_out), summed(at.dInit, N_rec),
  ]);
  return {
    dW_in: m.read(at.dW_in, N_rec * N_in),
    dW_rec: m.read(at.dW_rec, N_rec * N_rec),
    dW_out: m.read(at.dW_out, N_out * N_rec),
    db_rec: m.read(at.db_rec, N_rec),
    db_out: m.read(at.db_out, N_out),
    dInit_state: m.read(at.dInit, N_rec),
  };
}
