/**
 * Whole-sequence forward and backward (BPTT) of PsychRNN's LSTM (reference §3.4) in one WebAssembly SIMD call
 * each (kernel source: ./assembly/lstm.ts, equations there). No tf.js: plain Float32Arrays in and out, in the
 * variables' own shapes. With z = [h, u]:
 *   c' = σ(z·W_f + b_f)⊙c + σ(z·W_i + b_i)⊙tanh(z·W_c + b_c),   h' = σ(z·W_o + b_o)⊙σ(c'),   y = h'·W_outᵀ + b_out
 * The module is compiled synchronously from bytes generated into ./lstm-kernel.generated.ts by the npm build.
 */
import * as LSTM_BUILDS from './lstm-kernel.generated.ts';
import { Arena, type ArrayShapes, checkArrayShapes, checkSizes, loadKernel, paddedBatch } from './wasm-memory.ts';

export interface FusedLstmForwardParams {
  /** inputs u [B, T, N_in] */
  x: Float32Array;
  /** gate weights [N_rec + N_in, N_rec]: rows 0 … N_rec−1 act on h, the rest on u */
  W_f: Float32Array;
  W_i: Float32Array;
  W_c: Float32Array;
  W_o: Float32Array;
  /** gate biases [N_rec] */
  b_f: Float32Array;
  b_i: Float32Array;
  b_c: Float32Array;
  b_o: Float32Array;
  /** [N_out, N_rec] */
  W_out: Float32Array;
  /** [N_out] */
  b_out: Float32Array;
  /**
   * h and c before the first step [rows, N_rec]: with rows = B, row b starts trial b; with any other number of
   * rows, row 0 starts every trial (as LstmRnn and PsychRNN's LSTMSimulator do).
   */
  init_hidden: Float32Array;
  init_cell: Float32Array;
  B: number;
  T: number;
  N_in: number;
  N_rec: number;
  N_out: number;
}

export interface FusedLstmForwardResult {
  /** h_t after consuming u_t [B, T, N_rec] */
  states: Float32Array;
  /** c_t after consuming u_t [B, T, N_rec] */
  cells: Float32Array;
  /** y_t = W_out·h_t + b_out [B, T, N_out] */
  outputs: Float32Array;
}

export interface FusedLstmBackwardParams extends FusedLstmForwardParams {
  /** the forward's states and cells [B, T, N_rec] */
  states: Float32Array;
  cells: Float32Array;
  /** ∂L/∂outputs [B, T, N_out] */
  dOutputs: Float32Array;
  /** ∂L/∂states [B, T, N_rec] (for losses or regularizers on the states), none when absent */
  dStates?: Float32Array | null;
}

export const FUSED_LSTM_VARIABLES = [
  'init_hidden', 'init_cell', 'W_f', 'W_i', 'W_c', 'W_o', 'b_f', 'b_i', 'b_c', 'b_o', 'W_out', 'b_out',
] as const;

/**
 * ∂L with respect to each LSTM variable, under the variable's name and in its shape. With init rows ≠ B only
 * row 0 of ∂init_hidden and ∂init_cell is non-zero (the other rows are unused).
 */
export type FusedLstmGradients = Record<(typeof FUSED_LSTM_VARIABLES)[number], Float32Array>;

const GATES = ['f', 'i', 'c', 'o'] as const;

/**
 * Throws a message naming the field when a size is not a positive integer or an array's length does not match
 * its shape; returns the rows of init_hidden and init_cell.
 */
function checkShapes(p: FusedLstmForwardParams, extra: ArrayShapes = {}): number {
  const { B, T, N_in, N_rec, N_out } = p;
  checkSizes({ B, T, N_in, N_rec, N_out });
  const rows = p.init_hidden.length / N_rec;
  if (!(Number.isInteger(rows) && rows > 0)) {
    throw new Error(`init_hidden has ${p.init_hidden.length} values; shape [rows, ${N_rec}] needs a positive multiple of ${N_rec}`);
  }
  const shapes: ArrayShapes = {
    x: [p.x, [B, T, N_in]],
    ...Object.fromEntries(GATES.map((g) => [`W_${g}`, [p[`W_${g}`], [N_rec + N_in, N_rec]]])),
    ...Object.fromEntries(GATES.map((g) => [`b_${g}`, [p[`b_${g}`], [N_rec]]])),
    W_out: [p.W_out, [N_out, N_rec]],
    b_out: [p.b_out, [N_out]],
    init_cell: [p.init_cell, [rows, N_rec]],
    ...extra,
  };
  checkArrayShapes(shapes);
  return rows;
}

/**
 * Allocates and writes what both kernels read: x, the gates as W [4][N_rec + N_in][N_rec] and b [4][N_rec],
 * W_out, and the initial states (padded to Bp rows when per row, else row 0).
 */
