/**
 * Population trajectories on their top principal components (PsychRNN Fig. 2D): the states are
 * averaged over the trials of each condition, the C·N_steps averaged states (rows, `[C·N_steps, N_rec]`)
 * are centred, and their covariance Σ = XᵀX / rows `[N_rec, N_rec]` is decomposed (`topEigenpairs`).
 * Each PC is signed so that its largest-magnitude loading is positive, so plots keep their orientation
 * from one test to the next.
 */
import type { Array3 } from '../array3.ts';
import { conditionIndices, conditionMeans } from './conditions.ts';
import { topEigenpairs } from './symmetric-eigen.ts';

export const N_COMPONENTS = 3;

/** Trial-averaged states per condition projected on the top principal components (Fig. 2D): [conditions, N_steps, 3]. */
export interface PcaTrajectories {
  N_steps: number;
  conditions: string[];
  projections: Float32Array;
  /** fraction of variance explained by PC1..PC3 */
  explained: number[];
}

export interface PrincipalComponents {
  /** column means of the data, `[n]` */
  mean: Float64Array;
  /** unit loadings, largest first, `[min(k, n)][n]` */
  components: Float64Array[];
  /** variance along each component */
  variances: number[];
  /** total variance, trace(Σ) */
  totalVariance: number;
}

/** Centred transpose: out[i, r] = data[r, i] − mean_i, `[n, rows]`, so covariance entries are dot products. */
function centredTranspose(data: Float64Array, rows: number, n: number): { mean: Float64Array; columns: Float64Array } {
  const mean = new Float64Array(n);
  for (let r = 0; r < rows; r++) for (let i = 0; i < n; i++) mean[i] += data[r * n + i] / rows;
  const columns = new Float64Array(n * rows);
  for (let r = 0; r < rows; r++) for (let i = 0; i < n; i++) columns[i * rows + r] = data[r * n + i] - mean[i];
  return { mean, columns };
}

/** Σ[i, j] = Σ_r X[r, i]·X[r, j] / rows from the centred transpose; four columns j at a time. */
function covariance(columns: Float64Array, rows: number, n: number): Float64Array {
  const cov = new Float64Array(n * n);
  const dotColumns = (i: number, j: number) => {
    let sum = 0;
    for (let r = 0, a = i * rows, b = j * rows; r < rows; r++) sum += columns[a + r] * columns[b + r];
    return sum;
  };
  for (let i = 0; i < n; i++) {
    const a = i * rows;
    let j = i;
    for (; j + 3 < n; j += 4) {
      const [b0, b1, b2, b3] = [j * rows, (j + 1) * rows, (j + 2) * rows, (j + 3) * rows];
      let [s0, s1, s2, s3] = [0, 0, 0, 0];
      for (let r = 0; r < rows; r++) {
        const x = columns[a + r];
        s0 += x * columns[b0 + r];
        s1 += x * columns[b1 + r];
        s2 += x * columns[b2 + r];
        s3 += x * columns[b3 + r];
      }
      [cov[i * n + j], cov[i * n + j + 1], cov[i * n + j + 2], cov[i * n + j + 3]] = [s0, s1, s2, s3];
    }
    for (; j < n; j++) cov[i * n + j] = dotColumns(i, j);
    for (let m = i; m < n; m++) cov[m * n + i] = cov[i * n + m] /= rows;
  }
  return cov;
}

/** Flips v so that its largest-magnitude entry (the first, on ties) is positive. */
export function signByLargestLoading(v: Float64Array): void {
  let largest = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[largest])) largest = i;
  if (v[largest] < 0) for (let i = 0; i < v.length; i++) v[i] = -v[i];
}

/** The top min(k, n) principal components of the rows of `data` `[rows, n]`. */
export function principalComponents(data: Float64Array, rows: number, n: number, k: number): PrincipalComponents {
  if (data.length !== rows * n) throw new Error(`principalComponents: ${data.length} values for [${rows}, ${n}]`);
  if (rows === 0) throw new Error('principalComponents: no rows to fit');
  const { mean, columns } = centredTranspose(data, rows, n);
  const cov = covariance(columns, rows, n);
  let totalVariance = 0;
  for (let i = 0; i < n; i++) totalVariance += cov[i * n + i];
  const { values, vectors } = topEigenpairs(cov, n, k);
  vectors.forEach(signByLargestLoading);
  return { mean, components: vectors, variances: values, totalVariance };
}

export function pcaTrajectories(states: Array3, conditionKeys: readonly string[], labels: readonly string[]): PcaTrajectories {
  const [, nSteps, n] = states.shape;
  const nConditions = labels.length;
  const { means, counts } = conditionMeans(states, conditionIndices(conditionKeys, labels), nConditions);
  // conditions without trials (NaN means) are left out of the fit and project to NaN
  const fitted = labels.map((_, c) => c).filter((c) => counts[c] > 0);
  const block = nSteps * n;
  const data = new Float64Array(fitted.length * block);
  fitted.forEach((c, row) => data.set(means.subarray(c * block, (c + 1) * block), row * block));
  const projections = new Float32Array(nConditions * nSteps * N_COMPONENTS);
  if (fitted.length === 0 || n === 0) return { N_steps: nSteps, conditions: [...labels], projections, explained: [0, 0, 0] };

  const pcs = principalComponents(data, fitted.length * nSteps, n, N_COMPONENTS);
  for (let row = 0; row < nConditions * nSteps; row++) {
    pcs.components.forEach((v, j) => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += (means[row * n + i] - pcs.mean[i]) * v[i];
      projections[row * N_COMPONENTS + j] = sum;
    });
  }
  const explained = Array.from({ length: N_COMPONENTS }, (_, j) =>
    j < pcs.variances.length && pcs.totalVariance > 0 ? Math.max(0, pcs.variances[j]) / pcs.totalVariance : 0,
  );
  return { N_steps: nSteps, conditions: [...labels], projections, explained };
}
