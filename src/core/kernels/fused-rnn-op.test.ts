/**
 * The fused op inside the model, on every Node backend (cpu, wasm, and webgpu through Dawn on SwiftShader when a
 * driver is present): gradients of reg_loss with respect to the RAW variables — through masks, Dale, every
 * regularizer including the firing rate, and recurrent noise — equal those of the op-by-op graph within 1e-4,
 * and training a tiny network follows the same loss curve with fixed weights kept fixed (on webgpu through the
 * fused Adam step too, ./adam-step.ts, against op-by-op Adam on cpu).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { NODE_BACKENDS, type NodeBackend, useBackend } from '../testing/node-backends.ts';
import { BASIC_VARIABLES, BasicRnn, type KernelChoice } from '../model/basic.ts';
import type { TransferFunctionName } from '../model/transfer.ts';
import { Rng } from '../rng.ts';
import perceptualDiscrimination from '../tasks/perceptual-discrimination.ts';
import { buildTask } from '../tasks/task.ts';
import { objectiveGradients } from '../testing/objective-gradients.ts';
import { relativeDifference } from '../testing/relative-difference.ts';
import { tinyRawWeights, tinySpec } from '../testing/tiny.ts';
import { meanSquaredError } from '../train/losses.ts';
import { Trainer } from '../train/trainer.ts';

const ALL_REGULARIZERS = { L1_in: 0.01, L1_rec: 0.02, L1_out: 0.03, L2_in: 0.04, L2_rec: 0.05, L2_out: 0.06, L2_firing_rate: 0.07 };

/** Why each backend cannot start here, or null when it can. */
async function unavailability(): Promise<Record<NodeBackend, string | null>> {
  const out = {} as Record<NodeBackend, string | null>;
  for (const name of NODE_BACKENDS) {
    out[name] = await useBackend(name).then(() => null, (error: Error) => error.message);
  }
  await useBackend('cpu');
  return out;
}
const unavailable = await unavailability();
for (const [name, why] of Object.entries(unavailable)) if (why) console.warn(`fused op tests skip ${name}: ${why}`);

afterAll(() => useBackend('cpu'));

/** ∂reg_loss/∂(raw variable) for every variable, with the recurrence run by `kernel`. */
async function gradients(kernel: KernelChoice, transfer: TransferFunctionName, N_rec: number) {
  const raw = tinyRawWeights({ N_in: 2, N_rec, N_out: 2, dale_ratio: 0.8, transfer_function: transfer, seed: N_rec });
  const batch = buildTask(perceptualDiscrimination, { dt: 10, tau: 100, T: 90, N_batch: 5 }, new Rng(7)).getTrialBatch();
  const net = new BasicRnn(raw, { alpha: 0.1, recNoise: 0.05, kernel });
  expect(net.fused, `kernel ${kernel} runs as asked`).toBe(kernel === 'auto');
  try {
    return await objectiveGradients(net, batch, new Rng(3), { loss: meanSquaredError, regularization: ALL_REGULARIZERS }, BASIC_VARIABLES);
  } finally {
    net.dispose();
  }
}

function expectClose(name: string, got: Float32Array, want: Float32Array) {
  expect(relativeDifference(got, want).relative, `${name}: max |fused − per-step| / max |per-step|`).toBeLessThan(1e-4);
}

describe.each(NODE_BACKENDS)('the fused op on %s', (backend) => {
  describe.skipIf(unavailable[backend] !== null)(`(${unavailable[backend] ?? 'available'})`, () => {
    const cases: [TransferFunctionName, number][] =
      backend === 'webgpu' ? [['relu', 6], ['tanh', 13]] : [['relu', 6], ['tanh', 13], ['sigmoid', 9], ['softplus', 9], ['linear', 5]];
    it.each(cases)('%s, N_rec %i: gradients through masks, Dale, noise and every regularizer equal the op-by-op graph\'s', async (transfer, N_rec) => {
      await useBackend(backend);
      const before = tf.memory().numTensors;
      const fused = await gradients('auto', transfer, N_rec);
      const perStep = await gradients('per-step', transfer, N_rec);
      expect(tf.memory().numTensors, 'no tensor leaks').toBe(before);
      expect(Math.abs(fused.loss - perStep.loss) / perStep.loss).toBeLessThan(1e-5);
      for (const name of BASIC_VARIABLES) expectClose(name, fused.grads[name], perStep.grads[name]);
    });

    it('trains a tiny network along the op-by-op loss curve (on cpu), fixed weights unchanged', async () => {
      const N_rec = 6;
      const fixed = Array.from({ length: N_rec }, (_, i) => Array.from({ length: N_rec }, (_, j) => ((i + j) % 3 === 0 ? 1 : 0)));
      const spec = tinySpec({
        task: { name: 'PerceptualDiscrimination', dt: 10, tau: 100, T: 100, N_batch: 16 },
        model: { N_rec, constraints: { dale_ratio: 0.5, fixed_weights: { W_rec: fixed } } },
        training: { training_iters: 5 * 16, loss_epoch: 1 },
      });
      const run = async (kernel: KernelChoice) => {
        await useBackend(kernel === 'auto' ? backend : 'cpu');
        const trainer = new Trainer(spec, { kernel });
        const start = await trainer.network.variables.W_rec.data();
        const result = await trainer.train();
        const end = await trainer.network.variables.W_rec.data();
        trainer.dispose();
        return { losses: result.losses, start, end };
      };
      const fused = await run('auto');
      const perStep = await run('per-step');
      expect(fused.losses.length).toBe(perStep.losses.length);
      fused.losses.forEach((loss, k) => expect(Math.abs(loss - perStep.losses[k]) / perStep.losses[k]).toBeLessThan(1e-3));
      fixed.flat().forEach((isFixed, k) => {
        if (isFixed) expect(fused.end[k], `fixed W_rec entry ${k}`).toBe(fused.start[k]);
      });
      expect(fused.end.some((v, k) => v !== fused.start[k]), 'the free entries train').toBe(true);
    });
  });
});
