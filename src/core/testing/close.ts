/** Comparing a kernel's float32 arrays with a reference's, and the random arrays to feed both. */
import { expect } from 'vitest';
import type { Rng } from '../rng.ts';

/** n draws of N(0, std²) */
export const normals = (rng: Rng, n: number, std = 1) => rng.fillNormal(new Float32Array(n), 0, std);

/** Every |got − want| ≤ tol·max|want| (relative to the array's scale, as float32 sums allow). */
export function expectClose(name: string, got: Float32Array, want: ArrayLike<number>, tol: number) {
  expect(got.length, `${name} length`).toBe(want.length);
  let scale = 1e-6;
  for (let k = 0; k < want.length; k++) scale = Math.max(scale, Math.abs(want[k]));
  for (let k = 0; k < want.length; k++) {
    if (!(Math.abs(got[k] - want[k]) <= tol * scale)) {
      expect.fail(`${name}[${k}]: fused ${got[k]} vs reference ${want[k]} (scale ${scale})`);
    }
  }
}
