/**
 * A fixed-point search made small enough to draw: the condition's trajectories on their top principal components
 * (fitted to every recorded state of every trial, [trials · N_steps, N_rec] — x for the Basic RNN, h for the LSTM),
 * each fixed point projected in the same basis, p ↦ Vᵀ(p − mean), and each unstable direction d as a short segment
 * p ± L·d with L = 15 % of the trajectories' spread √(trace Σ), so a saddle shows which way it repels.
 */
import { N_COMPONENTS, principalComponents } from '../pca.ts';
import type { FixedPoint } from './finder.ts';
import type { Stability } from './stability.ts';

export type Vector3 = [number, number, number];

/** One point, as the table and the plot show it. */
export interface FixedPointSummary {
  q: number;
  maxAbsEigenvalue: number;
  stability: Stability;
  /** eigenvalues with |λ| > 1 + band (a conjugate pair counts twice) */
  unstableCount: number;
  /** how many starts converged onto it */
  count: number;
  /** on PC1..PC3 */
  position: Vector3;
  /** one segment [from, to] on PC1..PC3 per unstable direction */
  unstableLines: [Vector3, Vector3][];
}

export interface FixedPointsView {
  points: FixedPointSummary[];
  /** the trials' recorded states on PC1..PC3, [trials, N_steps, 3] */
  trajectories: { trials: number; N_steps: number; projections: Float32Array };
  /** fraction of the states' variance along PC1..PC3 */
  explained: number[];
}

/** The part of the segment's half-length relative to the trajectories' spread. */
const SEGMENT_SCALE = 0.15;

/** `states` [trials, N_steps, size] full states; the first `recordedSize` entries of each are what the plot shows. */
export function fixedPointView(
  points: readonly FixedPoint[],
  states: { data: ArrayLike<number>; shape: readonly [number, number, number] },
  recordedSize: number,
  marginalBand: number,
): FixedPointsView {
  const [B, T, size] = states.shape;
  const n = recordedSize;
  const rows = B * T;
  const recorded = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++) for (let i = 0; i < n; i++) recorded[r * n + i] = states.data[r * size + i];
  const pcs = principalComponents(recorded, rows, n, N_COMPONENTS);
  const project = (x: ArrayLike<number>, centred = true): Vector3 => {
    const out: Vector3 = [0, 0, 0];
    pcs.components.forEach((v, j) => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += (x[i] - (centred ? pcs.mean[i] : 0)) * v[i];
      out[j] = sum;
    });
    return out;
  };
  const projections = new Float32Array(rows * 3);
  for (let r = 0; r < rows; r++) projections.set(project(recorded.subarray(r * n, (r + 1) * n)), r * 3);
  const half = SEGMENT_SCALE * Math.sqrt(Math.max(pcs.totalVariance, 0));
  const summaries = points.map((p): FixedPointSummary => {
    const position = project(p.state);
    const unstableLines = p.unstableDirections.map((d): [Vector3, Vector3] => {
      const step = project(d.subarray(0, n), false);
      return [position.map((c, j) => c - half * step[j]) as Vector3, position.map((c, j) => c + half * step[j]) as Vector3];
    });
    let unstableCount = 0;
    for (let k = 0; k < p.eigenvalues.real.length; k++) {
      if (Math.hypot(p.eigenvalues.real[k], p.eigenvalues.imag[k]) > 1 + marginalBand) unstableCount++;
    }
    return { q: p.q, maxAbsEigenvalue: p.maxAbsEigenvalue, stability: p.stability, unstableCount, count: p.count, position, unstableLines };
  });
  const explained = Array.from({ length: N_COMPONENTS }, (_, j) =>
    j < pcs.variances.length && pcs.totalVariance > 0 ? Math.max(0, pcs.variances[j]) / pcs.totalVariance : 0,
  );
  return { points: summaries, trajectories: { trials: B, N_steps: T, projections }, explained };
}
