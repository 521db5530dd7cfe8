import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.ts';
import { effectiveRecurrentWeights } from './constraints.ts';
import {
  alphaIdentity,
  balanceDaleRatio,
  daleMatrices,
  gaussianSpectralRadius,
  lstmInitializer,
  spectralRadius,
  weightInitializer,
} from './initializers.ts';
import { ndarray, ones, type NdArray } from './weights.ts';

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < xs.length; k++) s += xs[k];
  return s / xs.length;
}

function std(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let k = 0; k < xs.length; k++) s += (xs[k] - m) ** 2;
  return Math.sqrt(s / xs.length);
}

function diagonal(m: NdArray): number[] {
  const n = m.shape[0];
  return Array.from({ length: n }, (_, i) => m.data[i * n + i]);
}

/** A 0/1 mask with each entry connected with probability p. */
function randomMask(rows: number, cols: number, p: number, rng: Rng): NdArray {
  return ndarray([rows, cols], Float32Array.from({ length: rows * cols }, () => (rng.uniform() < p ? 1 : 0)));
}

describe('random initialisations', () => {
  it('glorot_gauss on a dense W_in has std √(2/(N_in + N_rec))', () => {
    const w = weightInitializer({ N_in: 100, N_rec: 300, N_out: 2 }, new Rng(1));
    expect(std(w.W_in.data)).toBeCloseTo(Math.sqrt(2 / 400), 3);
    expect(mean(w.W_in.data)).toBeCloseTo(0, 3);
  });

  it('glorot_gauss uses per-entry fan counts of the mask: n_ij = row sum i + column sum j', () => {
    const rng = new Rng(2);
    const N = 300;
    const C = randomMask(N, N, 0.3, rng);
    const w = weightInitializer({ N_in: 1, N_rec: N, N_out: 1, rec_connectivity: C }, rng);
    const rowSum = new Float64Array(N);
    const colSum = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        rowSum[i] += C.data[i * N + j];
        colSum[j] += C.data[i * N + j];
      }
    }
    // W / √(2/n_ij) is N(0, 1); dense fan counts (2N) would give std ≈ 0.55 instead
    const z = w.W_rec.data.map((v, k) => v / Math.sqrt(2 / (rowSum[Math.floor(k / N)] + colSum[k % N])));
    expect(std(z)).toBeGreaterThan(0.98);
    expect(std(z)).toBeLessThan(1.02);
    // unconnected entries are still drawn (the mask zeroes them only in the effective weights)
    const masked = w.W_rec.data.filter((_, k) => C.data[k] === 0);
    expect(masked.some((v) => v !== 0)).toBe(true);
  });

  it('glorot_unif stays within ±√(6/n) with the variance of that uniform', () => {
    const w = weightInitializer({ N_in: 100, N_rec: 200, N_out: 2, which_rand_init: 'glorot_unif' }, new Rng(3));
    const limit = Math.sqrt(6 / 300);
    expect(Math.max(...w.W_in.data.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(std(w.W_in.data)).toBeCloseTo(limit / Math.sqrt(3), 3);
  });

  it('const_unif uses [init_minval, init_maxval); const_gauss is N(0, 1); W_rec may use its own kind', () => {
    const w = weightInitializer(
      {
        N_in: 50,
        N_rec: 200,
        N_out: 50,
        which_rand_init: 'const_unif',
        which_rand_W_rec_init: 'const_gauss',
        init_minval: 0.2,
        init_maxval: 0.5,
      },
      new Rng(4),
    );
    expect(Math.min(...w.W_out.data)).toBeGreaterThanOrEqual(0.2);
    expect(Math.max(...w.W_out.data)).toBeLessThan(0.5);
    expect(mean(w.W_in.data)).toBeCloseTo(0.35, 2);
    expect(std(w.W_rec.data)).toBeCloseTo(1, 1);
  });

  it('biases are zero and init_state is 0.1 + 0.01·N(0,1) of shape [1, N_rec]', () => {
    // 20 networks of 1000 units; an explicit W_rec skips its 10⁶ draws
    const W_rec = ones([1000, 1000]);
    const nets = Array.from({ length: 20 }, (_, seed) => weightInitializer({ N_in: 2, N_rec: 1000, N_out: 2, W_rec }, new Rng(seed)));
    expect(nets[0].b_rec.data.every((v) => v === 0)).toBe(true);
    expect(nets[0].b_out.data.every((v) => v === 0)).toBe(true);
    expect(nets[0].init_state.shape).toEqual([1, 1000]);
    const states = nets.flatMap((w) => Array.from(w.init_state.data));
    expect(mean(states)).toBeCloseTo(0.1, 3);
    expect(std(states)).toBeCloseTo(0.01, 3);
  });

  it('is reproducible for a seed and differs across seeds', () => {
    const opts = { N_in: 3, N_rec: 20, N_out: 2, dale_ratio: 0.8 };
    const a = gaussianSpectralRadius(opts, new Rng(7));
    const b = gaussianSpectralRadius(opts, new Rng(7));
    const c = gaussianSpectralRadius(opts, new Rng(8));
    expect(b).toEqual(a);
    expect(c.W_rec.data).not.toEqual(a.W_rec.data);
  });

  it('uses explicit arrays instead of draws and keeps the transfer function', () => {
    const W_in = ndarray([2, 1], [0.5, -0.5]);
    const init_state = ndarray([2], [1, 2]);
    const w = weightInitializer({ N_in: 1, N_rec: 2, N_out: 1, W_in, init_state, transfer_function: 'tanh' }, new Rng(9));
    expect(Array.from(w.W_in.data)).toEqual([0.5, -0.5]);
    expect(w.init_state).toEqual(ndarray([1, 2], [1, 2]));
    expect(w.transfer_function).toBe('tanh');
  });
});

