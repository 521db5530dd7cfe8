/**
 * PsychRNN's weight initializers (reference §4, `backend/initializations.py`). Each returns the RAW
 * initial parameters, what `WeightInitializer.initializations` holds: W_in/W_rec/W_out before the
 * connectivity masks and Dale's principle are applied (see constraints.ts for the effective weights),
 * plus the masks and Dale matrices themselves. Random draws follow PsychRNN's order
 * (W_in, W_out, W_rec, init_state, then the subclass's W_rec); the streams cannot match numpy's.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { Rng } from '../rng.ts';
import { assertShape, hasDale, type FloatArray, type FloatMatrix } from './constraints.ts';
import { RAND_INITS } from '../spec/spec.ts';
import { TRANSFER_FUNCTIONS, type TransferFunctionName } from './transfer.ts';
import { identity, ndarray, ones, type BasicWeights, type GruWeights, type LstmWeights, type NdArray } from './weights.ts';

export type RandInit = (typeof RAND_INITS)[number];

export interface InitializerOptions {
  N_in: number;
  N_rec: number;
  N_out: number;
  /** fraction of excitatory units; null (default) or 0 means no Dale's principle */
  dale_ratio?: number | null;
  /** false zeroes the diagonal of rec_connectivity (default true) */
  autapses?: boolean;
  /** [N_rec, N_in] 0/1, default all ones */
  input_connectivity?: NdArray;
  /** [N_rec, N_rec] 0/1, default all ones */
  rec_connectivity?: NdArray;
  /** [N_out, N_rec] 0/1, default all ones */
  output_connectivity?: NdArray;
  /** draws for W_in and W_out, and W_rec unless which_rand_W_rec_init is set (default 'glorot_gauss') */
  which_rand_init?: RandInit;
  which_rand_W_rec_init?: RandInit;
  /** bounds of 'const_unif' (defaults −0.1, 0.1) */
  init_minval?: number;
  init_maxval?: number;
  transfer_function?: TransferFunctionName;
  /** explicit raw values replace the random draws; shapes as in BasicWeights (init_state may be [N_rec]) */
  W_in?: NdArray;
  W_rec?: NdArray;
  W_out?: NdArray;
  b_rec?: NdArray;
  b_out?: NdArray;
  init_state?: NdArray;
}

export interface SpectralRadiusOptions extends InitializerOptions {
  /** spectral radius of the raw W_rec (default 1.1) */
  spec_rad?: number;
}

export interface AlphaIdentityOptions extends InitializerOptions {
  /** diagonal value of W_rec before Dale balancing */
  alpha: number;
}

export interface LstmInitializerOptions {
  N_in: number;
  N_rec: number;
  N_out: number;
  N_batch: number;
}

export type LstmParameters = Pick<
  LstmWeights,
  'init_hidden' | 'init_cell' | 'W_f' | 'W_i' | 'W_c' | 'W_o' | 'b_f' | 'b_i' | 'b_c' | 'b_o'
>;

export type GruParameters = Pick<GruWeights, 'init_hidden' | 'W_r' | 'W_u' | 'W_c' | 'b_r' | 'b_u' | 'b_c'>;

