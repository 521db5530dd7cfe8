/**
 * F(x, u): one noise-free step of a saved network, as a map on its full state, with its Jacobian
 * ∂F/∂x, for the fixed-point finder (Sussillo & Barak 2013). Everything is float64.
 *
 * Basic RNN (reference §3.2, §9): the state is the pre-activation x (r = f(x)), and
 *   F(x, u) = (1−α)x + α(W_rec·f(x) + W_in·u + b_rec),   J = (1−α)I + α·W_rec·diag(f′(x)).
 * The weights are the saved, effective ones (masks and Dale already applied, as the simulator uses
 * them); F is the simulator's own `rnnStep` with no noise.
 * LSTM (reference §3.4): the state is [h; c] (size 2·N_rec), since c carries memory that h alone does
 * not; with z = [h, u], pre_g = z·W_g + b_g,
 *   c′ = σ(pre_f)⊙c + σ(pre_i)⊙tanh(pre_c),   h′ = σ(pre_o)⊙σ(c′)   (PsychRNN's σ, not tanh)
 * and its Jacobian is analytic (checked against central finite differences in the tests).
 * GRU (model/gru.ts): the state is h (size N_rec), and with z = [h, u], r = σ(z·W_r + b_r), g = σ(z·W_u + b_u),
 *   c̃ = tanh([r ⊙ h, u]·W_c + b_c),   F(h, u) = g ⊙ h + (1 − g) ⊙ c̃,
 * with its analytic Jacobian (also checked against finite differences).
 */
import type { TransferFunctionName } from '../../model/transfer.ts';
import type { BasicWeights, GruWeights, LstmWeights, NdArray, NetworkWeights } from '../../model/weights.ts';
import { BasicSimulator, dot, lstmPreActivations } from '../../sim/simulator.ts';
import { type GruArrays, gruArrays, gruGates, type GruGates, gruUpdate, newGruGates } from '../../sim/gru-simulator.ts';

/** A discrete-time map x_{t+1} = F(x_t, u) on a state of `size` numbers. */
export interface Dynamics {
  readonly model: NetworkWeights['model'];
  /** length of the state vector: N_rec for Basic and GRU, 2·N_rec ([h; c]) for LSTM */
  readonly size: number;
  readonly N_in: number;
  /** F(x, u): `x` [size], `u` [N_in] → [size] */
  step(x: ArrayLike<number>, u: ArrayLike<number>): Float64Array;
  /** ∂F/∂x at (x, u): [size, size] row-major, J[i·size + j] = ∂F_i/∂x_j */
  jacobian(x: ArrayLike<number>, u: ArrayLike<number>): Float64Array;
  /** optional fast Jᵀv [size] without forming J (the finder's gradient); when absent J is formed */
  transposedJacobianTimes?(x: ArrayLike<number>, u: ArrayLike<number>, v: ArrayLike<number>): Float64Array;
  /** the learned initial state of trial `trial` in a batch of `nTrials` (the simulator's rule) */
  initialState(trial: number, nTrials: number): Float64Array;
}

/** f′ of each transfer function; relu′(0) = 0 as in TensorFlow's gradient. */
export function transferDerivative(name: TransferFunctionName): (x: number) => number {
  switch (name) {
    case 'relu':
      return (x) => (x > 0 ? 1 : 0);
    case 'tanh':
      return (x) => 1 - Math.tanh(x) ** 2;
    case 'sigmoid':
      return (x) => sigmoid(x) * (1 - sigmoid(x));
    case 'softplus': // d/dx log(1 + eˣ) = σ(x)
      return sigmoid;
    case 'linear':
      return () => 1;
  }
}

function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v));
}

function checkLength(what: string, values: ArrayLike<number>, expected: number, meaning: string): void {
  if (values.length !== expected) {
    throw new Error(`${what} has ${values.length} values; expected ${meaning} = ${expected}`);
  }
}

function f64(a: NdArray): Float64Array {
  return Float64Array.from(a.data);
}

/** The Basic RNN's step and Jacobian at rate constant α = dt/τ. */
export class BasicDynamics implements Dynamics {
  readonly model = 'basic' as const;
  readonly size: number;
  readonly N_in: number;
  private readonly alpha: number;
  private readonly simulator: BasicSimulator<'float64'>;
  private readonly W_rec: Float64Array;
  private readonly fPrime: (x: number) => number;
  private readonly init: Float64Array;

