/**
 * PsychRNN's LSTM (reference §3.4) as one differentiable op on tf.js's webgpu backend, tensors staying on the
 * GPU: one WGSL dispatch runs the forward recurrence and readout of every trial (./lstm-forward-program.ts),
 * one the BPTT (./lstm-backward-program.ts); the weight gradients are a few large products over the B·T rows:
 *   dh_t = dStates_t + dOutputs_t·W_out   (∂L/∂h_t from outside the recurrence)
 *   [∂W_g; ∂b_g] = Σ_{b,t} [z_t; 1] ⊗ δ_{g,t}  with z_t = [h_{t−1}; u_t],   [∂W_out | ∂b_out] = Σ dOutputs_t ⊗ [h_t; 1]
 * init_hidden and init_cell are [B, N_rec] (row b starts trial b) or have another number of rows, when row 0
 * starts every trial and takes the whole gradient, as in LstmRnn. The custom gradient's one output is the
 * whole trace [B, T, N_out + 6·N_rec] (y, h, c and the gates per step), cut into predictions and states on the
 * GPU: the backward reads the trace, and an op may keep its output and inputs for its gradient but not an
 * intermediate (tf.js counts that as a leak in tests).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Array3 } from '../../array3.ts';
import { FUSED_LSTM_VARIABLES } from '../cpu/fused-lstm.ts';
import type { LstmTensors } from '../cpu/lstm-host-op.ts';
import { customOp, type FusedRnnResult } from '../custom-op.ts';
import type { FusedDims } from './fused-program.ts';
import { activeWebGpuBackend } from './fused-rnn-webgpu.ts';
import { initialGradient, initialRows, runGated as run, traceColumns } from './gated-webgpu.ts';
import { LstmBackwardProgram } from './lstm-backward-program.ts';
import { LstmForwardProgram, traceStep } from './lstm-forward-program.ts';

const GATES = ['f', 'i', 'c', 'o'] as const;

/** Throws a message naming the variable whose shape does not fit, or saying that N_rec is too large; returns the sizes. */
function checkShapes(v: LstmTensors, x: Array3): FusedDims {
  const [B, T, N_in] = x.shape;
  const N_rec = v.W_f.shape[1] as number;
  const N_out = v.W_out.shape[0];
  const rows = v.init_hidden.shape[0];
  const expected: Record<string, number[]> = {
    init_hidden: [rows, N_rec],
    init_cell: [rows, N_rec],
    ...Object.fromEntries(GATES.flatMap((g) => [[`W_${g}`, [N_rec + N_in, N_rec]], [`b_${g}`, [N_rec]]])),
    W_out: [N_out, N_rec],
    b_out: [N_out],
  };
  for (const [name, shape] of Object.entries(expected)) {
    const actual = v[name as keyof LstmTensors].shape;
    if (!tf.util.arraysEqual(actual, shape)) {
      throw new Error(`${name} has shape [${actual.join(', ')}]; with N_in ${N_in} the LSTM needs [${shape.join(', ')}]`);
    }
  }
  const bytes = activeWebGpuBackend().device.limits.maxComputeWorkgroupStorageSize;
  if (16 * N_rec > bytes) throw new Error(`N_rec ${N_rec} is too large for the fused WebGPU LSTM on this device: at most ${bytes / 16}`);
  return { B, T, N_in, N_rec, N_out };
}

/** What both passes read: the gates [W_f | W_i | W_c | W_o] [N_rec + N_in, 4·N_rec] and [h_{−1}; c_{−1}] [2, B, N_rec]. */
function packed(v: LstmTensors, B: number): { gates: tf.Tensor2D; initial: tf.Tensor } {
  return {
    gates: tf.concat(GATES.map((g) => v[`W_${g}`] as tf.Tensor2D), 1),
    initial: tf.stack([initialRows(v.init_hidden, B), initialRows(v.init_cell, B)]),
  };
}

/** The variables by name, from the op's tensors in FUSED_LSTM_VARIABLES order. */
function byName(tensors: tf.Tensor[]): LstmTensors {
  return Object.fromEntries(FUSED_LSTM_VARIABLES.map((name, k) => [name, tensors[k]])) as LstmTensors;
}

