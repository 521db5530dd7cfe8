/**
 * PsychRNN's numpy simulators (`backend/simulation.py`, reference §9) in plain TypeScript, no tf.js.
 * They run saved (effective) weights forward: masks and Dale's principle are NOT re-applied.
 * Arithmetic is float64 (JS numbers); results are float32 by default or float64 on request
 * (`precision: 'float64'`, e.g. for finite-difference gradient checks).
 */
import type { Array3 } from '../array3.ts';
import type { FloatArray } from '../model/constraints.ts';
import { transferFunction, type TransferFunctionName } from '../model/transfer.ts';
import type { BasicWeights, LstmWeights, NdArray } from '../model/weights.ts';
import type { Rng } from '../rng.ts';

/** Array3 with float64 data: `[N_batch, N_steps, N]`. */
export interface Array3F64 {
  data: Float64Array;
  shape: [number, number, number];
}

export type SimPrecision = 'float32' | 'float64';
export type SimArray3<P extends SimPrecision> = P extends 'float64' ? Array3F64 : Array3;
export type SimInput = Array3 | Array3F64;

export interface SimulationResult<P extends SimPrecision> {
  /** [B, N_steps, N_out] */
  outputs: SimArray3<P>;
  /** [B, N_steps, N_rec]: x after consuming u_t (pre-activation for Basic, h for LSTM and GRU) */
  states: SimArray3<P>;
}

export interface BasicSimulatorOptions<P extends SimPrecision> {
  dt?: number;
  tau?: number;
  /** dt/tau; takes precedence over dt and tau, as in PsychRNN's `params['alpha']` */
  alpha?: number;
  /** σ_rec (default 0) */
  rec_noise?: number;
  /** default: the weights' own transfer_function */
  transfer_function?: TransferFunctionName;
  /** required when rec_noise > 0 */
  rng?: Rng;
  precision?: P;
}

/** Per-step perturbations of a run (the perturbation lab, src/core/analysis/perturbation.ts); each defaults to none. */
export interface RunOptions {
  /**
   * [N_steps, N_rec, N_rec] per-step multiplier of W_rec (lesions, perturbations); default all ones. The LSTM takes it
   * on its recurrent weights: C_t[i][j] scales h_j's weight onto unit i in all four gates.
   */
  t_connectivity?: Float32Array;
  /**
   * [N_steps, N_rec] per-step multiplier of each unit's output as the readout and the next step see it: r = g_t ⊙ f(x_t)
   * for the rate RNN, h_t ← g_t ⊙ h_t for the LSTM. 0 silences a unit at that step; its state x (c) runs on.
   */
  unit_gain?: Float32Array;
  /**
   * Added state noise: at step t every unit's new state gets std[t]·N(0, 1) drawn from `rng` (none drawn where std[t]
   * is 0), PsychRNN's rec-noise form with std = √(2α)·σ. x for the rate RNN, h for the LSTM (before unit_gain).
   * `std` is [N_steps].
   */
  state_noise?: { std: Float32Array; rng: Rng };
}

/** Per-step options of a run of T steps, their lengths checked; null where absent. */
export interface StepOptions {
  conn: Float32Array | null;
  gain: Float32Array | null;
  noise: { std: Float32Array; rng: Rng } | null;
}

export function stepOptions(options: RunOptions, T: number, N_rec: number): StepOptions {
  const check = (name: string, a: Float32Array | undefined, size: number, shape: string) => {
    if (a !== undefined && a.length !== size) throw new Error(`${name} has ${a.length} values; expected ${shape} = ${size}`);
  };
  check('t_connectivity', options.t_connectivity, T * N_rec * N_rec, `N_steps·N_rec·N_rec = ${T}·${N_rec}·${N_rec}`);
  check('unit_gain', options.unit_gain, T * N_rec, `N_steps·N_rec = ${T}·${N_rec}`);
  check('state_noise.std', options.state_noise?.std, T, `N_steps = ${T}`);
  return { conn: options.t_connectivity ?? null, gain: options.unit_gain ?? null, noise: options.state_noise ?? null };
}

/** The noise std of step t (0 without state noise). */
export const noiseAt = (noise: StepOptions['noise'], t: number): number => (noise === null ? 0 : noise.std[t]);

