/**
 * Whole-sequence forward and backward (BPTT) of CogRNN's GRU (model/gru.ts) in one WebAssembly SIMD call each
 * (kernel source: ./assembly/gru.ts, equations there). No tf.js: plain Float32Arrays in and out, in the variables'
 * own shapes. With z = [h, u]:
 *   r = σ(z·W_r + b_r), g = σ(z·W_u + b_u), c̃ = tanh([r ⊙ h, u]·W_c + b_c),   h' = g ⊙ h + (1 − g) ⊙ c̃,   y = h'·W_outᵀ + b_out
 * The module is compiled synchronously from bytes generated into ./gru-kernel.generated.ts by the npm build.
 */
import * as GRU_BUILDS from './gru-kernel.generated.ts';
import { Arena, type ArrayShapes, checkArrayShapes, checkSizes, loadKernel, paddedBatch } from './wasm-memory.ts';

export const FUSED_GRU_VARIABLES = ['init_hidden', 'W_r', 'W_u', 'W_c', 'b_r', 'b_u', 'b_c', 'W_out', 'b_out'] as const;
type Variable = (typeof FUSED_GRU_VARIABLES)[number];

/** The variables (W_* [N_rec + N_in, N_rec] h rows first, b_* [N_rec], W_out [N_out, N_rec], init_hidden [rows, N_rec]). */
export type FusedGruForwardParams = Record<Variable, Float32Array> & {
  /** inputs u [B, T, N_in] */
  x: Float32Array;
  B: number;
  T: number;
  N_in: number;
  N_rec: number;
  N_out: number;
};

export interface FusedGruForwardResult {
  /** h_t after consuming u_t [B, T, N_rec] */
  states: Float32Array;
  /** [B, T, N_out] */
  outputs: Float32Array;
}

export interface FusedGruBackwardParams extends FusedGruForwardParams {
  states: Float32Array;
  /** ∂L/∂outputs [B, T, N_out] */
  dOutputs: Float32Array;
  /** ∂L/∂states [B, T, N_rec], none when absent */
  dStates?: Float32Array | null;
}

/** ∂L for each variable in its shape; with init rows ≠ B only row 0 of ∂init_hidden is non-zero. */
export type FusedGruGradients = Record<Variable, Float32Array>;

const MATRICES = ['r', 'u', 'c'] as const;

/** Names the field whose size or length is wrong; returns the rows of init_hidden. */
function checkShapes(p: FusedGruForwardParams, extra: ArrayShapes = {}): number {
  const { B, T, N_in, N_rec, N_out } = p;
  checkSizes({ B, T, N_in, N_rec, N_out });
  const rows = p.init_hidden.length / N_rec;
  if (!(Number.isInteger(rows) && rows > 0)) {
    throw new Error(`init_hidden has ${p.init_hidden.length} values; shape [rows, ${N_rec}] needs a positive multiple of ${N_rec}`);
  }
  const shapes: ArrayShapes = {
    x: [p.x, [B, T, N_in]],
    ...Object.fromEntries(MATRICES.map((m) => [`W_${m}`, [p[`W_${m}`], [N_rec + N_in, N_rec]]])),
    ...Object.fromEntries(MATRICES.map((m) => [`b_${m}`, [p[`b_${m}`], [N_rec]]])),
    W_out: [p.W_out, [N_out, N_rec]],
    b_out: [p.b_out, [N_out]],
    ...extra,
  };
  checkArrayShapes(shapes);
  return rows;
}

/** Allocates and writes what both kernels read: x, W [3][N_rec + N_in][N_rec], b [3][N_rec], W_out, init_hidden. */
function writeShared(m: Arena, p: FusedGruForwardParams, Bp: number, perRow: boolean) {
  const { T, N_in, N_rec, N_out } = p;
  const size = (N_rec + N_in) * N_rec;
  const initFloats = perRow ? Bp * N_rec : N_rec;
  const at = { x: m.alloc(Bp * T * N_in), W: m.alloc(3 * size), b: m.alloc(3 * N_rec), W_out: m.alloc(N_out * N_rec), init_hidden: m.alloc(initFloats) };
  return {
    at,
    write(): void {
      m.write(at.x, p.x, Bp * T * N_in);
      MATRICES.forEach((name, k) => {
        m.write(at.W, p[`W_${name}`], size, k * size);
        m.write(at.b, p[`b_${name}`], N_rec, k * N_rec);
      });
      m.write(at.W_out, p.W_out);
      m.write(at.init_hidden, p.init_hidden.subarray(0, initFloats), initFloats);
    },
  };
}

