/**
 * The fused WebGPU Adam step (Optimizer.applyRaw on webgpu) against the op-by-op TF1 Adam with PsychRNN's
 * masking and clipping (prepareGradient + Optimizer.apply) on the cpu backend, over several steps: with and
 * without clipping, gradients whose norm is above and below 1, fixed entries, sizes spanning one and many
 * workgroups. WebGPU runs through Dawn (the `webgpu` package), on SwiftShader without a GPU; without any
 * driver the suite is skipped.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../testing/node-backends.ts';
import { Rng } from '../../rng.ts';
import { type AdamProblem, randomAdamProblem, runAdamSteps } from '../../testing/adam-steps.ts';
import { expectClose } from '../../testing/close.ts';
import { hasFusedAdam } from '../adam-step.ts';

const unavailable = await useBackend('webgpu').then(() => null, (error: Error) => error.message);
if (unavailable) console.warn(`skipping the fused WebGPU Adam tests: ${unavailable}`);
afterAll(() => useBackend('cpu'));

async function compare(p: AdamProblem, clip: boolean): Promise<void> {
  await useBackend('cpu');
  const want = await runAdamSteps(p, clip, false);
  await useBackend('webgpu');
  expect(hasFusedAdam(tf.getBackend())).toBe(true);
  const tensorsBefore = tf.memory().numTensors;
  const got = await runAdamSteps(p, clip, true);
  expect(tf.memory().numTensors, 'tensors left behind').toBe(tensorsBefore);
  for (const name of Object.keys(want)) expectClose(name, got[name], want[name], 1e-5);
}

describe.skipIf(unavailable !== null)('fused Adam step on WebGPU', () => {
  const shapes = { W_in: [50, 2], W_rec: [50, 50], W_out: [2, 50], b_rec: [50], b_out: [2], init_state: [1, 50], big: [37, 301] };
  const masked = ['W_in', 'W_rec', 'big'];

  it('equals the op-by-op update with clipping and fixed entries', async () => {
    await compare(randomAdamProblem(new Rng(1), shapes, masked, 3), true);
  });

  it('equals the op-by-op update without clipping', async () => {
    await compare(randomAdamProblem(new Rng(2), shapes, masked, 3), false);
  });

  it('leaves fixed entries where they were', async () => {
    const p = randomAdamProblem(new Rng(3), { W_rec: [20, 20] }, ['W_rec'], 2);
    await useBackend('webgpu');
    const got = await runAdamSteps(p, true, true);
    p.fixed.W_rec.forEach((isFixed, k) => {
      if (isFixed) expect(got.W_rec[k]).toBe(p.initial.W_rec[k]);
    });
  });

  it('covers a variable past 32,768 workgroups (the grid wraps into y)', async () => {
    await compare(randomAdamProblem(new Rng(4), { huge: [1500, 1500] }, [], 1), false);
  }, 120_000);
});
