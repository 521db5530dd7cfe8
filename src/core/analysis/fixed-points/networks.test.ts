/**
 * The finder on real networks: PsychRNN's trained perceptual-discrimination network (the shared fixture)
 * at zero input, its states taken from the simulator; a small LSTM on [h; c] (the full-Jacobian path) and a
 * small GRU on h (the Jᵀv path) through findNetworkFixedPoints.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadWeightsNpz } from '../../io/weights-file.ts';
import { gruInitializer, lstmInitializer } from '../../model/initializers.ts';
import type { GruWeights, LstmWeights } from '../../model/weights.ts';
import { Rng } from '../../rng.ts';
import { BasicSimulator } from '../../sim/simulator.ts';
import perceptualDiscrimination from '../../tasks/perceptual-discrimination.ts';
import { buildTask } from '../../tasks/task.ts';
import { FIXTURE_SKIP_REASON, FIXTURE_WEIGHTS } from '../../testing/shared.ts';
import { tinyRawWeights } from '../../testing/tiny.ts';
import { type Dynamics, networkDynamics } from './dynamics.ts';
import { findFixedPoints, sampleStates } from './finder.ts';
import { findNetworkFixedPoints } from './network-fixed-points.ts';

function residual(d: Dynamics, x: Float64Array, u: number[]): number {
  const fx = d.step(x, u);
  return Math.hypot(...fx.map((v, i) => v - x[i]));
}

function distance(a: Float64Array, b: Float64Array): number {
  return Math.hypot(...a.map((v, i) => v - b[i]));
}

describe.skipIf(!FIXTURE_WEIGHTS)(`PsychRNN's trained network (${FIXTURE_SKIP_REASON})`, () => {
  it('at zero input: fixed points with q below tolerance, at least one stable, and it attracts', async () => {
    const weights = loadWeightsNpz(new Uint8Array(readFileSync(FIXTURE_WEIGHTS as string)));
    const task = buildTask(perceptualDiscrimination, { dt: 10, tau: 100, T: 2000, N_batch: 16 }, new Rng(2020));
    const batch = task.getTrialBatch();
    if (weights.model !== 'basic') throw new Error('the fixture is a basic RNN');
    const { states } = new BasicSimulator(weights, { alpha: task.alpha }).runTrials(batch.x);
    const dynamics = networkDynamics(weights, task.alpha);
    const u = [0, 0];
    const qTolerance = 1e-8;
    const result = await findFixedPoints(dynamics, {
      starts: sampleStates(states, 16, 0.01, new Rng(1)),
      input: u,
      maxIterations: 3000,
      qTolerance,
    });
    expect(result.points.length).toBeGreaterThanOrEqual(1);
    for (const p of result.points) {
      expect(p.q).toBeLessThan(qTolerance);
      expect(residual(dynamics, p.state, u)).toBeCloseTo(Math.sqrt(2 * p.q), 10);
    }
    const stable = result.points.find((p) => p.stability === 'stable');
    expect(stable, `stabilities: ${result.points.map((p) => `${p.stability} (max |λ| ${p.maxAbsEigenvalue})`).join(', ')}`).toBeDefined();
    if (!stable) return;
    expect(stable.maxAbsEigenvalue).toBeLessThan(1);
    // a small push decays back: 300 steps (3 s) shrink it by at least max|λ|^300 up to the nonlinearity
    const rng = new Rng(3);
    let x: Float64Array = stable.state.map((v) => v + 0.01 * rng.normal());
    const start = distance(x, stable.state);
    for (let t = 0; t < 300; t++) x = dynamics.step(x, u);
    expect(distance(x, stable.state)).toBeLessThan(0.1 * start);
  });
});

describe('an LSTM, on [h; c]', () => {
  it('finds the point where F([h; c]) = [h; c] from states along its own trajectories, and calls it stable', async () => {
    const base = tinyRawWeights({ N_rec: 6, masks: false, seed: 3 });
    const weights: LstmWeights = { ...base, ...lstmInitializer({ N_in: 2, N_rec: 6, N_out: 2, N_batch: 1 }, new Rng(4)), model: 'lstm' };
    const trials = { data: new Rng(5).fillNormal(new Float64Array(4 * 30 * 2), 0, 0.5), shape: [4, 30, 2] as const };
    const u = [0.2, -0.1];
    const search = () => findNetworkFixedPoints(weights, 0.1, { trials, startCount: 6, noiseStd: 0.05, seed: 6, input: u, maxIterations: 3000 });
    const result = await search();
    expect(await search()).toEqual(result); // deterministic for a seed
    expect(result).toMatchObject({ model: 'lstm', recordedSize: 6, cancelled: false });
    const dynamics = networkDynamics(weights, 0.1);
    expect(result.points.length).toBeGreaterThanOrEqual(1);
    const [best] = result.points;
    expect(best.state).toHaveLength(12);
    expect(residual(dynamics, best.state, u)).toBeLessThan(1e-6);
    expect(best.eigenvalues.real).toHaveLength(12);
    // the small initial gates make F a contraction: every start lands on the one stable point
    expect(result.points).toHaveLength(1);
    expect(best.count).toBe(6);
    expect(best.stability).toBe('stable');
    expect(best.maxAbsEigenvalue).toBeLessThan(0.9);
  });
});

describe('a GRU, on h', () => {
  it('finds the point where F(h) = h from states along its own trajectories, and calls it stable', async () => {
    const base = tinyRawWeights({ N_rec: 6, masks: false, seed: 3 });
    const weights: GruWeights = { ...base, ...gruInitializer({ N_in: 2, N_rec: 6, N_out: 2, N_batch: 1 }, new Rng(4)), model: 'gru' };
    const trials = { data: new Rng(5).fillNormal(new Float64Array(4 * 30 * 2), 0, 0.5), shape: [4, 30, 2] as const };
    const u = [0.2, -0.1];
    const result = await findNetworkFixedPoints(weights, 0.1, { trials, startCount: 6, noiseStd: 0.05, seed: 6, input: u, maxIterations: 3000 });
    expect(result).toMatchObject({ model: 'gru', recordedSize: 6, cancelled: false });
    const dynamics = networkDynamics(weights, 0.1);
    expect(result.points.length).toBeGreaterThanOrEqual(1);
    const [best] = result.points;
    expect(best.state).toHaveLength(6);
    expect(residual(dynamics, best.state, u)).toBeLessThan(1e-6);
    // small initial gates: c̃ ≈ tanh(b_c + …) barely depends on h and g ≈ σ(1), so F contracts to one stable point
    expect(result.points).toHaveLength(1);
    expect(best.count).toBe(6);
    expect(best.stability).toBe('stable');
    expect(best.maxAbsEigenvalue).toBeLessThan(0.9);
  });
});
