/**
 * A painted network trains through the CLI and its weights file shows every constraint: two regions under Dale's
 * principle (units 0–3 and 8 are region 1, 4–7 and 9 region 2; the first 8 excitatory), the inputs reaching only
 * region 1 and only region 2 driving the outputs, the region 2 → region 1 pathway cut, and the E → I weights fixed.
 * Forbidden entries must be exactly 0, fixed ones exactly the initial weights the file also holds
 * (`cogrnn_initial_W_rec`), and the rest must have moved.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { INITIAL_KEYS } from '../core/io/experiment-file.ts';
import { readNpz } from '../core/io/npz.ts';
import { npzRows } from '../core/testing/npz-rows.ts';
import { describeRun, runCli } from './testing.ts';

const N_rec = 10;
const N_E = 8;
const region1 = (i: number) => i < 4 || i === 8;
const grid = (rows: number, cols: number, on: (i: number, j: number) => boolean) =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (on(i, j) ? 1 : 0)));
const constraints = {
  dale_ratio: 0.8,
  input_connectivity: grid(N_rec, 2, (i) => region1(i)),
  rec_connectivity: grid(N_rec, N_rec, (i, j) => !(region1(i) && !region1(j))), // post i ← pre j: no region 2 → region 1
  output_connectivity: grid(2, N_rec, (_, j) => !region1(j)),
  fixed_weights: { W_rec: grid(N_rec, N_rec, (i, j) => i >= N_E && j < N_E) }, // E → I
};
const spec = {
  version: 2,
  seed: 3,
  task: { name: 'PerceptualDiscrimination', dt: 10, tau: 100, T: 300, N_batch: 16 },
  model: { N_rec, constraints },
  training: { training_iters: 320, loss_epoch: 5, optimizer: { type: 'adam', learning_rate: 0.01 } },
};

it('keeps forbidden weights at exactly 0, fixed ones at their initial values, and Dale signs', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cogrnn-painted-'));
  try {
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
    const result = await runCli(['train', 'spec.json', '--backend', 'cpu', '--json', '--out', 'w.npz'], dir, 100_000);
    expect(result.code, describeRun(result)).toBe(0);
    const entries = readNpz(new Uint8Array(readFileSync(join(dir, 'w.npz'))));
    const [W_rec, W0_rec, W_in, W_out] = ['W_rec', INITIAL_KEYS.W_rec, 'W_in', 'W_out'].map((key) => npzRows(entries, key));
    let moved = 0;
    for (let i = 0; i < N_rec; i++) {
      for (let j = 0; j < N_rec; j++) {
        const at = `W_rec[${i}][${j}]`;
        if (!constraints.rec_connectivity[i][j]) expect(Math.abs(W_rec[i][j]), at).toBe(0); // −0 under an inhibitory sign
        else if (constraints.fixed_weights.W_rec[i][j]) expect(W_rec[i][j], at).toBe(W0_rec[i][j]);
        else if (W_rec[i][j] !== W0_rec[i][j]) moved++;
        // Dale: column j carries unit j's sign (excitatory ≥ 0, inhibitory ≤ 0)
        expect(j < N_E ? W_rec[i][j] >= 0 : W_rec[i][j] <= 0, at).toBe(true);
      }
      for (let k = 0; k < 2; k++) if (!constraints.input_connectivity[i][k]) expect(Math.abs(W_in[i][k]), `W_in[${i}][${k}]`).toBe(0);
    }
    for (let o = 0; o < 2; o++) for (let j = 0; j < N_rec; j++) if (!constraints.output_connectivity[o][j]) expect(Math.abs(W_out[o][j]), `W_out[${o}][${j}]`).toBe(0);
    // the E → I block holds real weights (not zeros that trivially stay put), and training moved the free ones
    expect(W0_rec.slice(N_E).flatMap((row) => row.slice(0, N_E)).some((w) => w > 0)).toBe(true);
    expect(moved).toBeGreaterThan(20);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
