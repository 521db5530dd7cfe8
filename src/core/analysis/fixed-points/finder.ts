/**
 * Fixed and slow points of a trained network (Sussillo & Barak 2013, as Golub's FixedPointFinder does it):
 * from many starting states x₀ (sampled along trial trajectories) minimise
 *   q(x) = ½‖F(x, u) − x‖²,   ∇q = (J − I)ᵀ(F(x, u) − x),   J = ∂F/∂x,
 * for one constant input u, with Adam on every start at once (float64, hand-written: no tf.js). Each start
 * has its own learning rate, halved whenever its q rises (FixedPointFinder's adaptive rate, which lets Adam
 * settle instead of circling the minimum), and stops once q < `tolerance`. Minima with q < `qTolerance` are
 * kept, duplicates closer than `mergeTolerance` merged (the lowest q stays), and each is classified by its
 * Jacobian's eigenvalues (stability.ts). Deterministic: the same starts give the same points.
 */
import type { Rng } from '../../rng.ts';
import type { Dynamics } from './dynamics.ts';
import { linearStability, MARGINAL_BAND, type LinearStability } from './stability.ts';

export interface FixedPointProgress {
  iteration: number;
  /** the lowest q over all starts so far */
  bestQ: number;
  /** starts whose q is now below qTolerance (before merging) */
  kept: number;
}

export interface FixedPointOptions {
  /** starting states [count, size] row-major, e.g. from `sampleStates` */
  starts: Float64Array;
  /** the constant input u [N_in] */
  input: ArrayLike<number>;
  /** default 5000 */
  maxIterations?: number;
  /** Adam's initial step size; default 0.01 */
  learningRate?: number;
  /** a start stops once its q is below this; default 1e-14 */
  tolerance?: number;
  /** minima with q below this are kept; default 1e-8 */
  qTolerance?: number;
  /** kept points closer than this (Euclidean) are one point; default 1e-3 */
  mergeTolerance?: number;
  /** |λ| within this of 1 is 'marginal'; default 1e-3 */
  marginalBand?: number;
  /** called every `progressEvery` iterations (default 100) and once at the end, with q re-taken there */
  onProgress?: (progress: FixedPointProgress) => void;
  progressEvery?: number;
  /** aborting stops the search; the points found so far are returned, flagged `cancelled` */
  signal?: AbortSignal;
}

export interface FixedPoint extends LinearStability {
  /** [size] */
  state: Float64Array;
  q: number;
  /** how many starts converged onto this point */
  count: number;
}

export interface FixedPointResult {
  /** sorted by q, lowest first */
  points: FixedPoint[];
  /** final q of every start [count] */
  qValues: Float64Array;
  iterations: number;
  cancelled: boolean;
}

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
/** the adaptive step size: shrunk when a start's q rises, grown slowly while it falls */
const RATE_DOWN = 0.5;
const RATE_UP = 1.02;
/** below this step size a start has stalled (a slow point, not a fixed point) and stops */
const MIN_LEARNING_RATE = 1e-12;
/** how long the search runs between yields to the event loop (so an abort message can arrive), ms */
const YIELD_EVERY_MS = 50;

/**
 * `count` states drawn uniformly (with replacement) from `states` [N_batch, N_steps, N] (any trial, any
 * step), each plus N(0, noiseStd²) noise per coordinate: [count, N] row-major.
 */
export function sampleStates(
  states: { data: ArrayLike<number>; shape: readonly [number, number, number] },
  count: number,
  noiseStd: number,
  rng: Rng,
): Float64Array {
  const [B, T, n] = states.shape;
  if (B * T === 0) throw new Error(`sampleStates: states [${states.shape.join(', ')}] hold no state to sample`);
  if (!(Number.isInteger(count) && count >= 1)) throw new Error(`sampleStates: count must be a whole number ≥ 1; got ${count}`);
  if (!(noiseStd >= 0)) throw new Error(`sampleStates: noiseStd must be ≥ 0; got ${noiseStd}`);
  const out = new Float64Array(count * n);
  for (let s = 0; s < count; s++) {
    const row = rng.int(B * T);
    for (let i = 0; i < n; i++) out[s * n + i] = states.data[row * n + i] + (noiseStd > 0 ? noiseStd * rng.normal() : 0);
  }
  return out;
}

function positive(name: string, value: number, whole = false): number {
  if (!(Number.isFinite(value) && value > 0 && (!whole || Number.isInteger(value)))) {
    throw new Error(`findFixedPoints: ${name} must be a positive ${whole ? 'whole number' : 'number'}; got ${value}`);
  }
  return value;
}

/** F(x) − x, q, and ∇q = (J − I)ᵀ(F(x) − x) at one state. */
function evaluate(dynamics: Dynamics, x: Float64Array, u: ArrayLike<number>, grad: Float64Array): number {
  const n = dynamics.size;
  const r = dynamics.step(x, u);
  let q = 0;
  for (let i = 0; i < n; i++) {
    r[i] -= x[i];
    q += r[i] * r[i];
  }
  if (dynamics.transposedJacobianTimes) {
    grad.set(dynamics.transposedJacobianTimes(x, u, r));
    for (let i = 0; i < n; i++) grad[i] -= r[i];
  } else {
    const J = dynamics.jacobian(x, u);
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      const ri = r[i];
      for (let j = 0, row = i * n; j < n; j++) grad[j] += J[row + j] * ri;
      grad[i] -= ri;
    }
  }
  return 0.5 * q;
}

