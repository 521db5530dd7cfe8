/**
 * Linear stability of a fixed point x* of a discrete-time map x_{t+1} = F(x_t): the eigenvalues λ of
 * the Jacobian J = ∂F/∂x at x* (ml-matrix's EigenvalueDecomposition, real and imaginary parts).
 * A perturbation along an eigenvector grows by |λ| per step, so (with a band b around |λ| = 1):
 *   stable    every |λ| < 1           (an attractor)
 *   saddle    some |λ| > 1, some < 1  (attracting along some directions, repelling along the rest)
 *   unstable  every |λ| > 1           (a repeller)
 *   marginal  the largest |λ| within b of 1: linearisation cannot decide (line attractors, slow points)
 * The unstable directions are the real parts of the eigenvectors with |λ| > 1 + b, one per conjugate pair.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export type Stability = 'stable' | 'saddle' | 'unstable' | 'marginal';

export interface LinearStability {
  /** eigenvalues sorted by |λ|, largest first */
  eigenvalues: { real: Float64Array; imag: Float64Array };
  maxAbsEigenvalue: number;
  stability: Stability;
  /** unit vectors [size], one per unstable eigenvalue (one per conjugate pair), largest |λ| first */
  unstableDirections: Float64Array[];
}

/** The default band around |λ| = 1 within which a point is called marginal. */
export const MARGINAL_BAND = 1e-3;

export function classify(absValues: ArrayLike<number>, marginalBand: number): Stability {
  let max = 0;
  let min = Infinity;
  for (let k = 0; k < absValues.length; k++) {
    max = Math.max(max, absValues[k]);
    min = Math.min(min, absValues[k]);
  }
  if (Math.abs(max - 1) <= marginalBand) return 'marginal';
  if (max < 1) return 'stable';
  return min > 1 + marginalBand ? 'unstable' : 'saddle';
}

function unit(v: Float64Array): Float64Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return norm > 0 ? v.map((x) => x / norm) : v;
}

/** Eigenvalues, their largest modulus, the stability and the unstable directions of `jacobian` [size, size]. */
export function linearStability(jacobian: Float64Array, size: number, marginalBand = MARGINAL_BAND): LinearStability {
  if (jacobian.length !== size * size) {
    throw new Error(`linearStability: the Jacobian has ${jacobian.length} values; [${size}, ${size}] needs ${size * size}`);
  }
  if (!(marginalBand >= 0)) throw new Error(`marginalBand must be ≥ 0; got ${marginalBand}`);
  const evd = new EigenvalueDecomposition(Matrix.from1DArray(size, size, Array.from(jacobian)));
  const re = evd.realEigenvalues;
  const im = evd.imaginaryEigenvalues;
  const vectors = evd.eigenvectorMatrix;
  const abs = re.map((r, k) => Math.hypot(r, im[k]));
  const order = abs.map((_, k) => k).sort((a, b) => abs[b] - abs[a] || im[b] - im[a]);
  const unstableDirections: Float64Array[] = [];
  for (const k of order) {
    // for a pair a ± bi, JAMA stores the real part of the eigenvector in the column of the +b eigenvalue
    if (abs[k] > 1 + marginalBand && im[k] >= 0) unstableDirections.push(unit(Float64Array.from(vectors.getColumn(k))));
  }
  return {
    eigenvalues: { real: Float64Array.from(order, (k) => re[k]), imag: Float64Array.from(order, (k) => im[k]) },
    maxAbsEigenvalue: abs[order[0]] ?? 0,
    stability: classify(abs, marginalBand),
    unstableDirections,
  };
}
