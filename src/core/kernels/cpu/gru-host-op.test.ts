/**
 * The fused GRU inside the model on the cpu and wasm backends: the gradients of reg_loss (MSE + L2 firing rate, so
 * that the states' BPTT runs too) with respect to every variable equal those of the op-by-op graph, with
 * init_hidden per batch row and shared from row 0, and no tensor leaks; on both SIMD builds of the kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../testing/node-backends.ts';
import type { KernelChoice } from '../../model/basic.ts';
import { GRU_VARIABLES, GruRnn } from '../../model/gru.ts';
import { gruInitializer } from '../../model/initializers.ts';
import type { GruWeights } from '../../model/weights.ts';
import { Rng } from '../../rng.ts';
import perceptualDiscrimination from '../../tasks/perceptual-discrimination.ts';
import { buildTask } from '../../tasks/task.ts';
import { objectiveGradients } from '../../testing/objective-gradients.ts';
import { relativeDifference } from '../../testing/relative-difference.ts';
import { describeEachSimd } from '../../testing/simd.ts';
import { tinyRawWeights } from '../../testing/tiny.ts';
import { NO_REGULARIZATION } from '../../train/regularizers.ts';
import { meanSquaredError } from '../../train/losses.ts';

afterAll(() => useBackend('cpu'));

async function gradients(kernel: KernelChoice, initialRows: number) {
  const base = tinyRawWeights({ N_in: 2, N_rec: 9, N_out: 2, masks: false, transfer_function: 'tanh', seed: 4 });
  const extra = gruInitializer({ N_in: 2, N_rec: 9, N_out: 2, N_batch: initialRows }, new Rng(8));
  const raw: GruWeights = { ...base, ...extra, model: 'gru' };
  const batch = buildTask(perceptualDiscrimination, { dt: 10, tau: 100, T: 150, N_batch: 6 }, new Rng(2)).getTrialBatch();
  const net = new GruRnn(raw, { alpha: 0.1, kernel });
  expect(net.fused).toBe(kernel === 'auto');
  try {
    return await objectiveGradients(net, batch, new Rng(1), { loss: meanSquaredError, regularization: { ...NO_REGULARIZATION, L2_firing_rate: 0.3 } }, GRU_VARIABLES);
  } finally {
    net.dispose();
  }
}

describeEachSimd('the fused GRU op', () => describe.each(['cpu', 'wasm'] as const)('on %s', (backend) => {
  it.each([6, 1])('equals the op-by-op gradients with %i init_hidden rows', async (rows) => {
    await useBackend(backend);
    const before = tf.memory().numTensors;
    const fused = await gradients('auto', rows);
    const perStep = await gradients('per-step', rows);
    expect(tf.memory().numTensors, 'no tensor leaks').toBe(before);
    expect(Math.abs(fused.loss - perStep.loss) / perStep.loss).toBeLessThan(1e-5);
    for (const name of GRU_VARIABLES) {
      const { relative } = relativeDifference(fused.grads[name], perStep.grads[name]);
      expect(relative, `${name}: max |fused − per-step| / max |per-step|`).toBeLessThan(1e-4);
    }
  });
}));
