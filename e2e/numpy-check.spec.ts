/**
 * A network downloaded from the page loads in numpy with PsychRNN's keys, dtypes and shapes, and a few lines of
 * numpy implementing PsychRNN's BasicSimulator step (e2e/numpy-check.py) give our simulator's outputs and states
 * on the same file and inputs, to float tolerance.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { loadExperimentNpz } from '../src/core/io/experiment-file.ts';
import { BasicSimulator } from '../src/core/sim/simulator.ts';
import { download, trainTiny } from './file-helpers.ts';

/** Why numpy cannot be run here, or null. */
function numpyMissing(): string | null {
  const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (probe.error) return `skipped: python3 is not on this machine (${probe.error.message})`;
  if (probe.status !== 0) return `skipped: python3 has no numpy (${probe.stderr.trim().split('\n').at(-1)})`;
  return null;
}

/** Fixed inputs [B, N_steps, N_in]: smooth, different per trial and channel, some negative. */
function fixedInputs(B: number, steps: number, N_in: number): number[][][] {
  return Array.from({ length: B }, (_, b) =>
    Array.from({ length: steps }, (_, t) => Array.from({ length: N_in }, (_, i) => Math.fround(Math.sin(0.3 * t + b + 2 * i) * (1 + 0.5 * i)))),
  );
}

test('a downloaded network reads in numpy with PsychRNN’s layout and simulates as ours does', async ({ page }) => {
  const missing = numpyMissing();
  test.skip(missing !== null, missing ?? '');
  test.setTimeout(120_000);
  await page.goto('/');
  await trainTiny(page);
  const weightsFile = await download(page, 'download-weights');
  const weightsPath = test.info().outputPath('weights.npz');
  writeFileSync(weightsPath, weightsFile.bytes);

  const { weights, spec } = loadExperimentNpz(new Uint8Array(weightsFile.bytes));
  if (weights.model !== 'basic' || !spec) throw new Error('expected a basic network with its spec');
  const alpha = spec.task.dt / spec.task.tau;
  const x = fixedInputs(3, 25, weights.N_in);
  const inputsPath = test.info().outputPath('inputs.json');
  writeFileSync(inputsPath, JSON.stringify({ alpha, x }));

  const run = spawnSync('python3', ['e2e/numpy-check.py', weightsPath, inputsPath], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const numpy = JSON.parse(run.stdout) as { numpy: string; dims: object; problems: string[]; layout: Record<string, [string, number[]]>; outputs: number[][][]; states: number[][][] };
  console.log(`[e2e] numpy ${numpy.numpy} read ${Object.keys(numpy.layout).length} PsychRNN arrays: ${JSON.stringify(numpy.layout.W_rec)} W_rec`);
  expect(numpy.problems).toEqual([]);
  expect(numpy.dims).toEqual({ N_in: weights.N_in, N_rec: weights.N_rec, N_out: weights.N_out });

  const ours = new BasicSimulator(weights, { alpha, precision: 'float64' }).runTrials({ data: Float64Array.from(x.flat(2)), shape: [3, 25, weights.N_in] });
  const compare = (name: string, theirs: number[][][], mine: Float64Array) => {
    const flat = theirs.flat(2);
    expect(flat.length, name).toBe(mine.length);
    const worst = Math.max(...flat.map((v, k) => Math.abs(v - mine[k]) / (1 + Math.abs(v))));
    console.log(`[e2e] ${name}: largest relative difference numpy vs ours ${worst.toExponential(2)}`);
    // PsychRNN's own simulator test holds BasicSimulator to the TF model within 1e-6
    expect(worst, `${name}: largest difference numpy vs ours`).toBeLessThan(1e-6);
  };
  compare('outputs', numpy.outputs, ours.outputs.data);
  compare('states', numpy.states, ours.states.data);
});
