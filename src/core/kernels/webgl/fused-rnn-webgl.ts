/**
 * The Basic RNN's whole sequence as one differentiable op on tf.js's WebGL backend (the WebGL path of
 * ../fused-rnn-op.ts). Only the recurrence runs step by step, one fused draw per step each way
 * (./step-programs.ts); everything else is a few large ops over all (T+1)·Bp rows of time-major sequences
 * whose block 0 is x_0 or zero (./layout-programs.ts), so that no op needs a shifted copy:
 *   forward   x_{t+1} = (1−α)·x_t + α·(W_rec f(x_t) + W_in u_t + b_rec) + noise_t     (one draw per step)
 *             X = [x_0; …; x_T],  R = f(X),  y = R·W_outᵀ + b_out
 *   backward  G_t = ∂L/∂x_{t+1} = (1−α)·G_{t+1} + f′(x_{t+1}) ⊙ (α·W_recᵀ G_{t+1} + W_outᵀ ∂L/∂y_t) + ∂L/∂states_t,
 *             G_T = 0, and the same formula one step further gives c_0 = ∂L/∂x_0   (one draw per step)
 *             with Γ = [G_0; …; G_{T−1}; 0], U = [u_0 1; …; u_{T−1} 1; 0], Y = [0; ∂L/∂y]:
 *             dW_rec = α·Γᵀ·R,  [dW_in | db_rec] = α·Γᵀ·U,  dW_out = Yᵀ·R,  db_out = Σ ∂L/∂y,  dInit = Σ_b c_0
 * Sizes are padded to even for the packed textures (zero weights to and from the padding, which stays 0).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import type { Array3 } from '../../array3.ts';
import { customOp, rnnWeightList, type FusedRnnInputs, type FusedRnnResult, type FusedRnnWeights } from '../custom-op.ts';
import type { TransferFunctionName } from '../../model/transfer.ts';
import { transferFunctionTf } from '../../model/transfer-tf.ts';
import { ToBatchMajorProgram, ToTimeMajorProgram } from './layout-programs.ts';
import { BackwardStepProgram, ForwardStepProgram, type PackedProgram, type PaddedDims } from './step-programs.ts';

interface Dims extends PaddedDims {
  B: number;
  T: number;
  N_in: number;
  N_rec: number;
  N_out: number;
  alpha: number;
  transfer: TransferFunctionName;
}

const even = (n: number) => n + (n % 2);

function webglBackend(): MathBackendWebGL {
  const name = tf.getBackend();
  if (name !== 'webgl') throw new Error(`the fused WebGL RNN needs tf.js's webgl backend; the active backend is '${name}'`);
  return tf.backend() as MathBackendWebGL;
}

/** Runs a program on the WebGL backend and wraps its output as a tensor of the current scope. */
function run(program: PackedProgram, inputs: tf.Tensor[], uniforms?: number[][]): tf.Tensor2D {
  const info = webglBackend().compileAndRun(program, inputs, 'float32', uniforms);
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor2D;
}

/** `t` [r, c] with zero rows and columns appended up to [rows, cols]. */
function padTo(t: tf.Tensor, rows: number, cols: number): tf.Tensor2D {
  const [r, c] = t.shape;
  return (r === rows && c === cols ? t : tf.pad(t, [[0, rows - r], [0, cols - c]])) as tf.Tensor2D;
}

/** Host [B, T, n] → time-major rows t·Bp + b of `cols` columns, `blocks` blocks of Bp rows, times `scale`. */
function hostTimeMajor({ data, shape: [B, T, n] }: Array3, Bp: number, cols: number, blocks: number, scale = 1): Float32Array {
  const out = new Float32Array(blocks * Bp * cols);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const from = (b * T + t) * n;
      const to = (t * Bp + b) * cols;
      for (let k = 0; k < n; k++) out[to + k] = data[from + k] * scale;
    }
  }
  return out;
}

/** [u_t 1] for t < T, then a zero block: full [(T+1)·Bp, Ni] (the 1 multiplies b_rec). */
function inputRows(x: Array3, { B, T, Bp, Ni, N_in }: Dims): tf.Tensor2D {
  const rows = hostTimeMajor(x, Bp, Ni, T + 1);
  for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) rows[(t * Bp + b) * Ni + N_in] = 1;
  return tf.tensor2d(rows, [(T + 1) * Bp, Ni]);
}

/** Everything the backward pass reads, saved by each op (tf.js keeps saved tensors until backprop ends). */
type Saved = [W_rec: tf.Tensor2D, W_out: tf.Tensor2D, X: tf.Tensor2D, R: tf.Tensor2D, U: tf.Tensor2D];

interface ForwardRun {
  saved: Saved;
  /** y [B, T, N_out] */
  predictions: tf.Tensor3D;
  /** x_1 … x_T [B, T, N_rec] */
  states: tf.Tensor3D;
}

