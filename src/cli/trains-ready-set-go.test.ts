/**
 * ReadySetGo trains through the CLI: `cogrnn train` on a small spec (the default intervals 494…847 ms, N_rec 32,
 * 3 200 trials, Adam 0.003), then `cogrnn eval` on 256 fresh trials must score ≥ 0.85 with the task's own accuracy
 * (the produced interval within 20 % + 25 ms of the target). The run is deterministic for its seed: eval measured
 * 1.0000; train 5 s, the whole test 11–12 s on the shared 2-core machine.
 */
import { expect, it } from 'vitest';
import { trainThenEvaluate } from './testing.ts';

const task = { name: 'ReadySetGo', dt: 20, tau: 100, T: 2660, N_batch: 32 };
const spec = {
  version: 2,
  seed: 1,
  task,
  model: { N_rec: 32 },
  training: { training_iters: 3200, loss_epoch: 25, optimizer: { type: 'adam', learning_rate: 0.003 } },
};

it('trains ReadySetGo to ≥ 0.85 accuracy on fresh trials', { timeout: 180_000 }, async () => {
  const { trained, evaluated } = await trainThenEvaluate(expect, spec);
  expect(trained).toMatchObject({ trials: 3200, stopReason: 'completed' });
  expect(evaluated.accuracy).toBeGreaterThanOrEqual(0.85);
});
