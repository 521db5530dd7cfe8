/**
 * IntervalDiscrimination trains through the CLI: `cogrnn train` on a small spec (NeuroGym's periods, the durations
 * 300, 375, …, 600 ms; N_rec 32, 6 400 trials, Adam 0.003), then `cogrnn eval` on 512 fresh trials must score
 * ≥ 0.85 with PsychRNN's argmax accuracy. The run is deterministic for its seed: eval measured 1.0000; train
 * 7–8 s, the whole test 17 s on the shared 2-core machine.
 */
import { expect, it } from 'vitest';
import { trainThenEvaluate } from './testing.ts';

const task = { name: 'IntervalDiscrimination', dt: 20, tau: 100, T: 3725, N_batch: 32 };
const spec = {
  version: 2,
  seed: 1,
  task,
  model: { N_rec: 32 },
  training: { training_iters: 6400, loss_epoch: 25, optimizer: { type: 'adam', learning_rate: 0.003 } },
};

it('trains IntervalDiscrimination to ≥ 0.85 accuracy on fresh trials', { timeout: 180_000 }, async () => {
  const { trained, evaluated } = await trainThenEvaluate(expect, spec, { trials: 512 });
  expect(trained).toMatchObject({ trials: 6400, stopReason: 'completed' });
  expect(evaluated.accuracy).toBeGreaterThanOrEqual(0.85);
});