describe('Dale matrices and balancing', () => {
  it('makes the first floor(dale_ratio·N_rec) units excitatory', () => {
    const { Dale_rec, Dale_out } = daleMatrices(10, 0.8);
    expect(diagonal(Dale_rec)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, -1, -1]);
    expect(diagonal(Dale_out)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    expect(Dale_rec.data.filter((v) => v !== 0)).toHaveLength(10);
    // int(0.29·100) = 28 in Python: the float product is 28.999…
    expect(diagonal(daleMatrices(100, 0.29).Dale_rec).filter((v) => v === 1)).toHaveLength(28);
  });

  it('gives identities without Dale, and for dale_ratio = 0 (PsychRNN: `if dale_ratio:`)', () => {
    for (const r of [null, 0]) {
      const { Dale_rec, Dale_out } = daleMatrices(4, r);
      expect(diagonal(Dale_rec)).toEqual([1, 1, 1, 1]);
      expect(diagonal(Dale_out)).toEqual([1, 1, 1, 1]);
    }
  });

  it('dale_ratio = 0 initialises exactly like null', () => {
    const a = gaussianSpectralRadius({ N_in: 2, N_rec: 10, N_out: 2, dale_ratio: 0 }, new Rng(11));
    const b = gaussianSpectralRadius({ N_in: 2, N_rec: 10, N_out: 2, dale_ratio: null }, new Rng(11));
    expect({ ...a, dale_ratio: null }).toEqual(b);
  });

  it('rejects dale_ratio outside [0, 1] with the value', () => {
    expect(() => daleMatrices(10, 1.5)).toThrow('dale_ratio must be null or a number in [0, 1]; got 1.5');
    expect(() => daleMatrices(10, -0.1)).toThrow('got -0.1');
    expect(() => daleMatrices(10, NaN)).toThrow('got NaN');
  });

  it('dale_ratio = 1 is fine without balancing and a clear error with it', () => {
    const w = weightInitializer({ N_in: 1, N_rec: 4, N_out: 1, dale_ratio: 1 }, new Rng(12));
    expect(diagonal(w.Dale_rec)).toEqual([1, 1, 1, 1]);
    expect(() => gaussianSpectralRadius({ N_in: 1, N_rec: 4, N_out: 1, dale_ratio: 1 }, new Rng(12))).toThrow(
      /dale_ratio = 1 cannot be balanced/,
    );
  });

  it('scales column j by d_j / ‖C[j,:] ⊙ d‖ with d = 1 (E) or r/(1−r) (I)', () => {
    // dense: every row norm is √(8·1 + 2·4²) = √40
    const dense = balanceDaleRatio(ones([10, 10]), ones([10, 10]), 0.8);
    expect(dense.data[0]).toBeCloseTo(1 / Math.sqrt(40), 6);
    expect(dense.data[9]).toBeCloseTo(4 / Math.sqrt(40), 6);
    expect(dense.data[5 * 10 + 8]).toBeCloseTo(4 / Math.sqrt(40), 6);

    // row 0 of the mask holds a single excitatory entry, so column 0 is divided by 1;
    // row 3 holds one inhibitory entry (d = 1/(1−0.5)·0.5 = 1), column 3 is d_3/1
    const C = ones([4, 4]);
    C.data.set([1, 0, 0, 0], 0);
    C.data.set([0, 0, 0, 1], 12);
    const W = ndarray([4, 4], Float32Array.from({ length: 16 }, (_, k) => k + 1));
    const balanced = balanceDaleRatio(W, C, 0.5);
    const d = [1, 1, 1, 1];
    const norms = [1, 2, 2, 1];
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) expect(balanced.data[i * 4 + j]).toBeCloseTo(((i * 4 + j + 1) * d[j]) / norms[j], 5);
    }
  });

  it('names the empty row that would divide by zero', () => {
    const C = ones([3, 3]);
    C.data.fill(0, 3, 6);
    expect(() => balanceDaleRatio(ones([3, 3]), C, 0.5)).toThrow('rec_connectivity row 1 has no connections');
  });
});