function writeShared(m: Arena, p: FusedLstmForwardParams, Bp: number, perRow: boolean) {
  const { T, N_in, N_rec, N_out } = p;
  const gate = (N_rec + N_in) * N_rec;
  const initFloats = perRow ? Bp * N_rec : N_rec;
  const at = {
    x: m.alloc(Bp * T * N_in),
    W: m.alloc(4 * gate),
    b: m.alloc(4 * N_rec),
    W_out: m.alloc(N_out * N_rec),
    init_hidden: m.alloc(initFloats),
    init_cell: m.alloc(initFloats),
  };
  return {
    at,
    write(): void {
      m.write(at.x, p.x, Bp * T * N_in);
      GATES.forEach((g, k) => {
        m.write(at.W, p[`W_${g}`], gate, k * gate);
        m.write(at.b, p[`b_${g}`], N_rec, k * N_rec);
      });
      m.write(at.W_out, p.W_out);
      m.write(at.init_hidden, p.init_hidden.subarray(0, initFloats), initFloats);
      m.write(at.init_cell, p.init_cell.subarray(0, initFloats), initFloats);
    },
  };
}

/** Runs every trial from its initial h and c through T steps of the LSTM. */
export function fusedLstmForward(p: FusedLstmForwardParams): FusedLstmForwardResult {
  const rows = checkShapes(p);
  const { B, T, N_in, N_rec, N_out } = p;
  const Bp = paddedBatch(B);
  const perRow = rows === B;
  const k = loadKernel(LSTM_BUILDS);
  const m = new Arena(k);
  const shared = writeShared(m, p, Bp, perRow);
  const at = {
    ...shared.at,
    b_out: m.alloc(N_out),
    states: m.alloc(Bp * T * N_rec),
    cells: m.alloc(Bp * T * N_rec),
    outputs: m.alloc(Bp * T * N_out),
  };
  m.commit();
  shared.write();
  m.write(at.b_out, p.b_out);
  k.forward(
    Bp, T, N_in, N_rec, N_out, perRow ? 1 : 0,
    at.x, at.W, at.b, at.W_out, at.b_out, at.init_hidden, at.init_cell, at.states, at.cells, at.outputs, m.end,
  );
  return {
    states: m.read(at.states, B * T * N_rec),
    cells: m.read(at.cells, B * T * N_rec),
    outputs: m.read(at.outputs, B * T * N_out),
  };
}

/** BPTT of L through fusedLstmForward, given ∂L/∂outputs (and ∂L/∂states): ∂L for every variable. */
export function fusedLstmBackward(p: FusedLstmBackwardParams): FusedLstmGradients {
  const { B, T, N_in, N_rec, N_out } = p;
  const rows = checkShapes(p, {
    states: [p.states, [B, T, N_rec]],
    cells: [p.cells, [B, T, N_rec]],
    dOutputs: [p.dOutputs, [B, T, N_out]],
    dStates: [p.dStates, [B, T, N_rec]],
  });
  const Bp = paddedBatch(B);
  const perRow = rows === B;
  const gate = (N_rec + N_in) * N_rec;
  const k = loadKernel(LSTM_BUILDS);
  const m = new Arena(k);
  const shared = writeShared(m, p, Bp, perRow);
  const at = {
    ...shared.at,
    states: m.alloc(Bp * T * N_rec),
    cells: m.alloc(Bp * T * N_rec),
    dOutputs: m.alloc(Bp * T * N_out),
    dStates: p.dStates ? m.alloc(Bp * T * N_rec) : 0,
    dW: m.alloc(4 * gate),
    db: m.alloc(4 * N_rec),
    dW_out: m.alloc(N_out * N_rec),
    db_out: m.alloc(N_out),
    dInit_hidden: m.alloc(perRow ? Bp * N_rec : N_rec),
    dInit_cell: m.alloc(perRow ? Bp * N_rec : N_rec),
  };
  m.commit();
  shared.write();
  m.write(at.states, p.states, Bp * T * N_rec);
  m.write(at.cells, p.cells, Bp * T * N_rec);
  m.write(at.dOutputs, p.dOutputs, Bp * T * N_out);
  if (p.dStates) m.write(at.dStates, p.dStates, Bp * T * N_rec);
  k.backward(
    Bp, T, N_in, N_rec, N_out, perRow ? 1 : 0,
    at.x, at.W, at.b, at.W_out, at.init_hidden, at.init_cell, at.states, at.cells, at.dOutputs, at.dStates, m.end,
    at.dW, at.db, at.dW_out, at.db_out, at.dInit_hidden, at.dInit_cell,
  );
  /** ∂init in [rows, N_rec]: row 0 alone when every trial started from it */
  const initGradient = (address: number) => {
    const out = new Float32Array(rows * N_rec);
    out.set(m.read(address, perRow ? B * N_rec : N_rec));
    return out;
  };
  const gates = Object.fromEntries(
    GATES.flatMap((g, j) => [[`W_${g}`, m.read(at.dW, gate, j * gate)], [`b_${g}`, m.read(at.db, N_rec, j * N_rec)]]),
  );
  return {
    init_hidden: initGradient(at.dInit_hidden),
    init_cell: initGradient(at.dInit_cell),
    ...gates,
    W_out: m.read(at.dW_out, N_out * N_rec),
    b_out: m.read(at.db_out, N_out),
  } as FusedLstmGradients;
}