  constructor(weights: BasicWeights, alpha: number) {
    this.simulator = new BasicSimulator(weights, { alpha, precision: 'float64' });
    this.alpha = this.simulator.alpha;
    this.size = weights.N_rec;
    this.N_in = weights.N_in;
    this.W_rec = f64(weights.W_rec);
    this.fPrime = transferDerivative(weights.transfer_function);
    this.init = Float64Array.from(weights.init_state.data.subarray(0, weights.N_rec));
  }

  step(x: ArrayLike<number>, u: ArrayLike<number>): Float64Array {
    this.check(x, u);
    return this.simulator.rnnStep(x, u).state;
  }

  jacobian(x: ArrayLike<number>, u: ArrayLike<number>): Float64Array {
    this.check(x, u);
    const { size: n, alpha, W_rec } = this;
    const J = new Float64Array(n * n);
    const d = Float64Array.from(x, this.fPrime);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) J[i * n + j] = alpha * W_rec[i * n + j] * d[j];
      J[i * n + i] += 1 - alpha;
    }
    return J;
  }

  /** Jᵀv = (1−α)v + α·diag(f′(x))·W_recᵀv, in O(N²) with no N×N allocation. */
  transposedJacobianTimes(x: ArrayLike<number>, u: ArrayLike<number>, v: ArrayLike<number>): Float64Array {
    this.check(x, u);
    checkLength('vector v', v, this.size, 'N_rec');
    const { size: n, alpha, W_rec } = this;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const vi = v[i];
      if (vi === 0) continue;
      for (let j = 0, row = i * n; j < n; j++) out[j] += W_rec[row + j] * vi;
    }
    for (let j = 0; j < n; j++) out[j] = (1 - alpha) * v[j] + alpha * this.fPrime(x[j]) * out[j];
    return out;
  }

  initialState(): Float64Array {
    return Float64Array.from(this.init);
  }

  private check(x: ArrayLike<number>, u: ArrayLike<number>): void {
    checkLength('state x', x, this.size, 'N_rec');
    checkLength('input u', u, this.N_in, 'N_in');
  }
}

/** The four gates' pre-activations and activations at one (h, u). */
interface LstmGates {
  f: Float64Array;
  i: Float64Array;
  cTilde: Float64Array;
  o: Float64Array;
  /** c′ */
  c: Float64Array;
}

/** PsychRNN's LSTM on the state [h; c]. */
export class LstmDynamics implements Dynamics {
  readonly model = 'lstm' as const;
  readonly size: number;
  readonly N_in: number;
  private readonly N_rec: number;
  /** W_f, W_i, W_c, W_o, each [N_rec + N_in, N_rec] */
  private readonly W: Float64Array[];
  private readonly b: Float64Array[];
  private readonly initHidden: Float64Array;
  private readonly initCell: Float64Array;
  private readonly initRows: number;

  constructor(weights: LstmWeights) {
    const { N_rec, N_in } = weights;
    this.N_rec = N_rec;
    this.N_in = N_in;
    this.size = 2 * N_rec;
    this.W = (['W_f', 'W_i', 'W_c', 'W_o'] as const).map((k) => {
      checkLength(k, weights[k].data, (N_rec + N_in) * N_rec, '(N_rec + N_in)·N_rec');
      return f64(weights[k]);
    });
    this.b = (['b_f', 'b_i', 'b_c', 'b_o'] as const).map((k) => f64(weights[k]));
    this.initRows = weights.init_hidden.shape[0];
    this.initHidden = f64(weights.init_hidden);
    this.initCell = f64(weights.init_cell);
  }

  step(x: ArrayLike<number>, u: ArrayLike<number>): Float64Array {
    const g = this.gates(x, u);
    const n = this.N_rec;
    const out = new Float64Array(2 * n);
    for (let j = 0; j < n; j++) {
      out[j] = g.o[j] * sigmoid(g.c[j]);
      out[n + j] = g.c[j];
    }
    return out;
  }