describe('gaussianSpectralRadius', () => {
  it('scales the raw W_rec to spectral radius 1.1 by default', () => {
    const w = gaussianSpectralRadius({ N_in: 2, N_rec: 50, N_out: 2 }, new Rng(21));
    expect(Math.abs(spectralRadius(w.W_rec) - 1.1)).toBeLessThan(1e-4);
    expect(std(w.W_rec.data)).toBeCloseTo(1.1 / Math.sqrt(50), 1);
  });

  it('honours spec_rad after Dale balancing, and the effective radius differs', () => {
    const w = gaussianSpectralRadius({ N_in: 2, N_rec: 40, N_out: 2, dale_ratio: 0.8, spec_rad: 0.9 }, new Rng(22));
    expect(Math.abs(spectralRadius(w.W_rec) - 0.9)).toBeLessThan(1e-4);
    const effective = effectiveRecurrentWeights(w.W_rec, w.rec_connectivity, w.Dale_rec, w.dale_ratio);
    expect(Math.abs(spectralRadius(effective) - 0.9)).toBeGreaterThan(1e-3);
  });

  it('ignores the W_rec option and rec_connectivity, like PsychRNN', () => {
    const C = ones([6, 6]);
    C.data.fill(0, 0, 6);
    const w = gaussianSpectralRadius({ N_in: 1, N_rec: 6, N_out: 1, W_rec: ones([6, 6]), rec_connectivity: C }, new Rng(23));
    expect(w.W_rec.data.slice(0, 6).every((v) => v !== 0)).toBe(true);
    expect(Array.from(w.W_rec.data).some((v) => v !== 1)).toBe(true);
    expect(w.rec_connectivity.data.slice(0, 6).every((v) => v === 0)).toBe(true);
  });
});

