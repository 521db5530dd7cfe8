/**
 * The fused WebGPU Adam step (Optimizer.applyRaw on webgpu) against the op-by-op TF1 Adam with PsychRNN's
 * masking and clipping (prepareGradient + Optimizer.apply) on the cpu backend, over several steps: with and
 * without clipping, gradients whose norm is above and below 1, fixed entries, sizes spanning one and many
 * workgroups. WebGPU runs through Dawn (the `webgpu` package), on SwiftShader without a GPU; without any
 * driver the suite is skipped.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../cli/backends.ts';
import { Rng } from '../../rng.ts';
import { expectClose, normals } from '../../testing/close.ts';
import { Optimizer, type OptimizerConfig, prepareGradient } from '../../train/optimizer.ts';
import { hasFusedAdam } from '../adam-step.ts';

const unavailable = await useBackend('webgpu').then(() => null, (error: Error) => error.message);
if (unavailable) console.warn(`skipping the fused WebGPU Adam tests: ${unavailable}`);
afterAll(() => useBackend('cpu'));

const ADAM: OptimizerConfig = { type: 'adam', learning_rate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

interface Problem {
  shapes: Record<string, number[]>;
  initial: Record<string, Float32Array>;
  /** per step, per variable */
  gradients: Record<string, Float32Array>[];
  fixed: Record<string, Float32Array>;
}

/** Variables, gradient sequences (scaled so that some norms are under 1 and some over) and fixed-entry masks. */
function problem(shapes: Record<string, number[]>, masked: string[], steps: number, seed: number): Problem {
  const rng = new Rng(seed);
  const size = (name: string) => shapes[name].reduce((a, b) => a * b, 1);
  const names = Object.keys(shapes);
  return {
    shapes,
    initial: Object.fromEntries(names.map((n) => [n, normals(rng, size(n))])),
    gradients: Array.from({ length: steps }, (_, step) =>
      Object.fromEntries(names.map((n, k) => [n, normals(rng, size(n), (k + step) % 2 ? 3 / Math.sqrt(size(n)) : 0.2 / Math.sqrt(size(n)))])),
    ),
    fixed: Object.fromEntries(masked.map((n) => [n, Float32Array.from({ length: size(n) }, () => (rng.uniform() < 0.3 ? 1 : 0))])),
  };
}

/** Runs the steps on the active backend; the fused path when `fused`, else prepareGradient + apply. */
async function train(p: Problem, clip: boolean, fused: boolean): Promise<Record<string, Float32Array>> {
  // tidy disposes each initial tensor; the variables hold their own reference
  const variables = tf.tidy(() => Object.fromEntries(Object.entries(p.shapes).map(([n, shape]) => [n, tf.variable(tf.tensor(p.initial[n], shape), true)])));
  const fixed = Object.fromEntries(Object.entries(p.fixed).map(([n, m]) => [n, tf.tensor(m, p.shapes[n])]));
  const optimizer = new Optimizer(ADAM);
  try {
    for (const step of p.gradients) {
      tf.tidy(() => {
        const gradients = Object.fromEntries(Object.entries(step).map(([n, g]) => [n, tf.tensor(g, p.shapes[n])]));
        if (fused) optimizer.applyRaw(variables, gradients, fixed, clip);
        else optimizer.apply(variables, Object.fromEntries(Object.entries(gradients).map(([n, g]) => [n, prepareGradient(g, fixed[n], clip)])));
      });
    }
    const slots = await optimizer.exportSlots();
    const out: Record<string, Float32Array> = {};
    for (const [n, v] of Object.entries(variables)) {
      out[n] = (await v.data()) as Float32Array;
      out[`${n}/Adam`] = slots[`${n}/Adam`].data as Float32Array;
      out[`${n}/Adam_1`] = slots[`${n}/Adam_1`].data as Float32Array;
    }
    return out;
  } finally {
    optimizer.dispose();
    tf.dispose([...Object.values(variables), ...Object.values(fixed)]);
  }
}

async function compare(p: Problem, clip: boolean): Promise<void> {
  await useBackend('cpu');
  const want = await train(p, clip, false);
  await useBackend('webgpu');
  expect(hasFusedAdam(tf.getBackend())).toBe(true);
  const tensorsBefore = tf.memory().numTensors;
  const got = await train(p, clip, true);
  expect(tf.memory().numTensors, 'tensors left behind').toBe(tensorsBefore);
  for (const name of Object.keys(want)) expectClose(name, got[name], want[name], 1e-5);
}

describe.skipIf(unavailable !== null)('fused Adam step on WebGPU', () => {
  const shapes = { W_in: [50, 2], W_rec: [50, 50], W_out: [2, 50], b_rec: [50], b_out: [2], init_state: [1, 50], big: [37, 301] };
  const masked = ['W_in', 'W_rec', 'big'];

  it('equals the op-by-op update with clipping and fixed entries', async () => {
    await compare(problem(shapes, masked, 3, 1), true);
  });

  it('equals the op-by-op update without clipping', async () => {
    await compare(problem(shapes, masked, 3, 2), false);
  });

  it('leaves fixed entries where they were', async () => {
    const p = problem({ W_rec: [20, 20] }, ['W_rec'], 2, 3);
    await useBackend('webgpu');
    const got = await train(p, true, true);
    p.fixed.W_rec.forEach((isFixed, k) => {
      if (isFixed) expect(got.W_rec[k]).toBe(p.initial.W_rec[k]);
    });
  });

  it('covers a variable past 32,768 workgroups (the grid wraps into y)', async () => {
    await compare(problem({ huge: [1500, 1500] }, [], 1, 4), false);
  }, 120_000);
});