function checkSize(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer; got ${value}`);
  }
}

/** nE = int(dale_ratio·N_rec): the first nE units are excitatory. */
function excitatoryCount(N_rec: number, daleRatio: number): number {
  return Math.floor(daleRatio * N_rec);
}

function checkDaleRatio(daleRatio: number | null): void {
  if (daleRatio !== null && !(daleRatio >= 0 && daleRatio <= 1)) {
    throw new Error(`dale_ratio must be null or a number in [0, 1]; got ${daleRatio}`);
  }
}

/**
 * Dale_rec = diag(+1 ×nE, −1 ×(N_rec−nE)), Dale_out = diag(1 ×nE, 0 ×(N_rec−nE)); identity without Dale.
 * dale_ratio = 0 gives the identities, as if null: PsychRNN would build all-inhibitory matrices here,
 * but its model tests `if dale_ratio:` and never applies them, so the network behaves the same.
 * Dale_out follows the reference and PsychRNN's docstring ("inhibitory neurons do not contribute to
 * the output"); note that PsychRNN 1.0's code passes dale_rec as Dale_out's default (a bug).
 */
export function daleMatrices(N_rec: number, dale_ratio: number | null): { Dale_rec: NdArray; Dale_out: NdArray } {
  checkDaleRatio(dale_ratio);
  const Dale_rec = identity(N_rec);
  const Dale_out = identity(N_rec);
  if (hasDale(dale_ratio)) {
    for (let i = excitatoryCount(N_rec, dale_ratio as number); i < N_rec; i++) {
      Dale_rec.data[i * N_rec + i] = -1;
      Dale_out.data[i * N_rec + i] = 0;
    }
  }
  return { Dale_rec, Dale_out };
}

/**
 * PsychRNN's balance_dale_ratio: d_j = 1 (excitatory) or r/(1−r) (inhibitory),
 * W_rec[i, j] ← W_rec[i, j]·d_j / ‖C_rec[j, :] ⊙ d‖₂ (column j scaled by the norm of ROW j, as in the code).
 * No-op without Dale (null or 0). Returns a new matrix of the same array type.
 */
export function balanceDaleRatio<A extends FloatArray>(
  W_rec: FloatMatrix<A>,
  rec_connectivity: FloatMatrix,
  dale_ratio: number | null,
): FloatMatrix<A> {
  const out: FloatMatrix<A> = { data: W_rec.data.slice() as A, shape: [...W_rec.shape] };
  checkDaleRatio(dale_ratio);
  if (!hasDale(dale_ratio)) return out;
  const r = dale_ratio as number;
  if (r === 1) {
    throw new Error(
      'dale_ratio = 1 cannot be balanced: balance_dale_ratio divides by (1 − dale_ratio). ' +
        'Use dale_ratio < 1, or weightInitializer, which does not balance.',
    );
  }
  const n = W_rec.shape[0];
  assertShape('rec_connectivity', rec_connectivity.shape, [n, n], '[N_rec, N_rec]');
  const nE = excitatoryCount(n, r);
  const d = Float64Array.from({ length: n }, (_, j) => (j < nE ? 1 : r / (1 - r)));
  const scale = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sq = 0;
    for (let j = 0; j < n; j++) sq += (rec_connectivity.data[k * n + j] * d[j]) ** 2;
    if (sq === 0) {
      throw new Error(
        `rec_connectivity row ${k} has no connections; balance_dale_ratio divides column ${k} of W_rec by that row's norm`,
      );
    }
    scale[k] = d[k] / Math.sqrt(sq);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out.data[i * n + j] *= scale[j];
  }
  return out;
}

/** max |λ| over the (complex) eigenvalues of a square matrix. */
export function spectralRadius(m: FloatMatrix): number {
  const [rows, cols] = m.shape;
  if (m.shape.length !== 2 || rows !== cols) {
    throw new Error(`spectralRadius needs a square matrix; got shape [${m.shape.join(', ')}]`);
  }
  const evd = new EigenvalueDecomposition(Matrix.from1DArray(rows, cols, Array.from(m.data)));
  let max = 0;
  evd.realEigenvalues.forEach((re, k) => {
    max = Math.max(max, Math.hypot(re, evd.imaginaryEigenvalues[k]));
  });
  return max;
}

function checkConnectivity(name: string, C: NdArray | undefined, shape: number[], symbolic: string): NdArray {
  if (C === undefined) return ones(shape);
  assertShape(name, C.shape, shape, symbolic);
  const bad = C.data.findIndex((v) => v !== 0 && v !== 1);
  if (bad >= 0) {
    throw new Error(`${name} must hold only 0 and 1; entry ${bad} (row-major) is ${C.data[bad]}`);
  }
  return ndarray(shape, C.data);
}

function checkOverride(name: string, value: NdArray | undefined, shape: number[], symbolic: string): NdArray | undefined {
  if (value === undefined) return undefined;
  assertShape(name, value.shape, shape, symbolic);
  return ndarray(shape, value.data);
}

function checkRandInit(name: string, value: string): RandInit {
  if (!(RAND_INITS as readonly string[]).includes(value)) {
    throw new Error(`${name} must be one of ${RAND_INITS.join(', ')}; got '${value}'`);
  }
  return value as RandInit;
}

/** Draws a matrix shaped like C; glorot variants use n_ij = fan_in_i + fan_out_j (row sum + column sum of C). */
function randomInit(kind: RandInit, C: NdArray, rng: Rng, minval: number, maxval: number): NdArray {
  const [rows, cols] = C.shape;
  const out = ndarray([rows, cols]);
  const fanIn = new Float64Array(rows);
  const fanOut = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      fanIn[i] += C.data[i * cols + j];
      fanOut[j] += C.data[i * cols + j];
    }
  }
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      // An entry whose row and column are both empty is masked anyway; PsychRNN divides by 0 there, we draw 0.
      const n = fanIn[i] + fanOut[j];
      let v: number;
      if (kind === 'const_gauss') v = rng.normal();
      else if (kind === 'const_unif') v = rng.uniformRange(minval, maxval);
      else if (n === 0) v = 0;
      else if (kind === 'glorot_gauss') v = Math.sqrt(2 / n) * rng.normal(); // N(0, √(2/n))
      else v = rng.uniformRange(-Math.sqrt(6 / n), Math.sqrt(6 / n)); // U(−√(6/n), √(6/n))
      out.data[i * cols + j] = v;
    }
  }
  return out;
}

