/** The fixed-point dynamics: F is the simulator's step, and J matches central finite differences of F. */
import { describe, expect, it } from 'vitest';
import { effectiveWeights } from '../../model/constraints.ts';
import { gruInitializer, lstmInitializer } from '../../model/initializers.ts';
import { TRANSFER_FUNCTIONS, transferFunction } from '../../model/transfer.ts';
import type { GruWeights, LstmWeights } from '../../model/weights.ts';
import { Rng } from '../../rng.ts';
import { GruSimulator } from '../../sim/gru-simulator.ts';
import { BasicSimulator, LSTMSimulator } from '../../sim/simulator.ts';
import { tinyRawWeights } from '../../testing/tiny.ts';
import { BasicDynamics, type Dynamics, GruDynamics, LstmDynamics, networkDynamics, stateTrajectories, transferDerivative } from './dynamics.ts';

/** J[i, j] ≈ (F_i(x + h e_j) − F_i(x − h e_j)) / 2h. */
function finiteDifferenceJacobian(d: Dynamics, x: Float64Array, u: Float64Array, h = 1e-6): Float64Array {
  const n = d.size;
  const J = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const plus = Float64Array.from(x);
    const minus = Float64Array.from(x);
    plus[j] += h;
    minus[j] -= h;
    const fp = d.step(plus, u);
    const fm = d.step(minus, u);
    for (let i = 0; i < n; i++) J[i * n + j] = (fp[i] - fm[i]) / (2 * h);
  }
  return J;
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}

function lstmWeights(N_rec: number, N_batch: number, seed: number): LstmWeights {
  const base = tinyRawWeights({ N_rec, masks: false, seed });
  return { ...base, ...lstmInitializer({ N_in: 2, N_rec, N_out: 2, N_batch }, new Rng(seed + 1)), model: 'lstm' };
}

/** Larger gate weights than the initializer's, so every term of the LSTM Jacobian is exercised. */
function scaledLstmWeights(N_rec: number, seed: number): LstmWeights {
  const w = lstmWeights(N_rec, 1, seed);
  const rng = new Rng(seed + 2);
  for (const k of ['W_f', 'W_i', 'W_c', 'W_o', 'b_f', 'b_i', 'b_c', 'b_o'] as const) rng.fillNormal(w[k].data, 0, 0.8);
  return w;
}

describe('transferDerivative', () => {
  it.each(TRANSFER_FUNCTIONS)('%s′ matches a central difference of the function', (name) => {
    const f = transferFunction(name);
    const fPrime = transferDerivative(name);
    for (const x of [-2.3, -0.4, 0.3, 1.7, 25]) expect(fPrime(x)).toBeCloseTo((f(x + 1e-6) - f(x - 1e-6)) / 2e-6, 6);
  });
});

describe('BasicDynamics', () => {
  it('F is the noise-free simulator step from the saved (effective) weights', () => {
    const w = effectiveWeights(tinyRawWeights({ N_rec: 7, dale_ratio: 0.7, transfer_function: 'tanh' }));
    const inputs = { data: new Rng(3).fillNormal(new Float64Array(2 * 9 * 2)), shape: [2, 9, 2] as [number, number, number] };
    const sim = new BasicSimulator(w, { alpha: 0.2, precision: 'float64' }).runTrials(inputs);
    const traj = stateTrajectories(new BasicDynamics(w, 0.2), inputs);
    expect(traj.shape).toEqual([2, 9, 7]);
    expect(maxAbsDifference(traj.data, sim.states.data)).toBeLessThan(1e-12);
  });

  it.each(['relu', 'tanh', 'softplus', 'sigmoid'] as const)('the analytic Jacobian matches finite differences (%s)', (tf) => {
    const w = effectiveWeights(tinyRawWeights({ N_rec: 9, dale_ratio: 0.8, transfer_function: tf, seed: 4 }));
    const d = new BasicDynamics(w, 0.1);
    const rng = new Rng(11);
    for (let trial = 0; trial < 3; trial++) {
      const x = rng.fillNormal(new Float64Array(9));
      const u = rng.fillNormal(new Float64Array(2));
      expect(maxAbsDifference(d.jacobian(x, u), finiteDifferenceJacobian(d, x, u))).toBeLessThan(1e-8);
    }
  });

  it('Jᵀv without forming J equals the full Jacobian transposed times v', () => {
    const d = new BasicDynamics(effectiveWeights(tinyRawWeights({ N_rec: 8, transfer_function: 'softplus', seed: 6 })), 0.3);
    const rng = new Rng(13);
    const [x, u, v] = [rng.fillNormal(new Float64Array(8)), rng.fillNormal(new Float64Array(2)), rng.fillNormal(new Float64Array(8))];
    const J = d.jacobian(x, u);
    const expected = Float64Array.from({ length: 8 }, (_, j) => v.reduce((s, vi, i) => s + J[i * 8 + j] * vi, 0));
    expect(maxAbsDifference(d.transposedJacobianTimes(x, u, v), expected)).toBeLessThan(1e-14);
  });

  it('names what was wrong with a state or input of the wrong length', () => {
    const d = new BasicDynamics(effectiveWeights(tinyRawWeights({ N_rec: 5 })), 0.1);
    expect(() => d.step(new Float64Array(4), new Float64Array(2))).toThrow('state x has 4 values; expected N_rec = 5');
    expect(() => d.jacobian(new Float64Array(5), new Float64Array(3))).toThrow('input u has 3 values; expected N_in = 2');
  });
});

