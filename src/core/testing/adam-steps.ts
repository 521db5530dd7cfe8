/**
 * A few Adam steps from given weights and gradients, taken the trainer's way (Optimizer.applyRaw: fused programs
 * where the backend has them) or op by op (prepareGradient + Optimizer.apply): what the fused Adam step's Node test
 * and the in-browser kernel check compare.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng.ts';
import { Optimizer, type OptimizerConfig, prepareGradient } from '../train/optimizer.ts';
import { normals } from './close.ts';

export const ADAM: OptimizerConfig = { type: 'adam', learning_rate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

export interface AdamProblem {
  shapes: Record<string, number[]>;
  initial: Record<string, Float32Array>;
  /** per step, per variable */
  gradients: Record<string, Float32Array>[];
  /** 1 where an entry is fixed, for the masked variables */
  fixed: Record<string, Float32Array>;
}

/** Variables, gradient sequences (scaled so that some norms are under 1 and some over) and fixed-entry masks (30 %). */
export function randomAdamProblem(rng: Rng, shapes: Record<string, number[]>, masked: readonly string[], steps: number): AdamProblem {
  const size = (name: string) => shapes[name].reduce((a, b) => a * b, 1);
  const names = Object.keys(shapes);
  return {
    shapes,
    initial: Object.fromEntries(names.map((n) => [n, normals(rng, size(n))])),
    gradients: Array.from({ length: steps }, (_, step) =>
      Object.fromEntries(names.map((n, k) => [n, normals(rng, size(n), ((k + step) % 2 ? 3 : 0.2) / Math.sqrt(size(n)))])),
    ),
    fixed: Object.fromEntries(masked.map((n) => [n, Float32Array.from({ length: size(n) }, () => (rng.uniform() < 0.3 ? 1 : 0))])),
  };
}

/** The variables and their slots (`W_rec/Adam`, …) after the steps on the active backend, the trainer's way or op by op. */
export async function runAdamSteps(p: AdamProblem, clip: boolean, trainerPath: boolean): Promise<Record<string, Float32Array>> {
  // tidy disposes each initial tensor; the variables hold their own reference
  const variables = tf.tidy(() => Object.fromEntries(Object.entries(p.shapes).map(([n, shape]) => [n, tf.variable(tf.tensor(p.initial[n], shape), true)])));
  const fixed = Object.fromEntries(Object.entries(p.fixed).map(([n, m]) => [n, tf.tensor(m, p.shapes[n])]));
  const optimizer = new Optimizer(ADAM);
  try {
    for (const step of p.gradients) {
      tf.tidy(() => {
        const gradients = Object.fromEntries(Object.entries(step).map(([n, g]) => [n, tf.tensor(g, p.shapes[n])]));
        if (trainerPath) optimizer.applyRaw(variables, gradients, fixed, clip);
        else optimizer.apply(variables, Object.fromEntries(Object.entries(gradients).map(([n, g]) => [n, prepareGradient(g, fixed[n], clip)])));
      });
    }
    const out: Record<string, Float32Array> = {};
    for (const [n, v] of Object.entries(variables)) out[n] = (await v.data()) as Float32Array;
    for (const [n, slot] of Object.entries(await optimizer.exportSlots())) out[n] = slot.data as Float32Array;
    return out;
  } finally {
    optimizer.dispose();
    tf.dispose([...Object.values(variables), ...Object.values(fixed)]);
  }
}