/**
 * PsychRNN's WeightInitializer (fresh initialisation). W_rec is drawn with which_rand_W_rec_init and is
 * NOT balanced or scaled (PsychRNN warns such a network "may not train"); b_rec = b_out = 0 and
 * init_state = 0.1 + 0.01·N(0,1), shape [1, N_rec]. Explicit arrays replace the corresponding draws.
 */
export function weightInitializer(opts: InitializerOptions, rng: Rng): BasicWeights {
  const { N_in, N_rec, N_out } = opts;
  checkSize('N_in', N_in);
  checkSize('N_rec', N_rec);
  checkSize('N_out', N_out);
  const randInit = checkRandInit('which_rand_init', opts.which_rand_init ?? 'glorot_gauss');
  const randWRecInit = checkRandInit('which_rand_W_rec_init', opts.which_rand_W_rec_init ?? randInit);
  const minval = opts.init_minval ?? -0.1;
  const maxval = opts.init_maxval ?? 0.1;
  if (!(minval <= maxval)) throw new Error(`init_minval (${minval}) must not exceed init_maxval (${maxval})`);
  const transfer = opts.transfer_function ?? 'relu';
  if (!TRANSFER_FUNCTIONS.includes(transfer)) {
    throw new Error(`transfer_function must be one of ${TRANSFER_FUNCTIONS.join(', ')}; got '${transfer}'`);
  }

  const input_connectivity = checkConnectivity('input_connectivity', opts.input_connectivity, [N_rec, N_in], '[N_rec, N_in]');
  const rec_connectivity = checkConnectivity('rec_connectivity', opts.rec_connectivity, [N_rec, N_rec], '[N_rec, N_rec]');
  const output_connectivity = checkConnectivity('output_connectivity', opts.output_connectivity, [N_out, N_rec], '[N_out, N_rec]');
  if (opts.autapses === false) {
    for (let i = 0; i < N_rec; i++) rec_connectivity.data[i * N_rec + i] = 0;
  }

  const dale_ratio = opts.dale_ratio ?? null;
  const { Dale_rec, Dale_out } = daleMatrices(N_rec, dale_ratio);

  const draw = (kind: RandInit, C: NdArray) => randomInit(kind, C, rng, minval, maxval);
  const W_in = checkOverride('W_in', opts.W_in, [N_rec, N_in], '[N_rec, N_in]') ?? draw(randInit, input_connectivity);
  const W_out = checkOverride('W_out', opts.W_out, [N_out, N_rec], '[N_out, N_rec]') ?? draw(randInit, output_connectivity);
  const W_rec = checkOverride('W_rec', opts.W_rec, [N_rec, N_rec], '[N_rec, N_rec]') ?? draw(randWRecInit, rec_connectivity);
  const b_rec = checkOverride('b_rec', opts.b_rec, [N_rec], '[N_rec]') ?? ndarray([N_rec]);
  const b_out = checkOverride('b_out', opts.b_out, [N_out], '[N_out]') ?? ndarray([N_out]);
  let init_state: NdArray;
  if (opts.init_state !== undefined) {
    if (opts.init_state.data.length !== N_rec) {
      throw new Error(`init_state has ${opts.init_state.data.length} values; expected N_rec = ${N_rec} (shape [1, N_rec] or [N_rec])`);
    }
    init_state = ndarray([1, N_rec], opts.init_state.data);
  } else {
    init_state = ndarray([1, N_rec], rng.fillNormal(new Float32Array(N_rec), 0.1, 0.01)); // 0.1 + 0.01·N(0,1)
  }

  return {
    model: 'basic',
    N_in,
    N_rec,
    N_out,
    init_state,
    W_in,
    W_rec,
    W_out,
    b_rec,
    b_out,
    Dale_rec,
    Dale_out,
    input_connectivity,
    rec_connectivity,
    output_connectivity,
    dale_ratio,
    transfer_function: transfer,
  };
}

/**
 * PsychRNN's default initializer: everything as weightInitializer (whose W_rec draw is discarded, as in
 * PsychRNN), then W_rec = N(0,1), balanced for Dale, scaled to spec_rad / max|eig|.
 * Like PsychRNN it ignores the W_rec option, which_rand_W_rec_init and rec_connectivity (the mask only
 * enters the Dale balancing); the radius is that of the RAW matrix, so the effective one differs.
 */
