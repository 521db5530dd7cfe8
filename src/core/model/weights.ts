/**
 * A network's parameters as PsychRNN saves them (reference §7): plain Float32Arrays, row-major,
 * with PsychRNN's names and shapes. `W_in`, `W_rec`, `W_out` here are the EFFECTIVE matrices
 * (connectivity masks and Dale's principle applied), exactly as `model.get_weights()` returns them.
 */
import type { TransferFunctionName } from './transfer.ts';

/** A dense row-major float32 array with its shape. */
export interface NdArray {
  data: Float32Array;
  shape: number[];
}

export interface BasicWeights {
  model: 'basic';
  N_in: number;
  N_rec: number;
  N_out: number;
  /** [1, N_rec]: one learned initial state shared by all trials */
  init_state: NdArray;
  /** [N_rec, N_in] effective */
  W_in: NdArray;
  /** [N_rec, N_rec] effective; W[i, j] connects presynaptic j to postsynaptic i */
  W_rec: NdArray;
  /** [N_out, N_rec] effective */
  W_out: NdArray;
  /** [N_rec] */
  b_rec: NdArray;
  /** [N_out] */
  b_out: NdArray;
  /** [N_rec, N_rec] diag(+1 excitatory, −1 inhibitory); identity without Dale */
  Dale_rec: NdArray;
  /** [N_rec, N_rec] diag(1 excitatory, 0 inhibitory); identity without Dale */
  Dale_out: NdArray;
  /** [N_rec, N_in] 0/1 */
  input_connectivity: NdArray;
  /** [N_rec, N_rec] 0/1 */
  rec_connectivity: NdArray;
  /** [N_out, N_rec] 0/1 */
  output_connectivity: NdArray;
  /** null when the network has no Dale's principle (PsychRNN's None; 0 also means none) */
  dale_ratio: number | null;
  transfer_function: TransferFunctionName;
  /** Optimizer slots keyed as PsychRNN saves them, e.g. `W_rec/Adam`, `W_rec/Adam_1`. Optional. */
  optimizer_slots?: Record<string, NdArray>;
}

/** PsychRNN's LSTM saves the unused base variables too, plus its gates (reference §3.4). */
export interface LstmWeights extends Omit<BasicWeights, 'model'> {
  model: 'lstm';
  /** [N_batch, N_rec] learned per batch row */
  init_hidden: NdArray;
  /** [N_batch, N_rec] learned per batch row */
  init_cell: NdArray;
  /** [N_rec + N_in, N_rec]: the first N_rec rows act on h, the rest on u */
  W_f: NdArray;
  W_i: NdArray;
  W_c: NdArray;
  W_o: NdArray;
  /** [N_rec] */
  b_f: NdArray;
  b_i: NdArray;
  b_c: NdArray;
  b_o: NdArray;
}

/**
 * CogRNN's own GRU (PsychRNN has no GRU; model/gru.ts). Like PsychRNN's LSTM it keeps the unused base variables,
 * and its gate weights act on z = [h, u] (hidden first).
 */
export interface GruWeights extends Omit<BasicWeights, 'model'> {
  model: 'gru';
  /** [N_batch, N_rec] learned per batch row */
  init_hidden: NdArray;
  /** [N_rec + N_in, N_rec]: the reset gate r; the first N_rec rows act on h, the rest on u */
  W_r: NdArray;
  /** [N_rec + N_in, N_rec]: the update gate (the share of the old state kept) */
  W_u: NdArray;
  /** [N_rec + N_in, N_rec]: the candidate state; its first N_rec rows act on r ⊙ h */
  W_c: NdArray;
  /** [N_rec] */
  b_r: NdArray;
  b_u: NdArray;
  b_c: NdArray;
}

export type NetworkWeights = BasicWeights | LstmWeights | GruWeights;
export type ModelType = NetworkWeights['model'];

export const BASIC_WEIGHT_KEYS = [
  'init_state',
  'W_in',
  'W_rec',
  'W_out',
  'b_rec',
  'b_out',
  'Dale_rec',
  'Dale_out',
  'input_connectivity',
  'rec_connectivity',
  'output_connectivity',
] as const;

export const LSTM_WEIGHT_KEYS = [
  'init_hidden',
  'init_cell',
  'W_f',
  'W_i',
  'W_c',
  'W_o',
  'b_f',
  'b_i',
  'b_c',
  'b_o',
] as const;

export const GRU_WEIGHT_KEYS = ['init_hidden', 'W_r', 'W_u', 'W_c', 'b_r', 'b_u', 'b_c'] as const;

/** How a weights file or a message names each model. */
export const MODEL_NAMES: Record<ModelType, string> = { basic: 'a basic RNN', lstm: 'an LSTM', gru: 'a GRU' };

export function ndarray(shape: number[], data?: Float32Array | number[]): NdArray {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = data === undefined ? new Float32Array(size) : Float32Array.from(data);
  if (values.length !== size) {
    throw new Error(`ndarray: ${values.length} values do not fill shape [${shape.join(', ')}] (${size})`);
  }
  return { data: values, shape: [...shape] };
}

export function identity(n: number): NdArray {
  const m = ndarray([n, n]);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

export function ones(shape: number[]): NdArray {
  return ndarray(shape, new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1));
}