describe('LstmDynamics', () => {
  it('F on [h; c] reproduces the LSTM simulator, from each batch row’s own initial state', () => {
    const w = lstmWeights(6, 3, 5);
    const inputs = { data: new Rng(6).fillNormal(new Float64Array(3 * 12 * 2)), shape: [3, 12, 2] as [number, number, number] };
    const sim = new LSTMSimulator(w, { precision: 'float64' }).runTrials(inputs);
    const d = new LstmDynamics(w);
    expect(d.size).toBe(12);
    const traj = stateTrajectories(d, inputs);
    const hidden = new Float64Array(3 * 12 * 6);
    for (let row = 0; row < 3 * 12; row++) hidden.set(traj.data.subarray(row * 12, row * 12 + 6), row * 6);
    expect(maxAbsDifference(hidden, sim.states.data)).toBeLessThan(1e-12);
  });

  it('the analytic Jacobian of [h′; c′] with respect to [h; c] matches finite differences', () => {
    const d = new LstmDynamics(scaledLstmWeights(7, 8));
    const rng = new Rng(12);
    for (let trial = 0; trial < 3; trial++) {
      const x = rng.fillNormal(new Float64Array(14));
      const u = rng.fillNormal(new Float64Array(2));
      const J = d.jacobian(x, u);
      expect(maxAbsDifference(J, finiteDifferenceJacobian(d, x, u))).toBeLessThan(1e-8);
      // every block is used: ∂h′/∂h, ∂h′/∂c (diagonal), ∂c′/∂h, ∂c′/∂c (diagonal)
      expect(Math.abs(J[0 * 14 + 1])).toBeGreaterThan(1e-4);
      expect(Math.abs(J[0 * 14 + 7])).toBeGreaterThan(1e-4);
      expect(Math.abs(J[7 * 14 + 1])).toBeGreaterThan(1e-4);
      expect(J[7 * 14 + 8]).toBe(0);
    }
  });
});

describe('GruDynamics', () => {
  /** A GRU with gates of std 0.8 (not the initializer's 0.1), so that every path of the Jacobian is exercised. */
  function gruWeights(N_rec: number, N_batch: number, seed: number): GruWeights {
    const base = tinyRawWeights({ N_rec, masks: false, seed });
    const w: GruWeights = { ...base, ...gruInitializer({ N_in: 2, N_rec, N_out: 2, N_batch }, new Rng(seed + 1)), model: 'gru' };
    const rng = new Rng(seed + 2);
    for (const k of ['init_hidden', 'W_r', 'W_u', 'W_c', 'b_r', 'b_u', 'b_c'] as const) rng.fillNormal(w[k].data, 0, 0.8);
    return w;
  }

  it('F on h reproduces the GRU simulator, from each batch row’s own initial state', () => {
    const w = gruWeights(6, 3, 5);
    const inputs = { data: new Rng(6).fillNormal(new Float64Array(3 * 12 * 2)), shape: [3, 12, 2] as [number, number, number] };
    const sim = new GruSimulator(w, { precision: 'float64' }).runTrials(inputs);
    const d = networkDynamics(w, 0.1);
    expect(d).toBeInstanceOf(GruDynamics);
    expect(d.size).toBe(6);
    expect(maxAbsDifference(stateTrajectories(d, inputs).data, sim.states.data)).toBeLessThan(1e-12);
  });

  it('the analytic Jacobian matches finite differences, and Jᵀv equals it transposed times v', () => {
    const d = new GruDynamics(gruWeights(7, 1, 8));
    const rng = new Rng(12);
    for (let trial = 0; trial < 3; trial++) {
      const x = rng.fillNormal(new Float64Array(7));
      const u = rng.fillNormal(new Float64Array(2));
      const v = rng.fillNormal(new Float64Array(7));
      const J = d.jacobian(x, u);
      expect(maxAbsDifference(J, finiteDifferenceJacobian(d, x, u))).toBeLessThan(1e-8);
      expect(Math.abs(J[0 * 7 + 1])).toBeGreaterThan(1e-3);
      const expected = Float64Array.from({ length: 7 }, (_, j) => v.reduce((s, vi, i) => s + J[i * 7 + j] * vi, 0));
      expect(maxAbsDifference(d.transposedJacobianTimes(x, u, v), expected)).toBeLessThan(1e-12);
    }
  });

  it('names what was wrong with a state or vector of the wrong length', () => {
    const d = new GruDynamics(gruWeights(5, 1, 2));
    expect(() => d.step(new Float64Array(4), new Float64Array(2))).toThrow('state h has 4 values; expected N_rec = 5');
    expect(() => d.transposedJacobianTimes(new Float64Array(5), new Float64Array(2), new Float64Array(3))).toThrow(
      'vector v has 3 values; expected N_rec = 5',
    );
  });
});
