/**
 * Training with the same seed on 1 and on 2 kernel threads: a few Adam steps of the Trainer (fused kernel, cpu
 * backend) give the same loss curve to TRAINING_TOLERANCE — the threads change only the order in which the
 * weight gradients' per-trial terms are summed (rnn-threads.test.ts), which Adam carries into the next steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Trainer } from '../../../train/trainer.ts';
import { useCpuBackend } from '../../../testing/backend.ts';
import { tinySpec } from '../../../testing/tiny.ts';
import { startKernelThreads, stopKernelThreads } from './threads.ts';

/** relative difference of each loss; measured 0 here (the loss curves came out bit-equal over these 8 steps) */
const TRAINING_TOLERANCE = 1e-5;

beforeAll(useCpuBackend);
afterAll(stopKernelThreads);

async function lossCurve(threads: number): Promise<number[]> {
  await startKernelThreads(threads);
  const spec = tinySpec({ task: { name: 'PerceptualDiscrimination', T: 100, N_batch: 40 }, model: { N_rec: 12, rec_noise: 0.1 } });
  const trainer = new Trainer({ ...spec, seed: 7, training: { ...spec.training, training_iters: 8 * 40, loss_epoch: 1 } });
  const { losses } = await trainer.train();
  trainer.dispose();
  return losses;
}

describe('training on kernel threads', () => {
  it('gives the 1-thread loss curve with 2 threads, the same seed', async () => {
    const one = await lossCurve(1);
    const two = await lossCurve(2);
    expect(two.length).toBe(8);
    expect(one.length).toBe(8);
    expect(new Set(one).size, 'the loss moves').toBeGreaterThan(1);
    const worst = Math.max(...one.map((l, k) => Math.abs(two[k] - l) / Math.abs(l)));
    expect(worst).toBeLessThanOrEqual(TRAINING_TOLERANCE);
  });
});