/** The gradients of every variable `v`, in FUSED_LSTM_VARIABLES order and shapes, from the forward's trace and ∂L/∂trace `dy`. */
function lstmGradients(dy: tf.Tensor3D, trace: tf.Tensor, v: LstmTensors, x: Array3, dims: FusedDims): tf.Tensor[] {
  const { B, T, N_in, N_rec, N_out } = dims;
  const { gates, initial } = packed(v, B);
  const dOutputs = traceColumns(dy, 0, N_out, dims);
  const dStates = traceColumns(dy, N_out, N_rec, dims);
  const dHidden = tf.add(dStates, tf.matMul(dOutputs, v.W_out as tf.Tensor2D));
  const gatesHT = tf.transpose(tf.slice(gates, [0, 0], [N_rec, 4 * N_rec]));
  const flat = run(new LstmBackwardProgram(dims), [trace, dHidden, gatesHT, initial], dims);
  const [deltaRows, initialRowGradients] = tf.split(tf.reshape(flat, [B, 4 * T + 2, N_rec]), [4 * T, 2], 1);
  const deltas = tf.reshape(deltaRows, [B * T, 4 * N_rec]);
  const states = traceColumns(trace, N_out, N_rec, dims);
  const initialHidden = tf.reshape(tf.slice(initial, [0, 0, 0], [1, B, N_rec]), [B, 1, N_rec]);
  const hiddenBefore = tf.concat([initialHidden, tf.slice(tf.reshape(states, [B, T, N_rec]), [0, 0, 0], [B, T - 1, N_rec])], 1);
  // the biases' gradients ride as the row of a constant-1 column: one product instead of a slow column sum
  const ones = tf.ones([B * T, 1]);
  const z = tf.concat([tf.reshape(hiddenBefore, [B * T, N_rec]), tf.tensor2d(x.data, [B * T, N_in]), ones], 1);
  const [dWeights, dBiases] = tf.split(tf.matMul(z, deltas, true, false), [N_rec + N_in, 1], 0).map((g) => tf.split(g, 4, 1));
  const [dW_out, db_out] = tf.split(tf.matMul(dOutputs, tf.concat([states, ones], 1), true, false), [N_rec, 1], 1);
  const [dHidden0, dCell0] = tf.split(initialRowGradients, 2, 1).map((g) => tf.reshape(g, [B, N_rec]));
  const rows = v.init_hidden.shape[0];
  const gradients: Record<string, tf.Tensor> = {
    init_hidden: initialGradient(dHidden0, rows, B),
    init_cell: initialGradient(dCell0, rows, B),
    ...Object.fromEntries(GATES.flatMap((g, k) => [[`W_${g}`, dWeights[k]], [`b_${g}`, dBiases[k]]])),
    W_out: dW_out,
    b_out: db_out,
  };
  return FUSED_LSTM_VARIABLES.map((name) => tf.reshape(gradients[name], v[name].shape));
}

/** predictions y [B, T, N_out] and states h [B, T, N_rec] of the LSTM `variables` on inputs `x` [B, T, N_in], differentiable. */
export function webgpuFusedLstm(variables: LstmTensors, x: Array3): FusedRnnResult {
  const dims = checkShapes(variables, x);
  const { B, T, N_rec, N_out } = dims;
  const op = customOp((args, save) => {
    const v = byName(args);
    const { gates, initial } = packed(v, B);
    const vectors = tf.concat([...GATES.map((g) => tf.reshape(v[`b_${g}`], [N_rec])), tf.reshape(v.b_out, [N_out])]);
    const inputs = [tf.tensor3d(x.data, x.shape), gates, initial, v.W_out, vectors];
    const trace = tf.reshape(run(new LstmForwardProgram(dims), inputs, dims), [B, T, traceStep(N_rec, N_out)]) as tf.Tensor3D;
    save([trace, ...args]);
    return { value: trace, gradFunc: (dy, [saved, ...tensors]) => lstmGradients(dy, saved, byName(tensors), x, dims) };
  });
  const trace = op(FUSED_LSTM_VARIABLES.map((name) => variables[name]));
  return {
    predictions: tf.slice(trace, [0, 0, 0], [B, T, N_out]),
    states: tf.slice(trace, [0, 0, N_out], [B, T, N_rec]),
  };
}
