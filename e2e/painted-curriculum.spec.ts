/**
 * Issue 11's whole flow, as a person does it in the page: paint a two-region network under Dale's principle (the
 * presets, then the region 2 → region 1 pathway cut with forbidden rectangles dragged on W_rec), fix the E → I
 * weights (a preset) and a block by hand, forbid autapses, build PsychRNN's four-stage coherence curriculum (0.7 → 0.5 → 0.3 → 0.1 at 0.9) stage by stage in the
 * editor, train it to 90 % and download the weights — which must show every painted constraint: forbidden entries
 * exactly 0, fixed entries exactly the weights the run started from (the file holds them), the Dale signs.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { INITIAL_KEYS } from '../src/core/io/experiment-file.ts';
import { readNpz } from '../src/core/io/npz.ts';
import { npzRows } from '../src/core/testing/npz-rows.ts';
import { dragOnMask, savedSpec, setField, waitForRunEnd } from './training.ts';

const N_rec = 50;
const N_E = 40; // ⌊0.8 · 50⌋
/** Two regions of 25 units, each with its share of E and of I: region 1 is E 0–19 and I 40–44, region 2 E 20–39 and I 45–49. */
const inRegion1 = (unit: number) => unit < 20 || (unit >= 40 && unit < 45);
/** The cells from region 2 (columns, presynaptic) onto region 1 (rows, postsynaptic): four blocks, [rows, columns]. */
const CUT: [[number, number], [number, number]][] = [
  [[0, 19], [20, 39]],
  [[0, 19], [45, 49]],
  [[40, 44], [20, 39]],
  [[40, 44], [45, 49]],
];
const COHERENCES = [0.7, 0.5, 0.3, 0.1];
/** A fixed rectangle painted with the mouse: [rows, columns] */
const FIXED_BY_HAND: [[number, number], [number, number]] = [[20, 29], [30, 39]];
const inside = (x: number, [lo, hi]: [number, number]) => x >= lo && x <= hi;