/** The forward pass over the six weight tensors (W_in, W_rec, W_out, b_rec, b_out, init_state); its tensors are kept. */
function forwardRun([W_in, W_rec, W_out, b_rec, b_out, init_state]: tf.Tensor[], inputs: FusedRnnInputs, d: Dims): ForwardRun {
  const { B, Bp, T, N_rec, N_out, N, Ni, No } = d;
  return tf.tidy(() => {
    const W = padTo(W_rec, N, N);
    const V = padTo(tf.concat([W_in, tf.reshape(b_rec, [N_rec, 1])], 1), N, Ni); // [W_in | b_rec]
    const Wo = padTo(W_out, No, N);
    const U = inputRows(inputs.x, d);
    const noisy = inputs.noise !== null && inputs.noiseScale !== 0;
    const Z = noisy ? [tf.tensor2d(hostTimeMajor(inputs.noise!, Bp, N, T, inputs.noiseScale), [T * Bp, N])] : [];
    const program = new ForwardStepProgram(d, d.transfer, noisy);
    const steps = [padTo(tf.tile(tf.reshape(init_state, [1, N_rec]), [B, 1]), Bp, N)];
    for (let t = 0; t < T; t++) steps.push(run(program, [steps[t], W, V, U, ...Z], [[t], [d.alpha]]));
    const X = tf.concat(steps, 0);
    const R = transferFunctionTf(d.transfer)(X);
    const Y = tf.add(tf.matMul(R, Wo, false, true), padTo(tf.reshape(b_out, [1, N_out]), 1, No)) as tf.Tensor2D;
    const batchMajor = (full: tf.Tensor2D, n: number, nc: number) =>
      tf.keep(tf.reshape(run(new ToBatchMajorProgram({ B, Bp, T, n, nc }), [full]), [B, T, n]) as tf.Tensor3D);
    return {
      saved: [W, Wo, X, R, U].map((t) => tf.keep(t.clone())) as Saved,
      predictions: batchMajor(Y, N_out, No),
      states: batchMajor(X, N_rec, N),
    };
  });
}

/** ∂L/∂(W_in, W_rec, W_out, b_rec, b_out, init_state), from ∂L/∂y or ∂L/∂states ([B, T, n]). */
function gradients([W, Wo, X, R, U]: Saved, dY: tf.Tensor3D | null, dStates: tf.Tensor3D | null, d: Dims): tf.Tensor[] {
  const { B, Bp, T, N_in, N_rec, N_out, N, No, alpha } = d;
  const full = (t: tf.Tensor3D, n: number, nc: number) =>
    run(new ToTimeMajorProgram({ B, Bp, T, n, nc }), [tf.reshape(t, [B * T, n])]);
  const Yg = dY ? full(dY, N_out, No) : tf.zeros([(T + 1) * Bp, No]);
  const Sg = dStates ? [full(dStates, N_rec, N)] : [];
  const program = new BackwardStepProgram(d, d.transfer, dStates !== null);
  const G: tf.Tensor2D[] = new Array(T + 1);
  G[T] = tf.zeros([Bp, N]);
  let c0 = G[T];
  for (let s = T - 1; s >= -1; s--) {
    const next = run(program, [G[s + 1], W, X, Yg, Wo, ...Sg], [[s], [alpha]]);
    if (s >= 0) G[s] = next;
    else c0 = next;
  }
  const Gamma = tf.concat(G, 0);
  const dV = tf.mul(tf.matMul(Gamma, U, true, false), alpha);
  return [
    tf.slice(dV, [0, 0], [N_rec, N_in]), // dW_in
    tf.slice(tf.mul(tf.matMul(Gamma, R, true, false), alpha), [0, 0], [N_rec, N_rec]), // dW_rec
    tf.slice(tf.matMul(Yg, R, true, false), [0, 0], [N_out, N_rec]), // dW_out
    tf.slice(dV, [0, N_in], [N_rec, 1]), // db_rec
    dY ? tf.sum(dY, [0, 1]) : tf.zeros([N_out]), // db_out
    tf.slice(tf.sum(c0, 0), [0], [N_rec]), // dInit_state
  ];
}

/**
 * The recurrence on the WebGL backend as two custom-gradient ops over one forward run, like the host
 * kernel's (../fused-rnn-op.ts): predictions, whose gradient is the BPTT of ∂L/∂y, and states, whose
 * gradient is the BPTT of ∂L/∂states; tf.js sums the two. Weights are effective (masks, Dale applied).
 */
export function webglFusedRnn(weights: FusedRnnWeights, inputs: FusedRnnInputs): FusedRnnResult {
  webglBackend();
  const [B, T, N_in] = inputs.x.shape;
  const N_rec = weights.W_rec.shape[0];
  const N_out = weights.W_out.shape[0];
  const dims: Dims = {
    B, T, N_in, N_rec, N_out,
    Bp: even(B), Ni: even(N_in + 1), N: even(N_rec), No: even(N_out),
    alpha: inputs.alpha,
    transfer: inputs.transfer,
  };
  // The forward runs once, inside the first op (off the tape); tf.js keeps what each op saves until backprop ends.
  const shared: { run?: ForwardRun } = {};
  const forward = (args: tf.Tensor[]) => (shared.run ??= forwardRun(args, inputs, dims));
  const w = rnnWeightList(weights);
  const shaped = (grads: tf.Tensor[]) => grads.map((g, k) => tf.reshape(g, w[k].shape));
  const op = (output: 'predictions' | 'states') => customOp((args, save) => {
    const run = forward(args);
    save(run.saved);
    return {
      value: run[output].clone(),
      gradFunc: (dy, saved) => shaped(output === 'predictions'
        ? gradients(saved as Saved, dy, null, dims)
        : gradients(saved as Saved, null, dy, dims)),
    };
  });
  const result = { predictions: op('predictions')(w), states: op('states')(w) };
  if (shared.run) tf.dispose([...shared.run.saved, shared.run.predictions, shared.run.states]);
  return result;
}
