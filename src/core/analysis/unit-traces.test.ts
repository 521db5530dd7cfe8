import { describe, expect, it } from 'vitest';
import { zeros3 } from '../array3.ts';
import { TRANSFER_FUNCTIONS, transferFunction } from '../model/transfer.ts';
import { modulation, rateAccumulator, topIndices, unitTraces } from './unit-traces.ts';

describe('unitTraces', () => {
  // 4 trials, 2 steps, 3 units; unit 1 depends on the condition, unit 2 only on time, unit 0 not at all
  const states = zeros3(4, 2, 3);
  const rows = [
    [1, 1, 0, 1, 1, 2], // trial 0, condition a: steps 0, 1
    [1, 9, 0, 1, 9, 2], // trial 1, condition a, wrong: must not count
    [1, 3, 0, 1, 3, 2], // trial 2, condition b
    [1, -5, 0, 1, -5, 2], // trial 3, condition b: relu(−5) = 0
  ];
  rows.forEach((r, b) => states.data.set(r, b * 6));
  const correct = [true, false, true, true];
  const keys = ['a', 'a', 'b', 'b'];

  it('averages f(state) over correct trials only, most modulated units first', () => {
    const u = unitTraces(states, 'relu', correct, keys, ['a', 'b'], 10, 2);
    expect(u).toMatchObject({ dt: 10, N_steps: 2, conditions: ['a', 'b'], units: [1, 0] });
    // [condition, step, unit]: a → unit 1 = 1, b → unit 1 = (3 + 0)/2
    expect(Array.from(u.traces)).toEqual([1, 1, 1, 1, 1.5, 1, 1.5, 1]);
  });

  it('keeps a condition without correct trials as NaN and caps the units at N_rec', () => {
    const u = unitTraces(states, 'linear', [true, true, false, false], keys, ['a', 'b'], 10, 8);
    // one condition with data: no across-condition variance, so the units stay in index order
    expect(u.units).toEqual([0, 1, 2]);
    expect(Array.from(u.traces.subarray(0, 6))).toEqual([1, 5, 0, 1, 5, 2]);
    expect(u.traces.subarray(6).every(Number.isNaN)).toBe(true);
  });

  it('ranks units by temporal variance when there is a single condition', () => {
    const u = unitTraces(states, 'linear', correct, ['all', 'all', 'all', 'all'], ['all'], 10, 1);
    expect(u.units).toEqual([2]);
  });

  it('checks the per-trial inputs', () => {
    expect(() => unitTraces(states, 'relu', [true], keys, ['a', 'b'], 10)).toThrow(/1 correct flags for 4 trials/);
  });
});

describe('modulation and topIndices', () => {
  it('scores Var_c(mean_t m[c, t, i]) and picks the largest, ties by index', () => {
    // C = 2, T = 2, N = 2: unit 0 means 1 and 3 (variance 1), unit 1 constant
    const m = Float64Array.from([0, 5, 2, 5, 3, 5, 3, 5]);
    expect(Array.from(modulation(m, 2, 2, 2))).toEqual([1, 0]);
    expect(topIndices([0, 2, 2, 1], 3)).toEqual([1, 2, 3]);
  });
});

describe('rateAccumulator', () => {
  it('adds f(x) as the transfer function computes it, for every transfer function', () => {
    const src = Float32Array.from([-3, -0.5, 0, 0.25, 2, 40]);
    for (const name of TRANSFER_FUNCTIONS) {
      const dst = Float64Array.from([0, 1, 1, 1, 1, 0]);
      rateAccumulator(name)(src, 1, dst, 1, 4);
      const f = transferFunction(name);
      expect(Array.from(dst), name).toEqual([0, ...Array.from(src.subarray(1, 5), (x) => 1 + f(x)), 0]);
    }
  });
});
