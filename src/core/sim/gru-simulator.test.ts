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

  it.each([1, 6])('equals GruRnn.forward (tf.js, op by op) on the same weights (%i initial rows)', (rows) => {
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
    const net = new GruRnn(raw, { alpha: 0.1 });
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