  /**
   * With s = σ(c′), s′ = s(1−s), and ∂pre_g[j]/∂h_k = W_g[k, j]:
   *   ∂c′_j/∂h_k = f_j(1−f_j)W_f[k,j]c_j + i_j(1−i_j)W_i[k,j]c̃_j + i_j(1−c̃_j²)W_c[k,j],   ∂c′_j/∂c_k = δ_jk f_j
   *   ∂h′_j/∂h_k = o_j(1−o_j)W_o[k,j]s_j + o_j s′_j ∂c′_j/∂h_k,                          ∂h′_j/∂c_k = δ_jk o_j s′_j f_j
   */
  jacobian(x: ArrayLike<number>, u: ArrayLike<number>): Float64Array {
    const { f, i, cTilde, o, c } = this.gates(x, u);
    const n = this.N_rec;
    const size = 2 * n;
    const [W_f, W_i, W_c, W_o] = this.W;
    const J = new Float64Array(size * size);
    for (let j = 0; j < n; j++) {
      const s = sigmoid(c[j]);
      const hGain = o[j] * s * (1 - s);
      const cOld = x[n + j];
      const df = f[j] * (1 - f[j]) * cOld;
      const di = i[j] * (1 - i[j]) * cTilde[j];
      const dc = i[j] * (1 - cTilde[j] ** 2);
      const dOut = o[j] * (1 - o[j]) * s;
      for (let k = 0; k < n; k++) {
        const w = k * n + j;
        const dcdh = df * W_f[w] + di * W_i[w] + dc * W_c[w];
        J[(n + j) * size + k] = dcdh;
        J[j * size + k] = dOut * W_o[w] + hGain * dcdh;
      }
      J[(n + j) * size + n + j] = f[j];
      J[j * size + n + j] = hGain * f[j];
    }
    return J;
  }

  initialState(trial: number, nTrials: number): Float64Array {
    const n = this.N_rec;
    const row = nTrials === this.initRows ? trial : 0;
    const out = new Float64Array(2 * n);
    out.set(this.initHidden.subarray(row * n, (row + 1) * n));
    out.set(this.initCell.subarray(row * n, (row + 1) * n), n);
    return out;
  }

  private gates(x: ArrayLike<number>, u: ArrayLike<number>): LstmGates {
    checkLength('state [h; c]', x, this.size, '2·N_rec');
    checkLength('input u', u, this.N_in, 'N_in');
    const n = this.N_rec;
    const pre = this.b.map((b) => new Float64Array(b.length));
    lstmPreActivations(this.W, this.b, n, this.N_in, x, u, 0, pre); // x's first N_rec entries are h
    const f = pre[0].map(sigmoid);
    const i = pre[1].map(sigmoid);
    const cTilde = pre[2].map(Math.tanh);
    const o = pre[3].map(sigmoid);
    const c = new Float64Array(n);
    for (let j = 0; j < n; j++) c[j] = f[j] * x[n + j] + i[j] * cTilde[j];
    return { f, i, cTilde, o, c };
  }
}

/** The GRU on its hidden state h. */
export class GruDynamics implements Dynamics {
  readonly model = 'gru' as const;
  readonly size: number;
  readonly N_in: number;
  private readonly w: GruArrays;
  private readonly initHidden: Float64Array;
  private readonly initRows: number;

  constructor(weights: GruWeights) {
    this.w = gruArrays(weights);
    this.size = weights.N_rec;
    this.N_in = weights.N_in;
    this.initRows = weights.init_hidden.shape[0];
    this.initHidden = f64(weights.init_hidden);
  }

  step(x: ArrayLike<number>, u: ArrayLike<number>): Float64Array {
    const out = new Float64Array(this.size);
    gruUpdate(x, this.gates(x, u), out);
    return out;
  }

