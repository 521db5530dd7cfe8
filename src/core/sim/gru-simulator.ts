/**
 * The GRU (model/gru.ts; CogRNN's own, PsychRNN has no GRU) in plain TypeScript, no tf.js, as simulator.ts runs
 * the Basic RNN and the LSTM: float64 arithmetic, float32 results unless `precision: 'float64'`. With z = [h, u]:
 *   r = σ(z·W_r + b_r), g = σ(z·W_u + b_u), c̃ = tanh([r ⊙ h, u]·W_c + b_c),
 *   h' = g ⊙ h + (1 − g) ⊙ c̃,   y = W_out·h' + b_out (W_out as stored, no transfer function). No noise, masks or Dale.
 * Initial rows as the LSTMSimulator: trial b starts from row b of init_hidden when the batch has exactly as many
 * trials as it has rows, otherwise every trial from row 0. A run's perturbations (RunOptions) act as on the LSTM:
 * t_connectivity C_t[j][k] scales h_k's weight onto unit j in both gates and the candidate, state noise is added to h′,
 * then unit_gain scales h′ as the readout and the next step see it.
 */
import type { FloatArray } from '../model/constraints.ts';
import type { GruWeights } from '../model/weights.ts';
import { allocate, dot, perturbHidden, type RunOptions, type SimInput, type SimPrecision, type SimulationResult, stepOptions, toF64 } from './simulator.ts';

/** A GRU's gate weights in float64: W_* row-major [N_rec + N_in, N_rec] (row k scales z_k), b_* [N_rec]. */
export interface GruArrays {
  N_rec: number;
  N_in: number;
  W_r: Float64Array;
  W_u: Float64Array;
  W_c: Float64Array;
  b_r: Float64Array;
  b_u: Float64Array;
  b_c: Float64Array;
}

/** The gates at one (h, u), each [N_rec]: reset r, update g and the candidate c̃. */
export interface GruGates {
  r: Float64Array;
  g: Float64Array;
  candidate: Float64Array;
  /** r ⊙ h, what the candidate sees of the state */
  resetHidden: Float64Array;
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** The float64 gate arrays of saved weights, each checked against its shape. */
export function gruArrays(weights: GruWeights): GruArrays {
  const { N_rec, N_in } = weights;
  const concat = (N_rec + N_in) * N_rec;
  return {
    N_rec,
    N_in,
    W_r: toF64(weights.W_r, 'W_r', concat),
    W_u: toF64(weights.W_u, 'W_u', concat),
    W_c: toF64(weights.W_c, 'W_c', concat),
    b_r: toF64(weights.b_r, 'b_r', N_rec),
    b_u: toF64(weights.b_u, 'b_u', N_rec),
    b_c: toF64(weights.b_c, 'b_c', N_rec),
  };
}

export function newGruGates(N_rec: number): GruGates {
  const vector = () => new Float64Array(N_rec);
  return { r: vector(), g: vector(), candidate: vector(), resetHidden: vector() };
}

/** A recurrent mask C [N_rec, N_rec] read at `off`: C[j][k] scales the weight from unit k onto unit j. */
export interface RecurrentMask {
  conn: ArrayLike<number>;
  off: number;
}

/**
 * Adds z_k·W[k, :] to `acc` for every row k, with z = [a, u]; `a` is read at 0…N_rec−1, `u` at uOff…. With `mask`,
 * a_k's weight onto unit j is scaled by C[j][k].
 */
function addRows(W: Float64Array, N_rec: number, N_in: number, a: ArrayLike<number>, u: ArrayLike<number>, uOff: number, acc: Float64Array, mask: RecurrentMask | null): void {
  for (let k = 0; k < N_rec + N_in; k++) {
    const zk = k < N_rec ? a[k] : u[uOff + k - N_rec];
    if (zk === 0) continue;
    const off = k * N_rec;
    if (mask !== null && k < N_rec) for (let j = 0; j < N_rec; j++) acc[j] += zk * W[off + j] * mask.conn[mask.off + j * N_rec + k];
    else for (let j = 0; j < N_rec; j++) acc[j] += zk * W[off + j];
  }
}

/** r, g and c̃ at (h, u) into `gates` (h at 0…N_rec−1, u at uOff…uOff+N_in−1), through `mask` when given. */
export function gruGates(w: GruArrays, h: ArrayLike<number>, u: ArrayLike<number>, uOff: number, gates: GruGates, mask: RecurrentMask | null = null): void {
  const { N_rec, N_in } = w;
  const { r, g, candidate, resetHidden } = gates;
  r.set(w.b_r);
  g.set(w.b_u);
  addRows(w.W_r, N_rec, N_in, h, u, uOff, r, mask);
  addRows(w.W_u, N_rec, N_in, h, u, uOff, g, mask);
  for (let j = 0; j < N_rec; j++) {
    r[j] = sigmoid(r[j]);
    g[j] = sigmoid(g[j]);
  }
  // the reset gate scales h before the candidate's matmul: c̃ = tanh([r ⊙ h, u]·W_c + b_c)
  for (let j = 0; j < N_rec; j++) resetHidden[j] = r[j] * h[j];
  candidate.set(w.b_c);
  addRows(w.W_c, N_rec, N_in, resetHidden, u, uOff, candidate, mask);
  for (let j = 0; j < N_rec; j++) candidate[j] = Math.tanh(candidate[j]);
}

/** h' = g ⊙ h + (1 − g) ⊙ c̃ from the gates at h, into `out` (which may be h itself). */
export function gruUpdate(h: ArrayLike<number>, { g, candidate }: GruGates, out: Float64Array): void {
  for (let j = 0; j < out.length; j++) out[j] = g[j] * h[j] + (1 - g[j]) * candidate[j];
}

export class GruSimulator<P extends SimPrecision = 'float32'> {
  readonly N_in: number;
  readonly N_rec: number;
  readonly N_out: number;
  readonly precision: P;
  private readonly arrays: GruArrays;
  private readonly initRows: number;
  private readonly init_hidden: Float64Array;
  private readonly W_out: Float64Array;
  private readonly b_out: Float64Array;