describe('alphaIdentity', () => {
  it('sets W_rec = alpha·I without Dale', () => {
    const w = alphaIdentity({ N_in: 1, N_rec: 3, N_out: 1, alpha: 0.5 }, new Rng(31));
    expect(Array.from(w.W_rec.data)).toEqual([0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5]);
  });

  it('balances alpha·I for Dale: w_ii = alpha·d_i / ‖d‖', () => {
    const w = alphaIdentity({ N_in: 1, N_rec: 5, N_out: 1, alpha: 1, dale_ratio: 0.8 }, new Rng(32));
    const norm = Math.sqrt(4 + 16);
    const expected = [1, 1, 1, 1, 4].map((d) => d / norm);
    diagonal(w.W_rec).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });
});

describe('connectivity and validation', () => {
  it('autapses = false zeroes the diagonal of rec_connectivity', () => {
    const w = gaussianSpectralRadius({ N_in: 1, N_rec: 5, N_out: 1, autapses: false }, new Rng(41));
    expect(diagonal(w.rec_connectivity)).toEqual([0, 0, 0, 0, 0]);
    expect(w.rec_connectivity.data.filter((v) => v === 1)).toHaveLength(20);
  });

  it('does not modify the caller’s connectivity array', () => {
    const C = ones([3, 3]);
    weightInitializer({ N_in: 1, N_rec: 3, N_out: 1, rec_connectivity: C, autapses: false }, new Rng(42));
    expect(diagonal(C)).toEqual([1, 1, 1]);
  });

  it('names the option, its value and what is allowed', () => {
    const rng = new Rng(43);
    const base = { N_in: 2, N_rec: 50, N_out: 2 };
    expect(() => weightInitializer({ ...base, rec_connectivity: ones([3, 4]) }, rng)).toThrow(
      'rec_connectivity has shape [3, 4]; expected [N_rec, N_rec] = [50, 50]',
    );
    const C = ones([2, 50]);
    C.data[7] = 0.5;
    expect(() => weightInitializer({ ...base, output_connectivity: C }, rng)).toThrow(
      'output_connectivity must hold only 0 and 1; entry 7 (row-major) is 0.5',
    );
    expect(() => weightInitializer({ ...base, W_in: ones([2, 50]) }, rng)).toThrow(
      'W_in has shape [2, 50]; expected [N_rec, N_in] = [50, 2]',
    );
    expect(() => weightInitializer({ ...base, which_rand_init: 'he' as never }, rng)).toThrow(
      "which_rand_init must be one of glorot_gauss, glorot_unif, const_gauss, const_unif; got 'he'",
    );
    expect(() => weightInitializer({ ...base, N_rec: 0 }, rng)).toThrow('N_rec must be a positive integer; got 0');
  });
});

describe('spectralRadius', () => {
  it('is the largest eigenvalue modulus, complex ones included', () => {
    expect(spectralRadius(ndarray([2, 2], [0, -2, 2, 0]))).toBeCloseTo(2, 10);
    expect(spectralRadius(ndarray([2, 2], [3, 0, 0, -5]))).toBeCloseTo(5, 10);
    expect(() => spectralRadius(ndarray([2, 3]))).toThrow('square');
  });
});

describe('lstmInitializer', () => {
  it('draws N(0, 0.1) states and gates and sets the biases to 1', () => {
    const p = lstmInitializer({ N_in: 3, N_rec: 100, N_out: 2, N_batch: 64 }, new Rng(51));
    expect(p.init_hidden.shape).toEqual([64, 100]);
    expect(p.init_cell.shape).toEqual([64, 100]);
    for (const W of [p.W_f, p.W_i, p.W_c, p.W_o]) {
      expect(W.shape).toEqual([103, 100]);
      expect(std(W.data)).toBeCloseTo(0.1, 2);
    }
    expect(std(p.init_hidden.data)).toBeCloseTo(0.1, 2);
    for (const b of [p.b_f, p.b_i, p.b_c, p.b_o]) expect(Array.from(b.data)).toEqual(new Array(100).fill(1));
  });
});