/** A gated model's h after step t, perturbed in place: h += std[t]·N(0, 1), then h ⊙= unit_gain[t]. */
export function perturbHidden(h: Float64Array, t: number, noise: StepOptions['noise'], gain: Float32Array | null): void {
  const n = h.length;
  const std = noiseAt(noise, t);
  if (std > 0) for (let j = 0; j < n; j++) h[j] += std * noise!.rng.normal();
  if (gain !== null) for (let j = 0; j < n; j++) h[j] *= gain[t * n + j];
}

export function toF64(a: NdArray, name: string, size: number): Float64Array {
  if (a.data.length !== size) {
    throw new Error(`${name} has ${a.data.length} values (shape [${a.shape.join(', ')}]); expected ${size}`);
  }
  return Float64Array.from(a.data);
}

function resolveAlpha(opts: { dt?: number; tau?: number; alpha?: number }): number {
  const alpha = opts.alpha ?? (opts.dt !== undefined && opts.tau !== undefined ? opts.dt / opts.tau : undefined);
  if (alpha === undefined) {
    throw new Error('BasicSimulator needs alpha, or dt and tau (alpha = dt/tau)');
  }
  if (!(Number.isFinite(alpha) && alpha > 0)) {
    throw new Error(`alpha must be a positive finite number; got ${alpha} (dt = ${opts.dt}, tau = ${opts.tau})`);
  }
  return alpha;
}

/** Σ_k a[aOff+k]·b[bOff+k] over k < n, with four partial sums for instruction-level parallelism (≈2× a plain loop). */
export function dot(a: Float64Array, aOff: number, b: Float64Array, bOff: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    s0 += a[aOff + k] * b[bOff + k];
    s1 += a[aOff + k + 1] * b[bOff + k + 1];
    s2 += a[aOff + k + 2] * b[bOff + k + 2];
    s3 += a[aOff + k + 3] * b[bOff + k + 3];
  }
  for (; k < n; k++) s0 += a[aOff + k] * b[bOff + k];
  return s0 + s1 + s2 + s3;
}

/** Checks the input's last axis and allocates the result arrays. */
export function allocate<P extends SimPrecision>(
  input: SimInput,
  N_in: number,
  N_out: number,
  N_rec: number,
  precision: P,
): SimulationResult<P> {
  const [B, T, n] = input.shape;
  if (n !== N_in) {
    throw new Error(`input has shape [${input.shape.join(', ')}]; its last axis must be N_in = ${N_in}`);
  }
  if (input.data.length !== B * T * n) {
    throw new Error(`input has ${input.data.length} values; shape [${B}, ${T}, ${n}] needs ${B * T * n}`);
  }
  const Ctor = precision === 'float64' ? Float64Array : Float32Array;
  return {
    outputs: { data: new Ctor(B * T * N_out), shape: [B, T, N_out] },
    states: { data: new Ctor(B * T * N_rec), shape: [B, T, N_rec] },
  } as SimulationResult<P>;
}

/**
 * The continuous-time rate RNN (reference §3.2), for each trial b of the batch:
 * x' = (1−α)x + α(W_rec⊙C_t · f(x) + W_in·u + b_rec) + √(2α·σ_rec²)·ξ,   y = W_out·f(x') + b_out.
 */
export class BasicSimulator<P extends SimPrecision = 'float32'> {
  readonly N_in: number;
  readonly N_rec: number;
  readonly N_out: number;
  readonly alpha: number;
  readonly recNoise: number;
  readonly precision: P;
  private readonly f: (x: number) => number;
  private readonly rng: Rng | null;
  private readonly noiseScale: number;
  private readonly W_in: Float64Array;
  private readonly W_rec: Float64Array;
  private readonly W_out: Float64Array;
  private readonly b_rec: Float64Array;
  private readonly b_out: Float64Array;
  private readonly init_state: Float64Array;