export function gaussianSpectralRadius(opts: SpectralRadiusOptions, rng: Rng): BasicWeights {
  const specRad = opts.spec_rad ?? 1.1;
  if (!(Number.isFinite(specRad) && specRad >= 0)) {
    throw new Error(`spec_rad must be a finite number ≥ 0; got ${specRad}`);
  }
  const base = weightInitializer(opts, rng);
  const n = opts.N_rec;
  const gaussian: FloatMatrix<Float64Array> = { data: new Float64Array(n * n), shape: [n, n] };
  rng.fillNormal(gaussian.data);
  const balanced = balanceDaleRatio(gaussian, base.rec_connectivity, base.dale_ratio);
  const radius = spectralRadius(balanced);
  // W_rec = spec_rad · W / max|eig(W)|
  const W_rec = ndarray([n, n], Float32Array.from(balanced.data, (v) => (specRad * v) / radius));
  return { ...base, W_rec };
}

/** PsychRNN's AlphaIdentity: W_rec = alpha·I, then balanced for Dale. No W_rec draw is wasted here. */
export function alphaIdentity(opts: AlphaIdentityOptions, rng: Rng): BasicWeights {
  if (!Number.isFinite(opts.alpha)) {
    throw new Error(`alphaIdentity needs a finite alpha (the diagonal of W_rec); got ${opts.alpha}`);
  }
  const base = weightInitializer(opts, rng);
  const W = identity(opts.N_rec);
  W.data.forEach((v, k) => (W.data[k] = v * opts.alpha));
  return { ...base, W_rec: balanceDaleRatio(W, base.rec_connectivity, base.dale_ratio) };
}

/**
 * The extra LSTM parameters (reference §3.4): init_hidden, init_cell [N_batch, N_rec] and
 * W_f, W_i, W_c, W_o [N_rec + N_in, N_rec] from N(0, 0.1²) (tf.random_normal_initializer stddev 0.1);
 * b_f, b_i, b_c, b_o = 1.0. Drawn in TF's variable-creation order.
 */
export function lstmInitializer(opts: LstmInitializerOptions, rng: Rng): LstmParameters {
  const { N_in, N_rec, N_out, N_batch } = opts;
  for (const [name, value] of Object.entries({ N_in, N_rec, N_out, N_batch })) checkSize(name, value);
  const gaussian = (shape: number[]) => ndarray(shape, rng.fillNormal(new Float32Array(shape[0] * shape[1]), 0, 0.1));
  const bias = () => ndarray([N_rec], new Float32Array(N_rec).fill(1));
  const concat = N_rec + N_in;
  return {
    init_hidden: gaussian([N_batch, N_rec]),
    init_cell: gaussian([N_batch, N_rec]),
    W_f: gaussian([concat, N_rec]),
    W_i: gaussian([concat, N_rec]),
    W_c: gaussian([concat, N_rec]),
    W_o: gaussian([concat, N_rec]),
    b_f: bias(),
    b_i: bias(),
    b_c: bias(),
    b_o: bias(),
  };
}

/**
 * The extra GRU parameters (CogRNN's own; PsychRNN has no GRU): drawn as the LSTM's are, init_hidden
 * [N_batch, N_rec] and W_r, W_u, W_c [N_rec + N_in, N_rec] from N(0, 0.1²). Biases as TF1's GRUCell:
 * b_r = b_u = 1.0 (its gate bias), b_c = 0. b_u = 1 starts the update gate at σ(1) ≈ 0.73, so the state is
 * mostly kept from step to step and gradients reach far back before anything is learned; b_r = 1 starts the
 * reset gate mostly open, so the candidate sees the state.
 */
export function gruInitializer(opts: LstmInitializerOptions, rng: Rng): GruParameters {
  const { N_in, N_rec, N_out, N_batch } = opts;
  for (const [name, value] of Object.entries({ N_in, N_rec, N_out, N_batch })) checkSize(name, value);
  const gaussian = (shape: number[]) => ndarray(shape, rng.fillNormal(new Float32Array(shape[0] * shape[1]), 0, 0.1));
  const bias = (value: number) => ndarray([N_rec], new Float32Array(N_rec).fill(value));
  const concat = N_rec + N_in;
  return {
    init_hidden: gaussian([N_batch, N_rec]),
    W_r: gaussian([concat, N_rec]),
    W_u: gaussian([concat, N_rec]),
    W_c: gaussian([concat, N_rec]),
    b_r: bias(1),
    b_u: bias(1),
    b_c: bias(0),
  };
}
