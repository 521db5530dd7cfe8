/**
 * The top k eigenpairs of a symmetric matrix (a covariance), by the Lanczos method with full
 * reorthogonalisation: m steps build an orthonormal Krylov basis Q `[m][n]` with QᵀAQ = T
 * tridiagonal; the Ritz pairs (θ, Q·s) from T·s = θ·s approximate A's extreme eigenpairs, with
 * residual ‖A·Qs − θ·Qs‖ = β_m·|s_m|. Each step costs one matrix–vector product (n²): at n = 256 a
 * full ml-matrix decomposition took ~180 ms, this a few ms. It stops when the top k residuals are
 * below `TOLERANCE`·θ_1, or after min(n, `MAX_STEPS`) steps: exact at m = n, otherwise the best
 * Krylov approximation (for nearly equal eigenvalues, whose directions are ill-defined anyway).
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface Eigenpairs {
  /** descending */
  values: number[];
  /** unit eigenvectors, `[k][n]` */
  vectors: Float64Array[];
}

const MAX_STEPS = 96;
const CHECK_EVERY = 8;
const TOLERANCE = 1e-9;

/** out = A·v for the row-major `a` `[n, n]`. */
function multiply(a: Float64Array, n: number, v: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let sum = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) sum += a[row + j] * v[j];
    out[i] = sum;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** w ← w − Σ_q (q·w)·q, twice (Gram–Schmidt is only stable to working precision when repeated). */
function orthogonalize(w: Float64Array, basis: Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (const q of basis) {
      const d = dot(q, w);
      for (let i = 0; i < w.length; i++) w[i] -= d * q[i];
    }
  }
}

/** A deterministic pseudo-random vector (fixed seed, so results repeat from one call to the next). */
function pseudoRandom(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

/** Eigenpairs of the tridiagonal T (diagonal α, off-diagonal β), descending: θ and eigenvectors s. */
function ritz(alpha: number[], beta: number[]): { theta: number[]; s: number[][] } {
  const m = alpha.length;
  const t = new Matrix(m, m);
  for (let j = 0; j < m; j++) {
    t.set(j, j, alpha[j]);
    if (j + 1 < m) {
      t.set(j, j + 1, beta[j]);
      t.set(j + 1, j, beta[j]);
    }
  }
  const evd = new EigenvalueDecomposition(t, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const order = values.map((_, j) => j).sort((a, b) => values[b] - values[a]);
  return { theta: order.map((j) => values[j]), s: order.map((j) => evd.eigenvectorMatrix.getColumn(j)) };
}

/** The k largest eigenvalues of the symmetric `a` `[n, n]` (row-major) and their unit eigenvectors. */
export function topEigenpairs(a: Float64Array, n: number, k: number): Eigenpairs {
  if (a.length !== n * n) throw new Error(`topEigenpairs: ${a.length} values for an [${n}, ${n}] matrix`);
  const count = Math.min(k, n);
  if (count === 0) return { values: [], vectors: [] };
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]));
  const maxSteps = Math.min(n, MAX_STEPS);
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let q = pseudoRandom(n, 1);
  q = q.map((x) => x / Math.sqrt(dot(q, q)));
  const w = new Float64Array(n);
  for (let step = 1; ; step++) {
    basis.push(q);
    multiply(a, n, q, w);
    alpha.push(dot(q, w));
    orthogonalize(w, basis);
    let b = Math.sqrt(dot(w, w));
    if (b <= 1e-12 * scale) {
      // the Krylov space is invariant: go on from a fresh direction, T decouples (β = 0)
      b = 0;
      w.set(pseudoRandom(n, step + 1));
      orthogonalize(w, basis);
    }
    beta.push(b);
    if (step >= count && (step % CHECK_EVERY === 0 || step === maxSteps)) {
      const { theta, s } = ritz(alpha, beta.slice(0, -1));
      // right after a breakdown (b = 0) a repeated top eigenvalue may not have been reached yet: go on
      const converged = b > 0 && s.slice(0, count).every((sj) => Math.abs(b * sj[step - 1]) <= TOLERANCE * theta[0]);
      if (converged || step === maxSteps) {
        const vectors = s.slice(0, count).map((sj) => {
          const v = new Float64Array(n);
          basis.forEach((qm, m) => {
            for (let i = 0; i < n; i++) v[i] += sj[m] * qm[i];
          });
          return v;
        });
        return { values: theta.slice(0, count), vectors };
      }
    }
    const norm = Math.sqrt(dot(w, w));
    q = w.map((x) => x / norm);
  }
}
