/**
 * ReadySetGo trains through the CLI: `cogrnn train` on a small spec (the default intervals 494…847 ms, N_rec 32,
 * 3 200 trials, Adam 0.003), then `cogrnn eval` on 256 fresh trials must score ≥ 0.85 with the task's own accuracy
 * (the produced interval within 20 % + 25 ms of the target). The run is deterministic for its seed: eval measured
 * 1.0000; train 5 s, the whole test 11–12 s on the shared 2-core machine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { parseJsonStdout, runCli } from './testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'cogrnn-rsg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const task = { name: 'ReadySetGo', dt: 20, tau: 100, T: 2660, N_batch: 32 };
const spec = {
  version: 2,
  seed: 1,
  task,
  model: { N_rec: 32 },
  training: { training_iters: 3200, loss_epoch: 25, optimizer: { type: 'adam', learning_rate: 0.003 } },
};

it('trains ReadySetGo to ≥ 0.85 accuracy on fresh trials', { timeout: 180_000 }, async () => {
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
  writeFileSync(join(dir, 'eval.json'), JSON.stringify({ version: 2, seed: 7, task: { ...task, N_batch: 256 } }));
  const trained = parseJsonStdout(expect, await runCli(['train', 'spec.json', '--backend', 'cpu', '--json', '--out', 'w.npz'], dir, 170_000));
  expect(trained).toMatchObject({ trials: 3200, stopReason: 'completed' });
  const evaluated = parseJsonStdout(expect, await runCli(['eval', '--weights', 'w.npz', '--task', 'eval.json', '--json'], dir));
  expect(evaluated).toMatchObject({ trials: 256, task: 'ReadySetGo' });
  expect(evaluated.accuracy).toBeGreaterThanOrEqual(0.85);
});
