import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { zeros3 } from '../array3.ts';
import { Rng } from '../rng.ts';
import { pcaTrajectories, principalComponents } from './pca.ts';
import { topEigenpairs } from './symmetric-eigen.ts';

/** Unit vector e scaled: a loading pattern with a known largest entry. */
function direction(n: number, entries: Record<number, number>): Float64Array {
  const v = new Float64Array(n);
  for (const [i, value] of Object.entries(entries)) v[Number(i)] = value;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

describe('pcaTrajectories', () => {
  // 3 conditions × 50 steps in 10 units on a planted plane: state = 2 + a(c, t)·u + b(c, t)·w, with
  // u ⟂ w and a, b uncorrelated with zero mean over the rows (whole periods), so PC1 = ±u and PC2 = ±w
  const nSteps = 50;
  const n = 10;
  const u = direction(n, { 0: -3, 4: 1, 7: 1 });
  const w = direction(n, { 2: 1, 5: -1, 9: 2 });
  const phase = (c: number, t: number) => (2 * Math.PI * t) / nSteps + (2 * Math.PI * c) / 3;
  const a = (c: number, t: number) => 4 * Math.cos(phase(c, t));
  const b = (c: number, t: number) => Math.sin(phase(c, t));
  const keys = ['c0', 'c1', 'c2', 'c0', 'c1', 'c2'];
  const labels = ['c0', 'c1', 'c2'];
  const states = zeros3(keys.length, nSteps, n);
  keys.forEach((key, trial) => {
    const c = labels.indexOf(key);
    // trials 0 and 3 (both c0) get opposite offsets on unit 3, which cancel in the trial average
    const offset = trial === 0 ? 0.5 : trial === 3 ? -0.5 : 0;
    for (let t = 0; t < nSteps; t++) {
      for (let i = 0; i < n; i++) states.data[(trial * nSteps + t) * n + i] = 2 + a(c, t) * u[i] + b(c, t) * w[i];
      states.data[(trial * nSteps + t) * n + 3] += offset;
    }
  });

  it('recovers a planted plane: PC1 + PC2 explain all variance, projections match up to the sign rule', () => {
    const pca = pcaTrajectories(states, keys, labels);
    expect(pca.N_steps).toBe(nSteps);
    expect(pca.conditions).toEqual(labels);
    expect(pca.projections).toHaveLength(3 * nSteps * 3);
    expect(pca.explained[0]).toBeCloseTo(16 / 17, 6);
    expect(pca.explained[0] + pca.explained[1]).toBeCloseTo(1, 6);
    expect(pca.explained[2]).toBeCloseTo(0, 6);
    // the sign rule makes each PC's largest loading positive: −3 on unit 0 flips u (PC1 = −u), w keeps +2 on unit 9
    for (let c = 0; c < 3; c++) {
      for (let t = 0; t < nSteps; t++) {
        const row = (c * nSteps + t) * 3;
        expect(pca.projections[row]).toBeCloseTo(-a(c, t), 4);
        expect(pca.projections[row + 1]).toBeCloseTo(b(c, t), 4);
      }
    }
  });

  it('pads with zeros when N_rec < 3', () => {
    const s = zeros3(2, 4, 2);
    s.data.set([0, 0, 1, 2, 2, 4, 3, 6, 4, 8, 5, 10, 4, 8, 5, 10]);
    const pca = pcaTrajectories(s, ['x', 'y'], ['x', 'y']);
    expect(pca.explained[0]).toBeCloseTo(1, 10);
    expect(pca.explained.slice(1)).toEqual([expect.closeTo(0, 10), 0]);
    for (let row = 0; row < 8; row++) expect(pca.projections[row * 3 + 2]).toBe(0);
  });

  it('fits on the conditions that have trials and leaves the others NaN', () => {
    const pca = pcaTrajectories(states, keys, [...labels, 'c3']);
    expect(pca.explained[0] + pca.explained[1]).toBeCloseTo(1, 6);
    expect(pca.projections.subarray(0, 3 * nSteps * 3).every(Number.isFinite)).toBe(true);
    expect(pca.projections.subarray(3 * nSteps * 3).every(Number.isNaN)).toBe(true);
  });

  it('gives zero variance fractions for constant states', () => {
    const pca = pcaTrajectories(zeros3(2, 3, 4), ['all', 'all'], ['all']);
    expect(pca.explained).toEqual([0, 0, 0]);
    expect(pca.projections.every((x) => x === 0)).toBe(true);
  });
});

describe('topEigenpairs', () => {
  it('matches a full decomposition on a random covariance', () => {
    const rng = new Rng(2);
    const rows = 300;
    const n = 40;
    const data = Float64Array.from({ length: rows * n }, (_, k) => rng.normal() * (1 + 5 / (1 + (k % n))));
    const { components, variances } = principalComponents(data, rows, n, 3);
    const mean = Array.from({ length: n }, (_, i) => data.filter((_, k) => k % n === i).reduce((s, x) => s + x, 0) / rows);
    const cov = new Matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += (data[r * n + i] - mean[i]) * (data[r * n + j] - mean[j]);
      cov.set(i, j, s / rows);
    }
    const full = new EigenvalueDecomposition(cov, { assumeSymmetric: true });
    for (let k = 0; k < 3; k++) {
      expect(variances[k]).toBeCloseTo(full.realEigenvalues[n - 1 - k], 6);
      const v = full.eigenvectorMatrix.getColumn(n - 1 - k);
      const overlap = v.reduce((s, x, i) => s + x * components[k][i], 0);
      expect(Math.abs(overlap)).toBeCloseTo(1, 6);
    }
  });

  it('handles k ≥ n and a rank-deficient matrix', () => {
    const a = Float64Array.from([4, 0, 0, 0]);
    const { values, vectors } = topEigenpairs(a, 2, 3);
    expect(values).toEqual([expect.closeTo(4, 12), expect.closeTo(0, 12)]);
    expect(Math.abs(vectors[0][0])).toBeCloseTo(1, 12);
  });
});