/** Runs every trial from its initial h through T steps of the GRU. */
export function fusedGruForward(p: FusedGruForwardParams): FusedGruForwardResult {
  const rows = checkShapes(p);
  const { B, T, N_in, N_rec, N_out } = p;
  const Bp = paddedBatch(B);
  const perRow = rows === B;
  const k = loadKernel(GRU_BUILDS);
  const m = new Arena(k);
  const shared = writeShared(m, p, Bp, perRow);
  const at = { ...shared.at, b_out: m.alloc(N_out), states: m.alloc(Bp * T * N_rec), outputs: m.alloc(Bp * T * N_out) };
  m.commit();
  shared.write();
  m.write(at.b_out, p.b_out);
  k.forward(Bp, T, N_in, N_rec, N_out, perRow ? 1 : 0, at.x, at.W, at.b, at.W_out, at.b_out, at.init_hidden, at.states, at.outputs, m.end);
  return { states: m.read(at.states, B * T * N_rec), outputs: m.read(at.outputs, B * T * N_out) };
}

/** BPTT of L through fusedGruForward, given ∂L/∂outputs (and ∂L/∂states): ∂L for every variable. */
export function fusedGruBackward(p: FusedGruBackwardParams): FusedGruGradients {
  const { B, T, N_in, N_rec, N_out } = p;
  const rows = checkShapes(p, { states: [p.states, [B, T, N_rec]], dOutputs: [p.dOutputs, [B, T, N_out]], dStates: [p.dStates, [B, T, N_rec]] });
  const Bp = paddedBatch(B);
  const perRow = rows === B;
  const size = (N_rec + N_in) * N_rec;
  const k = loadKernel(GRU_BUILDS);
  const m = new Arena(k);
  const shared = writeShared(m, p, Bp, perRow);
  const at = {
    ...shared.at,
    states: m.alloc(Bp * T * N_rec),
    dOutputs: m.alloc(Bp * T * N_out),
    dStates: p.dStates ? m.alloc(Bp * T * N_rec) : 0,
    dW: m.alloc(3 * size),
    db: m.alloc(3 * N_rec),
    dW_out: m.alloc(N_out * N_rec),
    db_out: m.alloc(N_out),
    dInit_hidden: m.alloc(perRow ? Bp * N_rec : N_rec),
  };
  m.commit();
  shared.write();
  m.write(at.states, p.states, Bp * T * N_rec);
  m.write(at.dOutputs, p.dOutputs, Bp * T * N_out);
  if (p.dStates) m.write(at.dStates, p.dStates, Bp * T * N_rec);
  k.backward(
    Bp, T, N_in, N_rec, N_out, perRow ? 1 : 0,
    at.x, at.W, at.b, at.W_out, at.init_hidden, at.states, at.dOutputs, at.dStates, m.end,
    at.dW, at.db, at.dW_out, at.db_out, at.dInit_hidden,
  );
  const init_hidden = new Float32Array(rows * N_rec);
  init_hidden.set(m.read(at.dInit_hidden, perRow ? B * N_rec : N_rec));
  const matrices = Object.fromEntries(
    MATRICES.flatMap((name, j) => [[`W_${name}`, m.read(at.dW, size, j * size)], [`b_${name}`, m.read(at.db, N_rec, j * N_rec)]]),
  );
  return { init_hidden, ...matrices, W_out: m.read(at.dW_out, N_out * N_rec), b_out: m.read(at.db_out, N_out) } as FusedGruGradients;
}