/** Greedy merge in order of q: a point within `tolerance` of one already kept joins it. */
export function mergePoints<T extends { state: Float64Array; q: number; count: number }>(points: T[], tolerance: number): T[] {
  const kept: T[] = [];
  for (const p of [...points].sort((a, b) => a.q - b.q)) {
    const near = kept.find((k) => {
      let d = 0;
      for (let i = 0; i < p.state.length; i++) d += (p.state[i] - k.state[i]) ** 2;
      return Math.sqrt(d) < tolerance;
    });
    if (near) near.count += p.count;
    else kept.push({ ...p });
  }
  return kept;
}

/** One Adam update of x in place from its gradient, moments m and v, step size lr, at step t (1-based). */
function adamStep(x: Float64Array, grad: Float64Array, m: Float64Array, v: Float64Array, lr: number, t: number): void {
  const c1 = 1 - ADAM.beta1 ** t;
  const c2 = 1 - ADAM.beta2 ** t;
  for (let i = 0; i < x.length; i++) {
    m[i] = ADAM.beta1 * m[i] + (1 - ADAM.beta1) * grad[i];
    v[i] = ADAM.beta2 * v[i] + (1 - ADAM.beta2) * grad[i] * grad[i];
    x[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + ADAM.epsilon);
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Runs the search; resolves when every start has converged or stalled, at maxIterations, or on abort. */
export async function findFixedPoints(dynamics: Dynamics, options: FixedPointOptions): Promise<FixedPointResult> {
  const n = dynamics.size;
  const { starts, input } = options;
  if (n === 0 || starts.length === 0 || starts.length % n !== 0) {
    throw new Error(`findFixedPoints: starts has ${starts.length} values; expected a positive multiple of the state size ${n}`);
  }
  if (input.length !== dynamics.N_in) {
    throw new Error(`findFixedPoints: input u has ${input.length} values; expected N_in = ${dynamics.N_in}`);
  }
  const maxIterations = positive('maxIterations', options.maxIterations ?? 5000, true);
  const lr0 = positive('learningRate', options.learningRate ?? 0.01);
  const tolerance = positive('tolerance', options.tolerance ?? 1e-14);
  const qTolerance = positive('qTolerance', options.qTolerance ?? 1e-8);
  const mergeTolerance = positive('mergeTolerance', options.mergeTolerance ?? 1e-3);
  const progressEvery = positive('progressEvery', options.progressEvery ?? 100, true);
  const band = options.marginalBand ?? MARGINAL_BAND;
  if (!(band >= 0)) throw new Error(`findFixedPoints: marginalBand must be ≥ 0; got ${band}`);
  const firstBad = starts.findIndex((value) => !Number.isFinite(value));
  if (firstBad >= 0) {
    throw new Error(`findFixedPoints: start ${Math.floor(firstBad / n)} has a non-finite value (${starts[firstBad]}) at entry ${firstBad % n}`);
  }
  const K = starts.length / n;

  const x = Float64Array.from(starts);
  const m = new Float64Array(K * n);
  const v = new Float64Array(K * n);
  const q = new Float64Array(K).fill(Infinity);
  const lr = new Float64Array(K).fill(lr0);
  const done = new Uint8Array(K);
  const grad = new Float64Array(n);
  const progress = (iteration: number): FixedPointProgress => ({
    iteration,
    bestQ: q.reduce((a, b) => Math.min(a, b), Infinity),
    kept: q.reduce((c, value) => c + (value < qTolerance ? 1 : 0), 0),
  });

  let iteration = 0;
  let cancelled = options.signal?.aborted ?? false;
  let lastYield = Date.now();
  while (!cancelled && iteration < maxIterations && !done.every(Boolean)) {
    iteration++;
    for (let s = 0; s < K; s++) {
      if (done[s]) continue;
      const xs = x.subarray(s * n, (s + 1) * n);
      const qs = evaluate(dynamics, xs, input, grad);
      lr[s] *= qs > q[s] ? RATE_DOWN : RATE_UP;
      q[s] = qs;
      if (qs < tolerance || lr[s] < MIN_LEARNING_RATE || !Number.isFinite(qs)) {
        done[s] = 1;
        continue;
      }
      adamStep(xs, grad, m.subarray(s * n, (s + 1) * n), v.subarray(s * n, (s + 1) * n), lr[s], iteration);
    }
    if (iteration % progressEvery === 0) options.onProgress?.(progress(iteration));
    if (Date.now() - lastYield > YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = Date.now();
    }
    cancelled = options.signal?.aborted ?? false;
  }
  // q of the states as they are now (a start's last Adam step moved it after its q was taken)
  for (let s = 0; s < K; s++) if (!done[s]) q[s] = evaluate(dynamics, x.subarray(s * n, (s + 1) * n), input, grad);
  options.onProgress?.(progress(iteration));

  const candidates: { state: Float64Array; q: number; count: number }[] = [];
  for (let s = 0; s < K; s++) {
    if (q[s] < qTolerance) candidates.push({ state: x.slice(s * n, (s + 1) * n), q: q[s], count: 1 });
  }
  const points = mergePoints(candidates, mergeTolerance).map((p) => ({
    ...p,
    ...linearStability(dynamics.jacobian(p.state, input), n, band),
  }));
  return { points, qValues: q, iterations: iteration, cancelled };
}
