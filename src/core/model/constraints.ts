/**
 * Biological constraints on plain typed arrays (no tf.js): connectivity masks, Dale's principle and
 * the effective weights the dynamics see (reference §3.1). W[i, j] connects presynaptic j to
 * postsynaptic i. Every function is pure and works on Float32Array or Float64Array data; the result
 * has the same array type as the weight it was given.
 */
import type { BasicWeights } from './weights.ts';

export type FloatArray = Float32Array | Float64Array;

/** A dense row-major matrix whose data may be float32 or float64 (`NdArray` is one). */
export interface FloatMatrix<A extends FloatArray = FloatArray> {
  data: A;
  shape: number[];
}

/** PsychRNN tests `if self.dale_ratio:`, so both null and 0 mean "no Dale's principle". */
export function hasDale(daleRatio: number | null | undefined): boolean {
  return daleRatio !== null && daleRatio !== undefined && daleRatio !== 0;
}

const formatShape = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/**
 * Throws unless `actual` equals `expected`, naming the array and the symbolic shape, e.g.
 * "rec_connectivity has shape [3, 4]; expected [N_rec, N_rec] = [50, 50]".
 */
export function assertShape(
  name: string,
  actual: readonly number[],
  expected: readonly number[],
  symbolic: string,
): void {
  const same = actual.length === expected.length && actual.every((n, k) => n === expected[k]);
  if (!same) {
    throw new Error(
      `${name} has shape ${formatShape(actual)}; expected ${symbolic} = ${formatShape(expected)}`,
    );
  }
}

/** W ⊙ C, or |W ⊙ C| when `absolute` (Dale). */
function maskedCopy<A extends FloatArray>(
  W: FloatMatrix<A>,
  C: FloatMatrix,
  absolute: boolean,
  names: [string, string],
): FloatMatrix<A> {
  assertShape(names[1], C.shape, W.shape, `the shape of ${names[0]}`);
  const out = W.data.slice() as A;
  const c = C.data;
  for (let k = 0; k < out.length; k++) {
    const v = out[k] * c[k];
    out[k] = absolute ? Math.abs(v) : v;
  }
  return { data: out, shape: [...W.shape] };
}

/** The diagonal of a Dale matrix; PsychRNN builds them diagonal, and the fast right product relies on it. */
function daleDiagonal(D: FloatMatrix, n: number, name: string): Float64Array {
  assertShape(name, D.shape, [n, n], '[N_rec, N_rec]');
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = D.data[i * n + j];
      if (i === j) d[i] = v;
      else if (v !== 0) {
        throw new Error(`${name} must be diagonal (PsychRNN builds diag(±1) or diag(1/0)); entry [${i}, ${j}] is ${v}`);
      }
    }
  }
  return d;
}

/** M·D for diagonal D: column j times d_j, in place. */
function scaleColumnsInPlace(M: FloatMatrix, d: Float64Array): void {
  const [rows, cols] = M.shape;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) M.data[i * cols + j] *= d[j];
  }
}

/** W_in_eff = W_in ⊙ C_in, or |W_in ⊙ C_in| with Dale (all inputs excitatory). [N_rec, N_in] */
export function effectiveInputWeights<A extends FloatArray>(
  W_in: FloatMatrix<A>,
  C_in: FloatMatrix,
  daleRatio: number | null,
): FloatMatrix<A> {
  return maskedCopy(W_in, C_in, hasDale(daleRatio), ['W_in', 'input_connectivity']);
}

/** W_rec_eff = W_rec ⊙ C_rec, or |W_rec ⊙ C_rec|·Dale_rec with Dale (sign of presynaptic j). [N_rec, N_rec] */
export function effectiveRecurrentWeights<A extends FloatArray>(
  W_rec: FloatMatrix<A>,
  C_rec: FloatMatrix,
  Dale_rec: FloatMatrix,
  daleRatio: number | null,
): FloatMatrix<A> {
  const dale = hasDale(daleRatio);
  const out = maskedCopy(W_rec, C_rec, dale, ['W_rec', 'rec_connectivity']);
  if (dale) scaleColumnsInPlace(out, daleDiagonal(Dale_rec, W_rec.shape[1], 'Dale_rec'));
  return out;
}

/** W_out_eff = W_out ⊙ C_out, or |W_out ⊙ C_out|·Dale_out with Dale (inhibitory units do not read out). [N_out, N_rec] */
export function effectiveOutputWeights<A extends FloatArray>(
  W_out: FloatMatrix<A>,
  C_out: FloatMatrix,
  Dale_out: FloatMatrix,
  daleRatio: number | null,
): FloatMatrix<A> {
  const dale = hasDale(daleRatio);
  const out = maskedCopy(W_out, C_out, dale, ['W_out', 'output_connectivity']);
  if (dale) scaleColumnsInPlace(out, daleDiagonal(Dale_out, W_out.shape[1], 'Dale_out'));
  return out;
}

/**
 * A copy of `raw` whose W_in, W_rec, W_out are the effective matrices (what PsychRNN saves).
 * The other arrays are shared with `raw`, not copied. Idempotent: effective(effective(w)) = effective(w).
 */
export function effectiveWeights(raw: BasicWeights): BasicWeights {
  const r = raw.dale_ratio;
  return {
    ...raw,
    W_in: effectiveInputWeights(raw.W_in, raw.input_connectivity, r),
    W_rec: effectiveRecurrentWeights(raw.W_rec, raw.rec_connectivity, raw.Dale_rec, r),
    W_out: effectiveOutputWeights(raw.W_out, raw.output_connectivity, raw.Dale_out, r),
  };
}