  constructor(weights: GruWeights, opts: { precision?: P } = {}) {
    const { N_in, N_rec, N_out } = weights;
    this.N_in = N_in;
    this.N_rec = N_rec;
    this.N_out = N_out;
    this.precision = (opts.precision ?? 'float32') as P;
    this.arrays = gruArrays(weights);
    this.initRows = weights.init_hidden.shape[0];
    this.init_hidden = toF64(weights.init_hidden, 'init_hidden', this.initRows * N_rec);
    this.W_out = toF64(weights.W_out, 'W_out', N_out * N_rec);
    this.b_out = toF64(weights.b_out, 'b_out', N_out);
  }

  /** Runs every trial of `input` [B, N_steps, N_in] with `options`' perturbations; states are h after each step. */
  runTrials(input: SimInput, options: RunOptions = {}): SimulationResult<P> {
    const { N_in, N_rec, N_out } = this;
    const result = allocate(input, N_in, N_out, N_rec, this.precision);
    const [B, T] = input.shape;
    const { conn, gain, noise } = stepOptions(options, T, N_rec);
    const h = new Float64Array(N_rec);
    const gates = newGruGates(N_rec);
    for (let b = 0; b < B; b++) {
      const row = B === this.initRows ? b : 0;
      h.set(this.init_hidden.subarray(row * N_rec, (row + 1) * N_rec));
      for (let t = 0; t < T; t++) {
        const bt = b * T + t;
        gruGates(this.arrays, h, input.data, bt * N_in, gates, conn === null ? null : { conn, off: t * N_rec * N_rec });
        gruUpdate(h, gates, h);
        perturbHidden(h, t, noise, gain);
        result.states.data.set(h, bt * N_rec);
        this.readout(h, result.outputs.data, bt * N_out);
      }
    }
    return result;
  }

  private readout(h: Float64Array, y: FloatArray, yOff: number): void {
    const { N_rec, N_out, W_out, b_out } = this;
    for (let o = 0; o < N_out; o++) y[yOff + o] = b_out[o] + dot(W_out, o * N_rec, h, 0, N_rec);
  }
}
