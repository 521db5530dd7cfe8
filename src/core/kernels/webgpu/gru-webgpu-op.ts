/**
 * CogRNN's GRU (model/gru.ts) as one differentiable op on tf.js's webgpu backend, tensors staying on the GPU:
 * one WGSL dispatch runs the forward recurrence and readout of every trial (./gru-forward-program.ts), one the
 * BPTT (./gru-backward-program.ts); the weight gradients are a few large products over the B·T rows:
 *   dh_t = dStates_t + dOutputs_t·W_out   (∂L/∂h_t from outside the recurrence)
 *   [∂W_{r,u}; ∂b_{r,u}] = Σ_{b,t} [h_{t−1}; u_t; 1] ⊗ [δ_r, δ_g]_t,   [∂W_c; ∂b_c] = Σ [r_t ⊙ h_{t−1}; u_t; 1] ⊗ δ_{c,t}
 *   [∂W_out | ∂b_out] = Σ dOutputs_t ⊗ [h_t; 1]
 * init_hidden is [B, N_rec] (row b starts trial b) or has another number of rows, when row 0 starts every trial
 * and takes the whole gradient, as in GruRnn. The custom gradient's one output is the whole trace
 * [B, T, N_out + 4·N_rec] (y, h, r, g, c̃ per step), cut into predictions and states on the GPU: the backward
 * reads the trace, and an op may keep its output and inputs for its gradient but not an intermediate.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Array3 } from '../../array3.ts';
import { FUSED_GRU_VARIABLES } from '../cpu/fused-gru.ts';
import type { GruTensors } from '../cpu/gru-host-op.ts';
import { customOp, type FusedRnnResult } from '../custom-op.ts';
import type { FusedDims } from './fused-program.ts';
import { activeWebGpuBackend } from './fused-rnn-webgpu.ts';
import { initialGradient, initialRows, runGated as run, traceColumns } from './gated-webgpu.ts';
import { GruBackwardProgram } from './gru-backward-program.ts';
import { GruForwardProgram, gruTraceStep } from './gru-forward-program.ts';

/** The reset gate, the update gate and the candidate, in the order the programs pack them. */
const MATRICES = ['r', 'u', 'c'] as const;

/** Throws a message naming the variable whose shape does not fit, or saying that N_rec is too large; returns the sizes. */
function checkShapes(v: GruTensors, x: Array3): FusedDims {
  const [B, T, N_in] = x.shape;
  const N_rec = v.W_r.shape[1] as number;
  const N_out = v.W_out.shape[0];
  const expected: Record<string, number[]> = {
    init_hidden: [v.init_hidden.shape[0], N_rec],
    ...Object.fromEntries(MATRICES.flatMap((m) => [[`W_${m}`, [N_rec + N_in, N_rec]], [`b_${m}`, [N_rec]]])),
    W_out: [N_out, N_rec],
    b_out: [N_out],
  };
  for (const [name, shape] of Object.entries(expected)) {
    const actual = v[name as keyof GruTensors].shape;
    if (!tf.util.arraysEqual(actual, shape)) {
      throw new Error(`${name} has shape [${actual.join(', ')}]; with N_in ${N_in} the GRU needs [${shape.join(', ')}]`);
    }
  }
  // the backward's workgroup memory holds 3·N_rec floats (the forward's 2·N_rec)
  const bytes = activeWebGpuBackend().device.limits.maxComputeWorkgroupStorageSize;
  if (12 * N_rec > bytes) throw new Error(`N_rec ${N_rec} is too large for the fused WebGPU GRU on this device: at most ${Math.floor(bytes / 12)}`);
  return { B, T, N_in, N_rec, N_out };
}

/** [W_r | W_u | W_c] [N_rec + N_in, 3·N_rec]: what the forward reads, and (its hidden rows, transposed) the backward. */
function packedMatrices(v: GruTensors): tf.Tensor2D {
  return tf.concat(MATRICES.map((m) => v[`W_${m}`] as tf.Tensor2D), 1);
}

/** The variables by name, from the op's tensors in FUSED_GRU_VARIABLES order. */
function byName(tensors: tf.Tensor[]): GruTensors {
  return Object.fromEntries(FUSED_GRU_VARIABLES.map((name, k) => [name, tensors[k]])) as GruTensors;
}