test('paint two Dale regions with a cut pathway and fixed E→I weights, build the four-stage curriculum, train to 90 %, and the weights show it all', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  const recGrid = page.getByTestId('mask-grid-rec');
  await page.getByTestId('backend-select').selectOption('wasm');
  await setField(page, 'Training trials', 200_000); // the curriculum ends the run when its last stage is reached

  // 1. Dale's principle, E then I
  await page.getByTestId('mask-preset').selectOption('dale');
  await page.getByTestId('mask-preset-apply').click();
  await expect(page.getByLabel('Dale ratio', { exact: true })).toHaveValue('0.8');
  await expect(page.getByTestId('mask-dale-axis')).toBeVisible();

  // 2. two regions with E and I in each: inputs reach region 1, region 2 drives the outputs; region 2 → 1 allowed
  //    here (the preset's default cuts it), so that the cut is painted by hand
  await page.getByTestId('mask-preset').selectOption('regions');
  await expect(page.getByTestId('mask-preset-mixed')).toBeChecked();
  await page.getByLabel('Density region 2 → region 1').fill('1');
  await page.getByTestId('mask-preset-apply').click();

  // 3. the cut, painted: four forbidden rectangles, region 2's E and I columns onto region 1's E and I rows
  await page.getByTestId('mask-layer').selectOption('connectivity');
  await page.getByTestId('mask-tool').selectOption('rectangle');
  await page.getByTestId('mask-value').selectOption('forbid');
  for (const [[top, bottom], [left, right]] of CUT) await dragOnMask(page, recGrid, [top, left], [bottom, right], 8);

  // 4. the E → I weights fixed at their initial values
  await page.getByTestId('mask-preset').selectOption('fixed-ei');
  await page.getByRole('checkbox', { name: 'I→E' }).uncheck();
  await page.getByTestId('mask-preset-apply').click();

  // 5. by hand, a fixed block inside region 2's excitatory population (E 30–39 onto E 20–29), and no autapses
  await page.getByTestId('mask-layer').selectOption('plasticity');
  await page.getByTestId('mask-value').selectOption('fix');
  await dragOnMask(page, recGrid, [FIXED_BY_HAND[0][0], FIXED_BY_HAND[1][0]], [FIXED_BY_HAND[0][1], FIXED_BY_HAND[1][1]], 8);
  await page.getByTestId('mask-preset').selectOption('no-autapses');
  await page.getByTestId('mask-preset-apply').click();

  const constraints = (await savedSpec(page)).model.constraints;
  expect(constraints.dale_ratio).toBe(0.8);
  const rec: number[][] = constraints.rec_connectivity;
  const input: number[][] = constraints.input_connectivity;
  const output: number[][] = constraints.output_connectivity;
  const fixed: number[][] = constraints.fixed_weights.W_rec;
  for (let i = 0; i < N_rec; i++) {
    for (let j = 0; j < N_rec; j++) if (inRegion1(i) && !inRegion1(j)) expect(rec[i][j], `rec_connectivity[${i}][${j}]`).toBe(0);
    expect(input[i], `input_connectivity[${i}]`).toEqual(inRegion1(i) ? [1, 1] : [0, 0]);
    for (let j = 0; j < N_rec; j++) {
      const byHand = inside(i, FIXED_BY_HAND[0]) && inside(j, FIXED_BY_HAND[1]);
      expect(fixed[i][j], `fixed W_rec[${i}][${j}]`).toBe((i >= N_E && j < N_E) || byHand ? 1 : 0);
    }
    expect(rec[i][i], `no autapse at ${i}`).toBe(0);
  }
  expect(output).toEqual([0, 1].map(() => Array.from({ length: N_rec }, (_, j) => (inRegion1(j) ? 0 : 1))));
  // region 2 onto itself and region 1 onto region 2 stay allowed (the preset's densities 1 and 0.2 elsewhere)
  expect(rec[30][35] + rec[47][25]).toBe(2);

  // 6. PsychRNN's curriculum, stage by stage: Add stage copies the task (or the last stage); each gets its coherence
  for (const [k, coherence] of COHERENCES.entries()) {
    await page.getByTestId('add-stage').click();
    await setField(page, `Coherence (stage ${k + 1})`, coherence);
    await expect(page.getByTestId(`stage-${k + 1}-threshold`)).toHaveValue('0.9');
  }
  const curriculum = (await savedSpec(page)).curriculum;
  expect(curriculum.stages.map((s: { coherence: number }) => s.coherence)).toEqual(COHERENCES);
  expect(curriculum).toMatchObject({ thresholds: [0.9, 0.9, 0.9, 0.9], metric: 'accuracy' });

  // 7. train until the last stage is passed
  const started = Date.now();
  await page.getByTestId('train-button').click();
  await waitForRunEnd(page, 240_000);
  const seconds = (Date.now() - started) / 1000;
  const status = (await page.getByTestId('status-message').textContent()) ?? '';
  const [, accuracy, trials] = /accuracy ([\d.]+) on a fresh batch after (\d+) trials/.exec(status) ?? [];
  console.log(`[e2e] painted two-region Dale network, 4-stage curriculum: accuracy ${accuracy} after ${trials} trials, ${seconds.toFixed(1)} s from Train`);
  expect(Number(accuracy)).toBeGreaterThanOrEqual(0.9);
  await expect(page.getByTestId('stage-indicator')).toHaveText(/^4 \/ 4 · coherence 0\.1/);
  const marks = await page
    .getByTestId('loss-plot')
    .locator('.js-plotly-plot')
    .evaluate((el) => ((el as unknown as { layout: { annotations?: { text: string }[] } }).layout.annotations ?? []).map((a) => a.text));
  expect(marks).toEqual(['Stage 2 · coherence 0.5', 'Stage 3 · coherence 0.3', 'Stage 4 · coherence 0.1']);

  // 8. the downloaded weights show every painted constraint
  const download = page.waitForEvent('download');
  await page.getByTestId('download-weights').click();
  const entries = readNpz(new Uint8Array(readFileSync((await (await download).path()) as string)));
  const [W_rec, W0_rec, W_in, W_out] = ['W_rec', INITIAL_KEYS.W_rec, 'W_in', 'W_out'].map((key) => npzRows(entries, key));
  let moved = 0;
  for (let i = 0; i < N_rec; i++) {
    for (let j = 0; j < N_rec; j++) {
      const at = `W_rec[${i}][${j}]`;
      if (rec[i][j] === 0) expect(Math.abs(W_rec[i][j]), at).toBe(0); // −0 under an inhibitory column's sign
      else if (fixed[i][j] === 1) expect(W_rec[i][j], at).toBe(W0_rec[i][j]);
      else if (W_rec[i][j] !== W0_rec[i][j]) moved++;
      expect(j < N_E ? W_rec[i][j] >= 0 : W_rec[i][j] <= 0, `${at} has unit ${j}'s Dale sign`).toBe(true);
    }
    for (let k = 0; k < 2; k++) if (input[i][k] === 0) expect(Math.abs(W_in[i][k]), `W_in[${i}][${k}]`).toBe(0);
  }
  for (let o = 0; o < 2; o++) for (let j = 0; j < N_rec; j++) if (output[o][j] === 0 || j >= N_E) expect(Math.abs(W_out[o][j]), `W_out[${o}][${j}]`).toBe(0);
  const forbidden = rec.flat().filter((v) => v === 0).length;
  const held = fixed.flat().filter((v, k) => v === 1 && rec.flat()[k] === 1).length;
  console.log(`[e2e] downloaded W_rec: ${forbidden} forbidden entries all exactly 0, ${held} fixed entries all equal to cogrnn_initial_W_rec, ${moved} trained entries moved`);
  expect(W0_rec.slice(N_E).flatMap((row) => row.slice(0, N_E)).filter((w) => w > 0).length).toBeGreaterThan(100); // real E→I weights held still
  expect(moved).toBeGreaterThan(500);
});
