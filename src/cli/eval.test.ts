/**
 * `cogrnn eval` on a curriculum spec scores the spec's `task`, as training's final accuracy does, not the
 * curriculum's last stage. The two differ here by design: the stage always wants output 1, the task output 0.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { parseJsonStdout, runCli } from './testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'cogrnn-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const task = (direction: 0 | 1) => ({ name: 'PerceptualDiscrimination', dt: 10, tau: 50, T: 200, N_batch: 64, direction });
const spec = {
  version: 2,
  seed: 3,
  task: task(0),
  model: { N_rec: 8 },
  curriculum: { stages: [task(1)], thresholds: [1000], metric: 'iterations', metric_epoch: 5 },
  training: { training_iters: 64 * 30, loss_epoch: 5, optimizer: { type: 'adam', learning_rate: 0.01 } },
};

it('eval of a curriculum spec scores spec.task, agreeing with training\'s final accuracy, not the last stage', async () => {
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
  writeFileSync(join(dir, 'last-stage.json'), JSON.stringify({ ...spec, task: task(1), curriculum: null }));
  const trained = parseJsonStdout(expect, await runCli(['train', 'spec.json', '--backend', 'cpu', '--json', '--out', 'w.npz'], dir, 120_000));
  const [onSpec, onStage] = await Promise.all(
    ['spec.json', 'last-stage.json'].map(async (file) => parseJsonStdout(expect, await runCli(['eval', '--weights', 'w.npz', '--task', file, '--json'], dir))),
  );
  // trained on the stage (always output 1): right on the stage, wrong on the task (direction 0)
  expect(onStage.accuracy).toBeGreaterThan(0.9);
  expect(trained.accuracy).toBeLessThan(0.1);
  expect(onSpec).toMatchObject({ trials: 64, task: 'PerceptualDiscrimination' });
  expect(Math.abs((onSpec.accuracy as number) - (trained.accuracy as number))).toBeLessThanOrEqual(0.1);
}, 180_000);