  /** `weights` are effective, as saved; only row 0 of init_state is used (PsychRNN's run_trials). */
  constructor(weights: BasicWeights, opts: BasicSimulatorOptions<P>) {
    const { N_in, N_rec, N_out } = weights;
    this.N_in = N_in;
    this.N_rec = N_rec;
    this.N_out = N_out;
    this.alpha = resolveAlpha(opts);
    this.recNoise = opts.rec_noise ?? 0;
    if (!(this.recNoise >= 0)) throw new Error(`rec_noise must be ≥ 0; got ${this.recNoise}`);
    if (this.recNoise > 0 && opts.rng === undefined) {
      throw new Error(`rec_noise = ${this.recNoise} needs an rng option for the noise draws`);
    }
    this.rng = opts.rng ?? null;
    this.noiseScale = Math.sqrt(2 * this.alpha * this.recNoise ** 2);
    this.precision = (opts.precision ?? 'float32') as P;
    this.f = transferFunction(opts.transfer_function ?? weights.transfer_function);
    this.W_in = toF64(weights.W_in, 'W_in', N_rec * N_in);
    this.W_rec = toF64(weights.W_rec, 'W_rec', N_rec * N_rec);
    this.W_out = toF64(weights.W_out, 'W_out', N_out * N_rec);
    this.b_rec = toF64(weights.b_rec, 'b_rec', N_rec);
    this.b_out = toF64(weights.b_out, 'b_out', N_out);
    if (weights.init_state.data.length < N_rec) {
      throw new Error(`init_state has ${weights.init_state.data.length} values; expected at least N_rec = ${N_rec}`);
    }
    this.init_state = Float64Array.from(weights.init_state.data.subarray(0, N_rec));
  }

  /**
   * Runs every trial of `input` [B, N_steps, N_in] from init_state. Steps are the outer loop, as in
   * PsychRNN: W_rec ⊙ C_t is formed once per step, and the noise is drawn per step for the whole batch.
   */
  runTrials(input: SimInput, options: RunOptions = {}): SimulationResult<P> {
    const { N_in, N_rec, N_out } = this;
    const result = allocate(input, N_in, N_out, N_rec, this.precision);
    const [B, T] = input.shape;
    const { conn, gain, noise } = stepOptions(options, T, N_rec);
    const stepConn = N_rec * N_rec;
    let x = new Float64Array(B * N_rec);
    let xNew = new Float64Array(B * N_rec);
    const r = new Float64Array(B * N_rec);
    for (let b = 0; b < B; b++) x.set(this.init_state, b * N_rec);
    for (let k = 0; k < x.length; k++) r[k] = this.f(x[k]);
    const W_rec_t = conn === null ? this.W_rec : new Float64Array(stepConn);
    for (let t = 0; t < T; t++) {
      if (conn !== null) this.maskRecurrent(conn, t * stepConn, W_rec_t);
      const perturb: StepPerturbation = { gain, gainOff: t * N_rec, noiseStd: noiseAt(noise, t), noiseRng: noise?.rng ?? null };
      for (let b = 0; b < B; b++) {
        const bt = b * T + t;
        this.advance(W_rec_t, x, r, xNew, b * N_rec, input.data, bt * N_in, result.outputs.data, bt * N_out, perturb);
        result.states.data.set(xNew.subarray(b * N_rec, (b + 1) * N_rec), bt * N_rec);
      }
      const previous = x;
      x = xNew;
      xNew = previous;
    }
    return result;
  }

  /**
   * PsychRNN's rnn_step on a batch: `state` [B·N_rec], `input` [B·N_in], optional `tConnectivity`
   * [N_rec·N_rec]. Returns the new state and output [B·N_out] in float64.
   */
  rnnStep(
    state: ArrayLike<number>,
    input: ArrayLike<number>,
    tConnectivity?: ArrayLike<number>,
  ): { output: Float64Array; state: Float64Array } {
    const { N_in, N_rec, N_out } = this;
    const B = state.length / N_rec;
    if (!Number.isInteger(B) || input.length !== B * N_in) {
      throw new Error(
        `rnnStep needs state of B·N_rec values and input of B·N_in values (N_rec = ${N_rec}, N_in = ${N_in}); ` +
          `got ${state.length} and ${input.length}`,
      );
    }
    let W_rec_t = this.W_rec;
    if (tConnectivity !== undefined) {
      if (tConnectivity.length !== N_rec * N_rec) {
        throw new Error(`tConnectivity has ${tConnectivity.length} values; expected N_rec·N_rec = ${N_rec * N_rec}`);
      }
      W_rec_t = new Float64Array(N_rec * N_rec);
      this.maskRecurrent(tConnectivity, 0, W_rec_t);
    }
    const x = Float64Array.from(state);
    const r = x.map(this.f);
    const out = { output: new Float64Array(B * N_out), state: new Float64Array(B * N_rec) };
    for (let b = 0; b < B; b++) this.advance(W_rec_t, x, r, out.state, b * N_rec, input, b * N_in, out.output, b * N_out);
    return out;
  }

