import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.ts';
import {
  effectiveInputWeights,
  effectiveOutputWeights,
  effectiveRecurrentWeights,
  effectiveWeights,
  hasDale,
} from './constraints.ts';
import { daleMatrices, gaussianSpectralRadius } from './initializers.ts';
import { identity, ndarray, ones, type BasicWeights, type NdArray } from './weights.ts';

const N_rec = 10;

function randomMask(rows: number, cols: number, rng: Rng): NdArray {
  return ndarray([rows, cols], Float32Array.from({ length: rows * cols }, () => (rng.uniform() < 0.6 ? 1 : 0)));
}

/** The same masks and draws on every call. */
function rawNetwork(dale_ratio: number | null): BasicWeights {
  const rng = new Rng(3);
  return gaussianSpectralRadius(
    {
      N_in: 3,
      N_rec,
      N_out: 2,
      dale_ratio,
      input_connectivity: randomMask(N_rec, 3, rng),
      rec_connectivity: randomMask(N_rec, N_rec, rng),
      output_connectivity: randomMask(2, N_rec, rng),
    },
    rng,
  );
}

describe('hasDale', () => {
  it('is false for null, undefined and 0 (PsychRNN tests `if dale_ratio:`)', () => {
    expect([null, undefined, 0].map(hasDale)).toEqual([false, false, false]);
    expect(hasDale(0.8)).toBe(true);
  });
});

describe('effective weights without Dale', () => {
  it('is W ⊙ C: masked entries 0, others unchanged (signs kept)', () => {
    const w = rawNetwork(null);
    const eff = effectiveWeights(w);
    for (const [W, C, E] of [
      [w.W_in, w.input_connectivity, eff.W_in],
      [w.W_rec, w.rec_connectivity, eff.W_rec],
      [w.W_out, w.output_connectivity, eff.W_out],
    ]) {
      E.data.forEach((v, k) => expect(v).toBeCloseTo(C.data[k] === 0 ? 0 : W.data[k], 12)); // −0 where W < 0 is masked
    }
    expect(eff.W_rec.data.some((v) => v < 0)).toBe(true);
  });

  it('treats dale_ratio = 0 like null', () => {
    const w = rawNetwork(null);
    const dale = daleMatrices(N_rec, 0.5);
    expect(effectiveRecurrentWeights(w.W_rec, w.rec_connectivity, dale.Dale_rec, 0)).toEqual(
      effectiveRecurrentWeights(w.W_rec, w.rec_connectivity, dale.Dale_rec, null),
    );
  });
});

describe('effective weights with Dale', () => {
  const w = rawNetwork(0.8);
  const eff = effectiveWeights(w);
  const nE = 8;

  it('makes inputs non-negative', () => {
    expect(eff.W_in.data.every((v) => v >= 0)).toBe(true);
    eff.W_in.data.forEach((v, k) => expect(v).toBeCloseTo(Math.abs(w.W_in.data[k] * w.input_connectivity.data[k]), 7));
  });

  it('gives column j the sign of presynaptic unit j: |W ⊙ C|·Dale_rec', () => {
    for (let i = 0; i < N_rec; i++) {
      for (let j = 0; j < N_rec; j++) {
        const k = i * N_rec + j;
        const magnitude = Math.abs(w.W_rec.data[k]) * w.rec_connectivity.data[k];
        expect(eff.W_rec.data[k]).toBeCloseTo(j < nE ? magnitude : -magnitude, 7);
      }
    }
  });

  it('zeroes the readout of inhibitory units: |W ⊙ C|·Dale_out', () => {
    for (let o = 0; o < 2; o++) {
      for (let j = 0; j < N_rec; j++) {
        const k = o * N_rec + j;
        const expected = j < nE ? Math.abs(w.W_out.data[k]) * w.output_connectivity.data[k] : 0;
        expect(eff.W_out.data[k]).toBeCloseTo(expected, 7);
      }
    }
  });

  it('leaves the raw weights and everything else untouched', () => {
    const before = rawNetwork(0.8);
    expect(w).toEqual(before);
    expect(eff.b_rec).toBe(w.b_rec);
    expect(eff.dale_ratio).toBe(0.8);
  });
});

describe('idempotence', () => {
  it('effective(effective(w)) = effective(w), with and without Dale', () => {
    for (const r of [null, 0.8]) {
      const once = effectiveWeights(rawNetwork(r));
      expect(effectiveWeights(once)).toEqual(once);
    }
  });
});

describe('array types and validation', () => {
  it('keeps Float64 data Float64', () => {
    const W = { data: Float64Array.from([1.5, -2.25, 3, -4]), shape: [2, 2] };
    const dale = daleMatrices(2, 0.5);
    const eff = effectiveRecurrentWeights(W, ones([2, 2]), dale.Dale_rec, 0.5);
    expect(eff.data).toBeInstanceOf(Float64Array);
    expect(Array.from(eff.data)).toEqual([1.5, -2.25, 3, -4]);
    expect(effectiveInputWeights(W, ones([2, 2]), 0.5).data).toBeInstanceOf(Float64Array);
    expect(Array.from(effectiveOutputWeights(W, ones([2, 2]), dale.Dale_out, 0.5).data)).toEqual([1.5, 0, 3, 0]);
  });

  it('explains shape mismatches and non-diagonal Dale matrices', () => {
    expect(() => effectiveInputWeights(ones([3, 2]), ones([2, 3]), null)).toThrow(
      'input_connectivity has shape [2, 3]; expected the shape of W_in = [3, 2]',
    );
    const D = identity(2);
    D.data[1] = 1;
    expect(() => effectiveRecurrentWeights(ones([2, 2]), ones([2, 2]), D, 0.5)).toThrow(
      'Dale_rec must be diagonal (PsychRNN builds diag(±1) or diag(1/0)); entry [0, 1] is 1',
    );
    expect(() => effectiveOutputWeights(ones([1, 3]), ones([1, 3]), identity(2), 0.5)).toThrow(
      'Dale_out has shape [2, 2]; expected [N_rec, N_rec] = [3, 3]',
    );
  });
});
