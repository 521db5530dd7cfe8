/** The GRU simulator: one step by hand, its initial rows, and the tf.js model's forward on the same weights. */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GruRnn } from '../model/gru.ts';
import { gruInitializer, weightInitializer } from '../model/initializers.ts';
import { type GruWeights, ndarray } from '../model/weights.ts';
import { Rng } from '../rng.ts';
import { useCpuBackend } from '../testing/backend.ts';
import { expectClose, normals } from '../testing/close.ts';
import { tinyRawWeights } from '../testing/tiny.ts';
import { GruSimulator } from './gru-simulator.ts';

beforeAll(useCpuBackend);

function gruNetwork(N_in: number, N_rec: number, N_out: number, N_batch: number, seed: number): GruWeights {
  const base = weightInitializer({ N_in, N_rec, N_out }, new Rng(seed));
  return { ...base, ...gruInitializer({ N_in, N_rec, N_out, N_batch }, new Rng(seed + 1)), model: 'gru' };
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}

describe('GruSimulator', () => {
  it('matches a hand-computed step: h first in z = [h, u], the reset gate before W_c, h′ = g·h + (1 − g)·c̃', () => {
    const w = gruNetwork(1, 1, 1, 1, 0);
    w.init_hidden = ndarray([1, 1], [0.5]);
    w.W_r = ndarray([2, 1], [0.3, -0.2]);
    w.W_u = ndarray([2, 1], [-0.4, 0.6]);
    w.W_c = ndarray([2, 1], [0.9, 0.7]);
    w.b_r = ndarray([1], [0.1]);
    w.b_u = ndarray([1], [-0.3]);
    w.b_c = ndarray([1], [0.2]);
    w.W_out = ndarray([1, 1], [2]);
    w.b_out = ndarray([1], [-1]);
    const { outputs, states } = new GruSimulator(w).runTrials({ data: Float32Array.of(1), shape: [1, 1, 1] });
    const r = sigmoid(0.3 * 0.5 - 0.2 + 0.1);
    const g = sigmoid(-0.4 * 0.5 + 0.6 - 0.3);
    const candidate = Math.tanh(0.9 * (r * 0.5) + 0.7 + 0.2);
    const h = g * 0.5 + (1 - g) * candidate;
    expect(states.data[0]).toBeCloseTo(h, 6);
    expect(outputs.data[0]).toBeCloseTo(2 * h - 1, 6);
  });

  it('starts trial b from row b when the batch matches init_hidden, else every trial from row 0', () => {
    const sim = new GruSimulator(gruNetwork(1, 3, 1, 2, 1), { precision: 'float64' });
    const zeros = (B: number) => ({ data: new Float64Array(B * 4), shape: [B, 4, 1] as [number, number, number] });
    const matched = sim.runTrials(zeros(2)).states.data;
    const other = sim.runTrials(zeros(3)).states.data;
    expect(matched.slice(0, 12)).not.toEqual(matched.slice(12, 24));
    for (const b of [0, 1, 2]) expect(other.slice(b * 12, b * 12 + 12)).toEqual(matched.slice(0, 12));
  });

  it('explains an input of the wrong width and a gate of the wrong size', () => {
    const w = gruNetwork(1, 2, 1, 1, 2);
    expect(() => new GruSimulator(w).runTrials({ data: new Float32Array(2), shape: [1, 1, 2] })).toThrow('its last axis must be N_in = 1');
    expect(() => new GruSimulator({ ...w, W_u: ndarray([2, 2]) })).toThrow('W_u has 4 values (shape [2, 2]); expected 6');
  });

  describe('perturbations (RunOptions), as on the LSTM', () => {
    const [T, N_rec] = [12, 4];
    const w = gruNetwork(2, N_rec, 2, 1, 7);
    new Rng(8).fillNormal(w.W_r.data, 0, 0.8);
    new Rng(9).fillNormal(w.W_c.data, 0, 0.8);
    const u = { data: new Rng(10).fillNormal(new Float32Array(T * 2)), shape: [1, T, 2] as [number, number, number] };
    const sim = new GruSimulator(w, { precision: 'float64' });
    const clean = sim.runTrials(u);

    it('t_connectivity cutting unit 2’s outgoing weights is zeroing row 2 of W_r, W_u and W_c', () => {
      const conn = new Float32Array(T * N_rec * N_rec).fill(1);
      for (let t = 0; t < T; t++) for (let j = 0; j < N_rec; j++) conn[(t * N_rec + j) * N_rec + 2] = 0;
      const cut = structuredClone(w);
      for (const k of ['W_r', 'W_u', 'W_c'] as const) cut[k].data.fill(0, 2 * N_rec, 3 * N_rec);
      const lesioned = sim.runTrials(u, { t_connectivity: conn });
      expect(lesioned).toEqual(new GruSimulator(cut, { precision: 'float64' }).runTrials(u));
      expect(lesioned.states.data).not.toEqual(clean.states.data);
    });

    it('unit_gain 0 at step 0 silences h₀ for the readout and the next step; the rest is a run from that h', () => {
      const gain = new Float32Array(T * N_rec).fill(1);
      gain[1] = 0;
      const { states } = sim.runTrials(u, { unit_gain: gain });
      expect(Math.abs(states.data[1])).toBe(0);
      expect(states.data[0]).toBe(clean.states.data[0]);
      const restart = new GruSimulator({ ...w, init_hidden: ndarray([1, N_rec], Float32Array.from(states.data.subarray(0, N_rec))) }, { precision: 'float64' });
      const rest = restart.runTrials({ data: u.data.slice(2), shape: [1, T - 1, 2] });
      // init_hidden is float32, so the restart starts from h rounded to float32
      expect(maxDifference(rest.states.data, states.data.slice(N_rec))).toBeLessThan(1e-6);
    });

    it('state_noise adds std[t]·N(0, 1) to h′ at the steps where std > 0, from its own rng', () => {
      const std = new Float32Array(T);
      std[3] = 0.25;
      const { states } = sim.runTrials(u, { state_noise: { std, rng: new Rng(5) } });
      expect(states.data.slice(0, 3 * N_rec)).toEqual(clean.states.data.slice(0, 3 * N_rec));
      const draws = new Rng(5);
      for (let j = 0; j < N_rec; j++) expect(states.data[3 * N_rec + j] - clean.states.data[3 * N_rec + j]).toBeCloseTo(0.25 * draws.normal(), 12);
      expect(() => sim.runTrials(u, { unit_gain: new Float32Array(3) })).toThrow('unit_gain has 3 values; expected N_steps·N_rec = 12·4 = 48');
    });
  });

  it.each([
    [1, 'per-step'],
    [6, 'per-step'],
    [1, 'auto'],
    [6, 'auto'],
  ] as const)('equals GruRnn.forward on the same weights (%i initial rows, %s kernel)', (rows, kernel) => {
    const [B, T, N_in, N_rec, N_out] = [6, 60, 3, 9, 2];
    const rng = new Rng(rows);
    const gate = () => ndarray([N_rec + N_in, N_rec], normals(rng, (N_rec + N_in) * N_rec, 1.2 / Math.sqrt(N_rec + N_in)));
    const raw: GruWeights = {
      ...tinyRawWeights({ N_in, N_rec, N_out, masks: false, seed: 4 }),
      model: 'gru',
      init_hidden: ndarray([rows, N_rec], normals(rng, rows * N_rec, 0.5)),
      W_r: gate(),
      W_u: gate(),
      W_c: gate(),
      b_r: ndarray([N_rec], normals(rng, N_rec, 0.5)),
      b_u: ndarray([N_rec], normals(rng, N_rec, 0.5)),
      b_c: ndarray([N_rec], normals(rng, N_rec, 0.5)),
    };
    const x = { data: normals(rng, B * T * N_in), shape: [B, T, N_in] as [number, number, number] };
    const net = new GruRnn(raw, { alpha: 0.1, kernel });
    expect(net.fused).toBe(kernel === 'auto');
    const engine = tf.tidy(() => {
      const { predictions, states } = net.forward({ x, noise: null });
      return { outputs: predictions.dataSync() as Float32Array, states: states.dataSync() as Float32Array };
    });
    net.dispose();
    const sim = new GruSimulator(raw).runTrials(x);
    expect(sim.states.data.some((v) => Math.abs(v) > 0.5), 'the states move').toBe(true);
    expectClose('states', engine.states, sim.states.data, 1e-5);
    expectClose('outputs', engine.outputs, sim.outputs.data, 1e-5);
  });
});