  /**
   * With P[k, j] = ∂pre_c̃_j/∂h_k = r_k·W_c[k, j] + Σ_m W_r[k, m]·h_m·r_m(1−r_m)·W_c[m, j] (the reset gate's path):
   *   ∂h′_j/∂h_k = δ_jk·g_j + (h_j − c̃_j)·g_j(1−g_j)·W_u[k, j] + (1−g_j)(1−c̃_j²)·P[k, j]
   * O(N_rec³) for the product through W_r; the finder's gradient uses `transposedJacobianTimes` instead.
   */
  jacobian(x: ArrayLike<number>, u: ArrayLike<number>): Float64Array {
    const { r, g, candidate: c } = this.gates(x, u);
    const n = this.size;
    const { W_r, W_u, W_c } = this.w;
    const resetSlope = Float64Array.from(r, (rm, m) => x[m] * rm * (1 - rm)); // h_m·r_m(1−r_m)
    const J = new Float64Array(n * n);
    const P = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      for (let j = 0; j < n; j++) P[j] = r[k] * W_c[k * n + j];
      for (let m = 0; m < n; m++) {
        const a = W_r[k * n + m] * resetSlope[m];
        if (a === 0) continue;
        for (let j = 0; j < n; j++) P[j] += a * W_c[m * n + j];
      }
      for (let j = 0; j < n; j++) {
        const gj = g[j];
        J[j * n + k] = (x[j] - c[j]) * gj * (1 - gj) * W_u[k * n + j] + (1 - gj) * (1 - c[j] ** 2) * P[j];
      }
      J[k * n + k] += g[k];
    }
    return J;
  }

  /**
   * Jᵀv in O(N_rec²): with a_j = (h_j − c̃_j)g_j(1−g_j)v_j, w_j = (1−g_j)(1−c̃_j²)v_j and s_m = Σ_j W_c[m, j]·w_j,
   *   (Jᵀv)_k = g_k v_k + Σ_j W_u[k, j]·a_j + r_k·s_k + Σ_m W_r[k, m]·h_m·r_m(1−r_m)·s_m.
   */
  transposedJacobianTimes(x: ArrayLike<number>, u: ArrayLike<number>, v: ArrayLike<number>): Float64Array {
    const { r, g, candidate: c } = this.gates(x, u);
    checkLength('vector v', v, this.size, 'N_rec');
    const n = this.size;
    const { W_r, W_u, W_c } = this.w;
    const a = Float64Array.from(g, (gj, j) => (x[j] - c[j]) * gj * (1 - gj) * v[j]);
    const w = Float64Array.from(g, (gj, j) => (1 - gj) * (1 - c[j] ** 2) * v[j]);
    const s = Float64Array.from({ length: n }, (_, m) => dot(W_c, m * n, w, 0, n));
    const resetPath = Float64Array.from(r, (rm, m) => x[m] * rm * (1 - rm) * s[m]);
    return Float64Array.from({ length: n }, (_, k) =>
      g[k] * v[k] + dot(W_u, k * n, a, 0, n) + r[k] * s[k] + dot(W_r, k * n, resetPath, 0, n),
    );
  }

  initialState(trial: number, nTrials: number): Float64Array {
    const n = this.size;
    const row = nTrials === this.initRows ? trial : 0;
    return Float64Array.from(this.initHidden.subarray(row * n, (row + 1) * n));
  }

  private gates(x: ArrayLike<number>, u: ArrayLike<number>): GruGates {
    checkLength('state h', x, this.size, 'N_rec');
    checkLength('input u', u, this.N_in, 'N_in');
    const gates = newGruGates(this.size);
    gruGates(this.w, x, u, 0, gates);
    return gates;
  }
}

/** The network's dynamics; `alpha` = dt/τ is used by the Basic RNN (the LSTM and GRU have no leak). */
export function networkDynamics(weights: NetworkWeights, alpha: number): Dynamics {
  switch (weights.model) {
    case 'basic':
      return new BasicDynamics(weights, alpha);
    case 'lstm':
      return new LstmDynamics(weights);
    case 'gru':
      return new GruDynamics(weights);
  }
}

/**
 * Runs the dynamics noise-free from each trial's initial state over `inputs` [N_batch, N_steps, N_in]
 * and returns the full states [N_batch, N_steps, size] after each input step (for the LSTM this is
 * [h; c], which the simulator's recorded h alone cannot give the finder).
 */
export function stateTrajectories(
  dynamics: Dynamics,
  inputs: { data: ArrayLike<number>; shape: readonly [number, number, number] },
): { data: Float64Array; shape: [number, number, number] } {
  const [B, T, nIn] = inputs.shape;
  if (nIn !== dynamics.N_in) {
    throw new Error(`inputs have shape [${inputs.shape.join(', ')}]; the last axis must be N_in = ${dynamics.N_in}`);
  }
  const n = dynamics.size;
  const data = new Float64Array(B * T * n);
  const u = new Float64Array(nIn);
  for (let b = 0; b < B; b++) {
    let x = dynamics.initialState(b, B);
    for (let t = 0; t < T; t++) {
      for (let k = 0; k < nIn; k++) u[k] = inputs.data[(b * T + t) * nIn + k];
      x = dynamics.step(x, u);
      data.set(x, (b * T + t) * n);
    }
  }
  return { data, shape: [B, T, n] };
}