  /** out = W_rec ⊙ C_t, C_t read from conn[off…]. */
  private maskRecurrent(conn: ArrayLike<number>, off: number, out: Float64Array): void {
    for (let k = 0; k < out.length; k++) out[k] = this.W_rec[k] * conn[off + k];
  }

  /**
   * One step of the trial whose state is x[off…off+N_rec): needs r there (the units' outputs at x); writes x' into
   * xNew and y into y[yOff…], and leaves r = g ⊙ f(x') (g = the step's unit gain, 1 without). Everything is read at
   * offsets: no step allocates.
   */
  private advance(
    W_rec: Float64Array,
    x: Float64Array,
    r: Float64Array,
    xNew: Float64Array,
    off: number,
    u: ArrayLike<number>,
    uOff: number,
    y: FloatArray,
    yOff: number,
    perturb: StepPerturbation = UNPERTURBED,
  ): void {
    const { N_in, N_rec, N_out, alpha, W_in, W_out, b_rec, b_out, f } = this;
    const { gain, gainOff, noiseStd, noiseRng } = perturb;
    for (let i = 0; i < N_rec; i++) {
      let acc = b_rec[i] + dot(W_rec, i * N_rec, r, off, N_rec);
      const inRow = i * N_in;
      for (let k = 0; k < N_in; k++) acc += W_in[inRow + k] * u[uOff + k];
      let v = (1 - alpha) * x[off + i] + alpha * acc;
      if (this.rng !== null && this.noiseScale > 0) v += this.noiseScale * this.rng.normal();
      if (noiseRng !== null && noiseStd > 0) v += noiseStd * noiseRng.normal();
      xNew[off + i] = v;
    }
    if (gain === null) for (let i = off; i < off + N_rec; i++) r[i] = f(xNew[i]);
    else for (let i = 0; i < N_rec; i++) r[off + i] = gain[gainOff + i] * f(xNew[off + i]);
    for (let o = 0; o < N_out; o++) y[yOff + o] = b_out[o] + dot(W_out, o * N_rec, r, off, N_rec);
  }
}

/** One step's unit gain (read at gain[gainOff…]) and added noise std, for BasicSimulator.advance. */
interface StepPerturbation {
  gain: Float32Array | null;
  gainOff: number;
  noiseStd: number;
  noiseRng: Rng | null;
}

const UNPERTURBED: StepPerturbation = { gain: null, gainOff: 0, noiseStd: 0, noiseRng: null };

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/**
 * The LSTM's four gate pre-activations at (h, u), into `pre`: pre_g = b_g + z·W_g with z = [h; u] and each W_g
 * row-major [N_rec + N_in, N_rec] (row k of W_g is scaled by z_k, contiguous over units). `h` is read at 0…N_rec−1
 * and `u` at uOff…uOff+N_in−1. With `conn` (an [N_rec, N_rec] C read at connOff, C[j][k] from unit k to unit j), h_k's
 * weight onto unit j is scaled by C[j][k] (RunOptions.t_connectivity).
 */
export function lstmPreActivations(
  gates: readonly Float64Array[],
  biases: readonly Float64Array[],
  N_rec: number,
  N_in: number,
  h: ArrayLike<number>,
  u: ArrayLike<number>,
  uOff: number,
  pre: Float64Array[],
  conn: ArrayLike<number> | null = null,
  connOff = 0,
): void {
  for (let g = 0; g < 4; g++) pre[g].set(biases[g]);
  for (let k = 0; k < N_rec + N_in; k++) {
    const zk = k < N_rec ? h[k] : u[uOff + k - N_rec];
    if (zk === 0) continue;
    const off = k * N_rec;
    const masked = conn !== null && k < N_rec;
    for (let g = 0; g < 4; g++) {
      const W = gates[g];
      const p = pre[g];
      if (masked) for (let j = 0; j < N_rec; j++) p[j] += zk * W[off + j] * conn[connOff + j * N_rec + k];
      else for (let j = 0; j < N_rec; j++) p[j] += zk * W[off + j];
    }
  }
}

