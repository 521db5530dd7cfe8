/**
 * A person's own task file trains through the CLI: examples/tasks/noisy-mean-sign.ts (written from scratch against
 * the task API — one noisy input whose mean's sign is reported on two outputs after a go cue) with `--task-file`,
 * then `cogrnn eval --task noisy-mean-sign.ts` on fresh trials must score ≥ 0.9; and the spec the run records
 * (the task's source inside it) trains again as a plain `cogrnn train spec.json`. Deterministic for its seed: it
 * measured 0.94 on 64 trials after 6 400 (≈ 30 s of training on the shared 2-core machine).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { projectRoot } from '../core/testing/shared.ts';
import { parseJsonStdout, runCli } from './testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'cogrnn-custom-task-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = { version: 2, seed: 1, model: { N_rec: 50 }, training: { training_iters: 6400, loss_epoch: 10 } };

it('trains a task file to ≥ 0.9 accuracy on fresh trials, and its recorded spec trains again', { timeout: 300_000 }, async () => {
  copyFileSync(resolve(projectRoot, 'examples/tasks/noisy-mean-sign.ts'), join(dir, 'noisy-mean-sign.ts'));
  writeFileSync(join(dir, 'net.json'), JSON.stringify(spec));
  const trained = parseJsonStdout(
    expect,
    await runCli(['train', 'net.json', '--task-file', 'noisy-mean-sign.ts', '--backend', 'cpu', '--json', '--out', 'w.npz'], dir, 200_000),
  );
  expect(trained).toMatchObject({ trials: 6400, stopReason: 'completed' });
  expect(trained.accuracy).toBeGreaterThanOrEqual(0.9);

  const evaluated = parseJsonStdout(expect, await runCli(['eval', '--weights', 'w.npz', '--task', 'noisy-mean-sign.ts', '--seed', '3', '--json'], dir));
  expect(evaluated).toMatchObject({ task: 'NoisyMeanSign', trials: 64 });
  expect(evaluated.accuracy).toBeGreaterThanOrEqual(0.85);

  // a spec holding the task's source (as the page saves it) trains without the .ts file
  const source = readFileSync(join(dir, 'noisy-mean-sign.ts'), 'utf8');
  const task = { name: 'custom', source, file: 'noisy-mean-sign.ts', dt: 20, tau: 100, T: 1200, N_batch: 64, N_in: 2, N_out: 2, options: { noise: 0.3 } };
  writeFileSync(join(dir, 'custom.json'), JSON.stringify({ ...spec, task, training: { training_iters: 128 } }));
  const again = parseJsonStdout(expect, await runCli(['train', 'custom.json', '--backend', 'cpu', '--json'], dir, 100_000));
  expect(again).toMatchObject({ trials: 128, stopReason: 'completed' });
});
