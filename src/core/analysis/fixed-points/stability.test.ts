/** Stability of a discrete-time fixed point from its Jacobian's eigenvalues, on matrices with known spectra. */
import { describe, expect, it } from 'vitest';
import { classify, linearStability } from './stability.ts';

/** r·R(θ) in the (0, 1) plane and `rest` on the remaining diagonal: eigenvalues r·e^{±iθ} and `rest`. */
function rotationBlock(r: number, theta: number, rest: number[]): Float64Array {
  const n = 2 + rest.length;
  const J = new Float64Array(n * n);
  J.set([r * Math.cos(theta), -r * Math.sin(theta)], 0);
  J.set([r * Math.sin(theta), r * Math.cos(theta)], n);
  rest.forEach((v, k) => (J[(k + 2) * n + k + 2] = v));
  return J;
}

describe('linearStability', () => {
  it('reports a complex pair with its imaginary parts, sorted by |λ|, and its plane as one unstable direction', () => {
    const s = linearStability(rotationBlock(1.2, 0.3, [0.5]), 3);
    expect(Array.from(s.eigenvalues.real).map((v) => +v.toFixed(10))).toEqual([
      +(1.2 * Math.cos(0.3)).toFixed(10),
      +(1.2 * Math.cos(0.3)).toFixed(10),
      0.5,
    ]);
    expect(Math.abs(s.eigenvalues.imag[0])).toBeCloseTo(1.2 * Math.sin(0.3), 10);
    expect(s.eigenvalues.imag[0] + s.eigenvalues.imag[1]).toBeCloseTo(0, 12);
    expect(s.maxAbsEigenvalue).toBeCloseTo(1.2, 12);
    expect(s.stability).toBe('saddle');
    expect(s.unstableDirections).toHaveLength(1);
    const [d] = s.unstableDirections;
    expect(Math.hypot(...d)).toBeCloseTo(1, 12);
    expect(d[2]).toBeCloseTo(0, 12); // it lies in the rotating plane
  });

  it('stable inside the unit circle, unstable outside everywhere, marginal at the edge', () => {
    expect(linearStability(rotationBlock(0.9, 1, [-0.7]), 3).stability).toBe('stable');
    const repeller = linearStability(rotationBlock(1.5, 1, [-1.1]), 3);
    expect(repeller.stability).toBe('unstable');
    expect(repeller.unstableDirections).toHaveLength(2); // one for the pair, one for −1.1
    expect(linearStability(rotationBlock(0.9995, 0.2, [0.3]), 3).stability).toBe('marginal');
    expect(linearStability(rotationBlock(0.9995, 0.2, [0.3]), 3, 1e-4).stability).toBe('stable');
  });

  it('classify: the band decides marginal before the signs of |λ| − 1', () => {
    expect(classify([0.2, 0.99], 0.001)).toBe('stable');
    expect(classify([0.2, 1.01], 0.001)).toBe('saddle');
    expect(classify([1.2, 1.01], 0.001)).toBe('unstable');
    expect(classify([0.2, 1.0004], 0.001)).toBe('marginal');
  });

  it('explains a Jacobian of the wrong size', () => {
    expect(() => linearStability(new Float64Array(5), 2)).toThrow('the Jacobian has 5 values; [2, 2] needs 4');
  });
});