/**
 * PsychRNN's LSTM (reference §3.4), with z = [h, u]:
 * f,i,o = σ(z·W + b), c̃ = tanh(z·W_c + b_c), c' = f⊙c + i⊙c̃, h' = o ⊙ σ(c') (sic: σ, not tanh),
 * y = W_out·h' + b_out (W_out as stored, no transfer function). No noise, masks or Dale of its own; a run's
 * RunOptions perturb it (cut or scaled recurrent weights, silenced units, added noise on h).
 *
 * Initial rows: trial b starts from row b of init_hidden/init_cell when the batch has exactly as many
 * trials as those arrays have rows (as the TF model, which learns one row per batch position);
 * otherwise every trial starts from row 0, as PsychRNN's LSTMSimulator always does.
 */
export class LSTMSimulator<P extends SimPrecision = 'float32'> {
  readonly N_in: number;
  readonly N_rec: number;
  readonly N_out: number;
  readonly precision: P;
  private readonly initRows: number;
  private readonly init_hidden: Float64Array;
  private readonly init_cell: Float64Array;
  /** W_f, W_i, W_c, W_o, each [N_rec + N_in, N_rec] */
  private readonly gates: Float64Array[];
  /** b_f, b_i, b_c, b_o, each [N_rec] */
  private readonly biases: Float64Array[];
  private readonly W_out: Float64Array;
  private readonly b_out: Float64Array;

  constructor(weights: LstmWeights, opts: { precision?: P } = {}) {
    const { N_in, N_rec, N_out } = weights;
    this.N_in = N_in;
    this.N_rec = N_rec;
    this.N_out = N_out;
    this.precision = (opts.precision ?? 'float32') as P;
    this.initRows = weights.init_hidden.shape[0];
    this.init_hidden = toF64(weights.init_hidden, 'init_hidden', this.initRows * N_rec);
    this.init_cell = toF64(weights.init_cell, 'init_cell', this.initRows * N_rec);
    const concat = N_rec + N_in;
    this.gates = (['W_f', 'W_i', 'W_c', 'W_o'] as const).map((k) => toF64(weights[k], k, concat * N_rec));
    this.biases = (['b_f', 'b_i', 'b_c', 'b_o'] as const).map((k) => toF64(weights[k], k, N_rec));
    this.W_out = toF64(weights.W_out, 'W_out', N_out * N_rec);
    this.b_out = toF64(weights.b_out, 'b_out', N_out);
  }

  runTrials(input: SimInput, options: RunOptions = {}): SimulationResult<P> {
    const { N_in, N_rec, N_out } = this;
    const result = allocate(input, N_in, N_out, N_rec, this.precision);
    const [B, T] = input.shape;
    const { conn, gain, noise } = stepOptions(options, T, N_rec);
    const h = new Float64Array(N_rec);
    const c = new Float64Array(N_rec);
    const pre = [0, 1, 2, 3].map(() => new Float64Array(N_rec));
    for (let b = 0; b < B; b++) {
      const row = B === this.initRows ? b : 0;
      h.set(this.init_hidden.subarray(row * N_rec, (row + 1) * N_rec));
      c.set(this.init_cell.subarray(row * N_rec, (row + 1) * N_rec));
      for (let t = 0; t < T; t++) {
        const bt = b * T + t;
        this.step(h, c, input.data, bt * N_in, pre, conn, t * N_rec * N_rec);
        perturbHidden(h, t, noise, gain);
        result.states.data.set(h, bt * N_rec);
        this.readout(h, result.outputs.data, bt * N_out);
      }
    }
    return result;
  }

  /** One step of one trial, in place on h and c; `pre` holds the four gate pre-activations. */
  private step(h: Float64Array, c: Float64Array, u: ArrayLike<number>, uOff: number, pre: Float64Array[], conn: Float32Array | null, connOff: number): void {
    const { N_in, N_rec, gates, biases } = this;
    lstmPreActivations(gates, biases, N_rec, N_in, h, u, uOff, pre, conn, connOff);
    const [pf, pi, pc, po] = pre;
    for (let j = 0; j < N_rec; j++) {
      c[j] = sigmoid(pf[j]) * c[j] + sigmoid(pi[j]) * Math.tanh(pc[j]); // c' = f⊙c + i⊙c̃
      h[j] = sigmoid(po[j]) * sigmoid(c[j]); // h' = o ⊙ σ(c')
    }
  }

  private readout(h: Float64Array, y: FloatArray, yOff: number): void {
    const { N_rec, N_out, W_out, b_out } = this;
    for (let o = 0; o < N_out; o++) y[yOff + o] = b_out[o] + dot(W_out, o * N_rec, h, 0, N_rec);
  }
}
