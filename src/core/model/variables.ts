/** Shared helpers for turning NdArrays into tf.js variables and back. */
import * as tf from '@tensorflow/tfjs-core';
import type { NdArray } from './weights.ts';

export type TrainableFlags = Partial<Record<string, boolean>>;

export function toVariable(a: NdArray, trainable: boolean): tf.Variable {
  const initial = tf.tensor(a.data, a.shape);
  const variable = tf.variable(initial, trainable); // a copy: the initial tensor is ours to free
  initial.dispose();
  return variable;
}

export async function toNdArray(t: tf.Tensor): Promise<NdArray> {
  const data = (await t.data()) as Float32Array;
  return { data: Float32Array.from(data), shape: [...t.shape] };
}

/** The row [1, n] holding the diagonal of an n×n matrix (Dale matrices are diagonal). */
export function diagonalRow(m: NdArray): tf.Tensor2D {
  const n = m.shape[0];
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = m.data[i * n + i];
  return tf.tensor2d(d, [1, n]);
}