/** h_{t−1} of every step, as [B·T, N_rec]: the initial state, then the trace's h up to step T − 2. */
function hiddenBeforeSteps(initial: tf.Tensor, states: tf.Tensor2D, { B, T, N_rec }: FusedDims): tf.Tensor2D {
  const first = tf.reshape(initial, [B, 1, N_rec]);
  const rest = tf.slice(tf.reshape(states, [B, T, N_rec]), [0, 0, 0], [B, T - 1, N_rec]);
  return tf.reshape(tf.concat([first, rest], 1), [B * T, N_rec]);
}

/** The gradients of every variable `v`, in FUSED_GRU_VARIABLES order and shapes, from the forward's trace and ∂L/∂trace `dy`. */
function gruGradients(dy: tf.Tensor3D, trace: tf.Tensor, v: GruTensors, x: Array3, dims: FusedDims): tf.Tensor[] {
  const { B, T, N_in, N_rec, N_out } = dims;
  const initial = initialRows(v.init_hidden, B);
  const dOutputs = traceColumns(dy, 0, N_out, dims);
  const dStates = traceColumns(dy, N_out, N_rec, dims);
  const dHidden = tf.add(dStates, tf.matMul(dOutputs, v.W_out as tf.Tensor2D));
  const hiddenRowsT = tf.transpose(tf.slice(packedMatrices(v), [0, 0], [N_rec, 3 * N_rec]));
  const flat = run(new GruBackwardProgram(dims), [trace, dHidden, hiddenRowsT, initial], dims);
  const [deltaRows, dInitial] = tf.split(tf.reshape(flat, [B, 3 * T + 1, N_rec]), [3 * T, 1], 1);
  const [gateDeltas, candidateDeltas] = tf.split(tf.reshape(deltaRows, [B * T, 3 * N_rec]), [2 * N_rec, N_rec], 1);
  const states = traceColumns(trace, N_out, N_rec, dims);
  const hiddenBefore = hiddenBeforeSteps(initial, states, dims);
  const resetHidden = tf.mul(traceColumns(trace, N_out + N_rec, N_rec, dims), hiddenBefore);
  // the biases' gradients ride as the row of a constant-1 column: one product instead of a slow column sum
  const ones = tf.ones([B * T, 1]);
  const u = tf.tensor2d(x.data, [B * T, N_in]);
  const weightAndBias = (z: tf.Tensor, deltas: tf.Tensor) => tf.split(tf.matMul(tf.concat([z, u, ones], 1), deltas, true, false), [N_rec + N_in, 1], 0);
  const [dGates, dGateBiases] = weightAndBias(hiddenBefore, gateDeltas).map((g) => tf.split(g, 2, 1));
  const [dW_c, db_c] = weightAndBias(resetHidden, candidateDeltas);
  const [dW_out, db_out] = tf.split(tf.matMul(dOutputs, tf.concat([states, ones], 1), true, false), [N_rec, 1], 1);
  const gradients: Record<string, tf.Tensor> = {
    init_hidden: initialGradient(tf.reshape(dInitial, [B, N_rec]), v.init_hidden.shape[0], B),
    W_r: dGates[0],
    W_u: dGates[1],
    W_c: dW_c,
    b_r: dGateBiases[0],
    b_u: dGateBiases[1],
    b_c: db_c,
    W_out: dW_out,
    b_out: db_out,
  };
  return FUSED_GRU_VARIABLES.map((name) => tf.reshape(gradients[name], v[name].shape));
}

/** predictions y [B, T, N_out] and states h [B, T, N_rec] of the GRU `variables` on inputs `x` [B, T, N_in], differentiable. */
export function webgpuFusedGru(variables: GruTensors, x: Array3): FusedRnnResult {
  const dims = checkShapes(variables, x);
  const { B, T, N_rec, N_out } = dims;
  const op = customOp((args, save) => {
    const v = byName(args);
    const vectors = tf.concat([...MATRICES.map((m) => tf.reshape(v[`b_${m}`], [N_rec])), tf.reshape(v.b_out, [N_out])]);
    const inputs = [tf.tensor3d(x.data, x.shape), packedMatrices(v), initialRows(v.init_hidden, B), v.W_out, vectors];
    const trace = tf.reshape(run(new GruForwardProgram(dims), inputs, dims), [B, T, gruTraceStep(N_rec, N_out)]) as tf.Tensor3D;
    save([trace, ...args]);
    return { value: trace, gradFunc: (dy, [saved, ...tensors]) => gruGradients(dy, saved, byName(tensors), x, dims) };
  });
  const trace = op(FUSED_GRU_VARIABLES.map((name) => variables[name]));
  return {
    predictions: tf.slice(trace, [0, 0, 0], [B, T, N_out]),
    states: tf.slice(trace, [0, 0, N_out], [B, T, N_rec]),
  };
}
