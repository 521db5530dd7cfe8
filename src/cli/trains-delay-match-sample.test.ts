/**
 * DelayMatchSample trains through the CLI: `cogrnn train` on a small spec (the task's default timing with its
 * 1 000 ms delay, N_rec 32, 9 600 trials, Adam 0.003), then `cogrnn eval` on 256 fresh trials must score ≥ 0.85
 * with PsychRNN's argmax accuracy. The run is deterministic for its seed: eval measured 1.0000 (the training batch
 * reaches 1 at 5 600 trials); train 12 s, the whole test 16–25 s on the shared 2-core machine.
 */
import { expect, it } from 'vitest';
import { trainThenEvaluate } from './testing.ts';

const task = { name: 'DelayMatchSample', dt: 20, tau: 100, T: 2600, N_batch: 32 };
const spec = {
  version: 2,
  seed: 1,
  task,
  model: { N_rec: 32 },
  training: { training_iters: 9600, loss_epoch: 25, optimizer: { type: 'adam', learning_rate: 0.003 } },
};

it('trains DelayMatchSample to ≥ 0.85 accuracy on fresh trials', { timeout: 180_000 }, async () => {
  const { trained, evaluated } = await trainThenEvaluate(expect, spec);
  expect(trained).toMatchObject({ trials: 9600, stopReason: 'completed' });
  expect(evaluated.accuracy).toBeGreaterThanOrEqual(0.85);
});
