/** A 2-D array of a read .npz as rows of numbers, for tests that check weights entry by entry. */
import type { NpyArray, NpyNumericArray } from '../io/npz.ts';

export function npzRows(entries: Map<string, NpyArray>, key: string): number[][] {
  const entry = entries.get(key) as NpyNumericArray | undefined;
  if (!entry || !('data' in entry)) throw new Error(`the weights file has no ${key}; it has ${[...entries.keys()].join(', ')}`);
  const [rows, cols] = entry.shape;
  return Array.from({ length: rows }, (_, i) => Array.from((entry.data as Float32Array).slice(i * cols, (i + 1) * cols)));
}
