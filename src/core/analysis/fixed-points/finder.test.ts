/** The fixed-point finder on linear networks with a known answer, on toy maps, and its search controls. */
import { Matrix, inverse, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { weightInitializer } from '../../model/initializers.ts';
import { ndarray } from '../../model/weights.ts';
import { Rng } from '../../rng.ts';
import { BasicDynamics, type Dynamics } from './dynamics.ts';
import { findFixedPoints, mergePoints, sampleStates } from './finder.ts';

const ALPHA = 0.5;
const N = 3;
/** a non-orthogonal eigenbasis: W = P·diag(μ)·P⁻¹ has eigenvectors P's columns */
const P = new Matrix([
  [1, 0.4, -0.2],
  [0.3, 1, 0.5],
  [-0.5, 0.2, 1],
]);
const W_IN = [0.7, -0.3, 0.2, 0.9, -0.4, 0.1];
const B_REC = [0.1, -0.2, 0.3];
const U = [0.5, -1];

/** A linear-transfer Basic RNN with recurrent eigenvalues μ along P's columns. */
function linearNetwork(mu: number[]) {
  // rounded to float32 as the weights file holds it, so x* is the fixed point of the network as saved
  const W = Matrix.from1DArray(N, N, Array.from(Float32Array.from(P.mmul(Matrix.diag(mu)).mmul(inverse(P)).to1DArray())));
  const weights = weightInitializer(
    {
      N_in: 2,
      N_rec: N,
      N_out: 1,
      transfer_function: 'linear',
      W_rec: ndarray([N, N], W.to1DArray()),
      W_in: ndarray([N, 2], W_IN),
      b_rec: ndarray([N], B_REC),
    },
    new Rng(0),
  );
  // x* = W x* + W_in u + b  ⇒  x* = (I − W)⁻¹(W_in u + b)
  const drive = new Matrix([W_IN.slice(0, 2), W_IN.slice(2, 4), W_IN.slice(4, 6)]).mmul(Matrix.columnVector(U));
  const xStar = solve(Matrix.eye(N).sub(W), drive.add(Matrix.columnVector(B_REC))).to1DArray();
  return { dynamics: new BasicDynamics(weights, ALPHA), xStar };
}

function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

function randomStarts(count: number, size: number, seed: number): Float64Array {
  return new Rng(seed).fillNormal(new Float64Array(count * size), 0, 1.5);
}

/** F(x) = x + 1 everywhere: no fixed point, q = ½·size and ∇q = 0, so the search never ends by itself. */
const translation: Dynamics = {
  model: 'basic',
  size: 2,
  N_in: 0,
  step: (x) => Float64Array.from(x, (v) => v + 1),
  jacobian: () => Float64Array.from([1, 0, 0, 1]),
  initialState: () => new Float64Array(2),
};

describe('findFixedPoints on a linear network with a known fixed point', () => {
  it('finds x* = (I − W)⁻¹(W_in u + b) to 1e-5 and calls it stable when every λ = (1−α) + αμ is inside the unit circle', async () => {
    const mu = [0.5, -0.3, 0.8];
    const { dynamics, xStar } = linearNetwork(mu);
    const result = await findFixedPoints(dynamics, { starts: randomStarts(8, N, 1), input: U });
    expect(result.cancelled).toBe(false);
    expect(result.points).toHaveLength(1);
    const [point] = result.points;
    expect(distance(point.state, xStar)).toBeLessThan(1e-5);
    expect(point.count).toBe(8);
    expect(point.q).toBeLessThan(1e-8);
    const expected = mu.map((m) => 1 - ALPHA + ALPHA * m).sort((a, b) => Math.abs(b) - Math.abs(a));
    // to 1e-6: W itself is float32
    expected.forEach((lambda, k) => {
      expect(point.eigenvalues.real[k]).toBeCloseTo(lambda, 6);
      expect(point.eigenvalues.imag[k]).toBeCloseTo(0, 6);
    });
    expect(point.maxAbsEigenvalue).toBeCloseTo(0.9, 6);
    expect(point.stability).toBe('stable');
    expect(point.unstableDirections).toEqual([]);
  });

  it('calls it a saddle when one λ > 1, with that eigenvector (up to sign) as its unstable direction', async () => {
    const mu = [1.6, 0.2, -0.5];
    const { dynamics, xStar } = linearNetwork(mu);
    const result = await findFixedPoints(dynamics, { starts: randomStarts(8, N, 2), input: U });
    expect(result.points).toHaveLength(1);
    const [point] = result.points;
    expect(distance(point.state, xStar)).toBeLessThan(1e-5);
    expect(point.maxAbsEigenvalue).toBeCloseTo(1.3, 6);
    expect(point.stability).toBe('saddle');
    expect(point.unstableDirections).toHaveLength(1);
    const p0 = P.getColumn(0);
    const norm = Math.hypot(...p0);
    const cosine = p0.reduce((s, v, i) => s + (v / norm) * point.unstableDirections[0][i], 0);
    expect(Math.abs(cosine)).toBeCloseTo(1, 6);
  });

  it('is deterministic for a seed: the same sampled starts give the same points', async () => {
    const { dynamics } = linearNetwork([0.5, -0.3, 0.8]);
    const states = { data: randomStarts(20, N, 3), shape: [4, 5, N] as const };
    const run = () => findFixedPoints(dynamics, { starts: sampleStates(states, 6, 0.1, new Rng(9)), input: U });
    expect(await run()).toEqual(await run());
  });
});

describe('sampleStates', () => {
  it('draws rows of the trajectories, plus noise of the given standard deviation', () => {
    // states 100 apart, so each noisy draw rounds back to the row it came from
    const states = { data: Float64Array.from({ length: 2 * 3 * 2 }, (_, k) => 100 * k), shape: [2, 3, 2] as const };
    const exact = sampleStates(states, 50, 0, new Rng(1));
    for (let s = 0; s < 50; s++) {
      expect(exact[2 * s] % 200).toBe(0); // a row starts at an even index …
      expect(exact[2 * s + 1]).toBe(exact[2 * s] + 100); // … and is that row
    }
    expect(new Set(exact).size).toBe(12); // every state is drawn
    const noisy = sampleStates(states, 4000, 0.5, new Rng(1));
    const residual = noisy.map((v) => v - 100 * Math.round(v / 100));
    const sd = Math.sqrt(residual.reduce((a, r) => a + r * r, 0) / residual.length);
    expect(Math.abs(sd / 0.5 - 1)).toBeLessThan(0.03);
    expect(() => sampleStates(states, 0, 0, new Rng(1))).toThrow('count must be a whole number ≥ 1; got 0');
    expect(() => sampleStates({ data: [], shape: [0, 3, 2] }, 1, 0, new Rng(1))).toThrow('hold no state to sample');
  });
});

describe('mergePoints', () => {
  it('merges points closer than the tolerance into the lowest-q one, and keeps the rest apart', () => {
    const point = (state: number[], q: number) => ({ state: Float64Array.from(state), q, count: 1 });
    const merged = mergePoints([point([0, 0], 1e-9), point([1e-4, 0], 1e-12), point([1, 1], 1e-10), point([1, 1.0002], 1e-11)], 1e-3);
    expect(merged.map((p) => [Array.from(p.state), p.q, p.count])).toEqual([
      [[1e-4, 0], 1e-12, 2],
      [[1, 1.0002], 1e-11, 2],
    ]);
  });
});

describe('search controls', () => {
  it('reports progress every progressEvery iterations and at the end', async () => {
    const { dynamics } = linearNetwork([0.5, -0.3, 0.8]);
    const reports: { iteration: number; bestQ: number; kept: number }[] = [];
    const result = await findFixedPoints(dynamics, {
      starts: randomStarts(4, N, 4),
      input: U,
      progressEvery: 10,
      onProgress: (p) => reports.push(p),
    });
    expect(reports.length).toBeGreaterThan(2);
    reports.slice(0, -1).forEach((r, k) => expect(r.iteration).toBe(10 * (k + 1)));
    const last = reports[reports.length - 1];
    expect(last.iteration).toBe(result.iterations);
    expect(last.kept).toBe(4);
    expect(last.bestQ).toBeLessThan(reports[0].bestQ);
  });

  it('an abort during the search returns what it has, flagged cancelled', async () => {
    const controller = new AbortController();
    const { dynamics } = linearNetwork([0.5, -0.3, 0.8]);
    const result = await findFixedPoints(dynamics, {
      starts: randomStarts(4, N, 5),
      input: U,
      progressEvery: 5,
      onProgress: (p) => p.iteration === 5 && controller.abort(),
      signal: controller.signal,
    });
    expect(result.cancelled).toBe(true);
    expect(result.iterations).toBe(5);
    expect(result.qValues).toHaveLength(4);
  });

  it('yields while it runs, so an abort from a timer stops a search that would not end', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const result = await findFixedPoints(translation, {
      starts: new Float64Array(4),
      input: [],
      maxIterations: 1e9,
      signal: controller.signal,
    });
    expect(result.cancelled).toBe(true);
    expect(result.points).toEqual([]);
    expect(Array.from(result.qValues)).toEqual([1, 1]);
  });

  it('a signal aborted before the start runs no iteration', async () => {
    const result = await findFixedPoints(translation, { starts: new Float64Array(2), input: [], signal: AbortSignal.abort() });
    expect(result).toMatchObject({ cancelled: true, iterations: 0, points: [] });
  });

  it('explains bad options', async () => {
    await expect(findFixedPoints(translation, { starts: new Float64Array(3), input: [] })).rejects.toThrow(
      'starts has 3 values; expected a positive multiple of the state size 2',
    );
    await expect(findFixedPoints(translation, { starts: new Float64Array(2), input: [1] })).rejects.toThrow(
      'input u has 1 values; expected N_in = 0',
    );
    await expect(findFixedPoints(translation, { starts: new Float64Array(2), input: [], maxIterations: 2.5 })).rejects.toThrow(
      'maxIterations must be a positive whole number; got 2.5',
    );
    await expect(findFixedPoints(translation, { starts: Float64Array.from([0, 0, 1, NaN]), input: [] })).rejects.toThrow(
      'start 1 has a non-finite value (NaN) at entry 1',
    );
  });
});
