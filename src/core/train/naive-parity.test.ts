/**
 * The benchmark's naive tf.js baseline (bench/naive.ts) trains the same model as our engine: on the same
 * weights and batch it computes the same loss, and one Adam step moves both to the same loss. A check that
 * the benchmark compares like with like; no timing here.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { naiveRnnFor } from '../../../bench/naive.ts';
import { Rng } from '../rng.ts';
import { createTask } from '../tasks/registry.ts';
import { useCpuBackend } from '../testing/backend.ts';
import { tinySpec } from '../testing/tiny.ts';
import { Trainer } from './trainer.ts';

beforeAll(useCpuBackend);

describe('naive benchmark baseline', () => {
  it('has the engine\'s loss before and after one Adam step on a tiny network', async () => {
    const spec = tinySpec({ model: { N_rec: 6 } });
    const batch = createTask(spec.task, new Rng(3)).getTrialBatch();
    const trainer = new Trainer(spec);
    const naive = naiveRnnFor(spec);
    const naiveLoss = () =>
      tf.tidy(() => {
        const [x, y, mask] = [batch.x, batch.y, batch.mask].map((a) => tf.tensor3d(a.data, a.shape));
        return naive.loss(x, y, mask).dataSync()[0];
      });
    const engineLoss = async () => (await trainer.evaluateBatch(batch)).loss;

    const before = await engineLoss();
    expect(before).toBeGreaterThan(0);
    expect(naiveLoss()).toBeCloseTo(before, 6);

    // Adam's first step is lr·g/|g| per entry in both (TF1's and tf.js's ε placements differ negligibly,
    // and clipping only rescales g), so the losses after it agree too.
    trainer.step(batch);
    tf.dispose(naive.step(batch));
    const after = await engineLoss();
    expect(after).not.toBeCloseTo(before, 6);
    expect(Math.abs(naiveLoss() - after) / after).toBeLessThan(1e-4);

    trainer.dispose();
    naive.dispose();
  });
});
