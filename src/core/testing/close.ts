/** Comparing a kernel's float32 arrays with a reference's, and the random arrays to feed both. */
import { expect } from 'vitest';
import type { Rng } from '../rng.ts';
import { relativeDifference } from './relative-difference.ts';

/** n draws of N(0, std²) */
export const normals = (rng: Rng, n: number, std = 1) => rng.fillNormal(new Float32Array(n), 0, std);

/** Every |got − want| ≤ tol·max|want| (relative to the array's scale, as float32 sums allow). */
export function expectClose(name: string, got: Float32Array, want: ArrayLike<number>, tol: number) {
  expect(got.length, `${name} length`).toBe(want.length);
  const { relative, index, scale } = relativeDifference(got, want, 1e-6);
  if (!(relative <= tol)) expect.fail(`${name}[${index}]: fused ${got[index]} vs reference ${want[index]} (scale ${scale})`);
}
