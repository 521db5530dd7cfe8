/**
 * What the fused WebGPU LSTM and GRU (./lstm-webgpu-op.ts, ./gru-webgpu-op.ts) do alike around their programs:
 * run a program over every trial, give each trial its initial state (its own row of init_* when there are B rows,
 * else row 0, as LstmRnn and GruRnn do), gather that state's gradient back onto the rows, and cut one step's
 * values out of the trace [B, T, N_out + k·N_rec].
 */
import * as tf from '@tensorflow/tfjs-core';
import type { FusedDims, FusedRnnProgram } from './fused-program.ts';
import { activeWebGpuBackend, runProgram } from './fused-rnn-webgpu.ts';

/** Runs a program over all B trials of T steps (the gated models leave the alpha uniform unused) and returns its output. */
export const runGated = (program: FusedRnnProgram, inputs: tf.Tensor[], dims: FusedDims) => runProgram(activeWebGpuBackend(), program, inputs, dims, 0);

/** The initial state of each of the B trials [B, N_rec]: its own row when there are B rows, else row 0. */
export function initialRows(init: tf.Tensor, B: number): tf.Tensor {
  return init.shape[0] === B ? init : tf.tile(tf.slice(init, [0, 0], [1, -1]), [B, 1]);
}

/** ∂L/∂init [rows, N_rec] from the trials' ∂L/∂(initial state) [B, N_rec]: all on row 0 unless there are B rows. */
export function initialGradient(perTrial: tf.Tensor, rows: number, B: number): tf.Tensor {
  return rows === B ? perTrial : tf.pad(tf.sum(perTrial, 0, true), [[0, rows - 1], [0, 0]]);
}

/** Values `offset` … `offset + size` of each step of the trace [B, T, N_out + k·N_rec], as [B·T, size]. */
export function traceColumns(trace: tf.Tensor, offset: number, size: number, { B, T }: FusedDims): tf.Tensor2D {
  return tf.reshape(tf.slice(trace, [0, 0, offset], [B, T, size]), [B * T, size]);
}
