/**
 * The weights view after training (issue 11): a tiny network with forbidden and fixed recurrent entries, stored as
 * the page's spec, trains; the weights plot's view switch then shows the trained W_rec (forbidden entries exactly 0),
 * its change since the start (fixed entries exactly 0, the others moved) and the masks marked at their cells.
 */
import { expect, type Locator, test } from '@playwright/test';
import { SPEC_STORAGE_KEY } from '../src/ui/persistence.ts';
import { waitForRunEnd } from './training.ts';

const REC_CONNECTIVITY = [
  [1, 1, 0, 1],
  [1, 1, 1, 1],
  [0, 1, 1, 1],
  [1, 1, 1, 1],
];
const FIXED = [
  [0, 0, 0, 0],
  [1, 0, 0, 0],
  [0, 0, 0, 0],
  [0, 0, 0, 1],
];
const SPEC = {
  version: 2,
  seed: 3,
  task: { name: 'PerceptualDiscrimination', T: 200, N_batch: 8 },
  model: { N_rec: 4, constraints: { rec_connectivity: REC_CONNECTIVITY, fixed_weights: { W_rec: FIXED } } },
  training: { training_iters: 160, loss_epoch: 2, optimizer: { type: 'adam', learning_rate: 0.01 } },
};

interface Trace {
  name?: string;
  x?: number[];
  y?: number[];
  z?: number[][];
  text?: string[][];
  colorbar?: { title?: { text?: string } };
}

/** The traces Plotly holds for the weights plot. */
const traces = (plot: Locator) => plot.evaluate((el) => (el as unknown as { data: Trace[] }).data.map((t) => ({ ...t })));

/** The cells [i, j] where `mask` holds `value`. */
const cells = (mask: number[][], value: number) => mask.flatMap((row, i) => row.flatMap((m, j) => (m === value ? [[i, j]] : [])));

test('after training, the weights view shows forbidden entries at 0, fixed entries unchanged, and the masks', async ({ page }) => {
  test.setTimeout(120_000);
  await page.addInitScript(([key, text]) => localStorage.setItem(key, text), [SPEC_STORAGE_KEY, JSON.stringify(SPEC)]);
  await page.goto('/');
  await page.getByTestId('backend-select').selectOption('wasm');
  const view = page.getByTestId('weights-view');
  await expect(view).toBeDisabled(); // no run yet: nothing to compare with
  await page.getByTestId('train-button').click();
  await waitForRunEnd(page, 90_000);

  const plot = page.getByTestId('weights-plot').locator('.js-plotly-plot');
  await expect(plot.locator('.main-svg').first()).toBeVisible({ timeout: 30_000 });
  await expect(view).toBeEnabled();
  await expect(view).toHaveValue('trained');
  const [trained] = await traces(plot);
  for (const [i, j] of cells(REC_CONNECTIVITY, 0)) {
    expect(Math.abs(trained.z![i][j])).toBe(0); // ±0: W·mask keeps the sign of W
    expect(trained.text![i][j]).toMatch(new RegExp(`^W\\[${i}\\]\\[${j}\\] = 0\\.0000, W₀ = 0\\.0000 .*, forbidden$`));
  }
  for (const [i, j] of cells(FIXED, 1)) expect(trained.text![i][j]).toMatch(/ΔW = -?0\.0000\), fixed$/);

  await view.selectOption('change');
  await expect.poll(async () => (await traces(plot))[0].colorbar?.title?.text).toBe('ΔW');
  const [change] = await traces(plot);
  for (const [i, j] of [...cells(FIXED, 1), ...cells(REC_CONNECTIVITY, 0)]) expect(Math.abs(change.z![i][j])).toBe(0);
  // trained entries did move
  const free = cells(REC_CONNECTIVITY, 1).filter(([i, j]) => FIXED[i][j] === 0);
  expect(free.some(([i, j]) => change.z![i][j] !== 0)).toBe(true);

  await view.selectOption('masks');
  await expect.poll(async () => (await traces(plot)).length).toBe(3);
  const [, forbidden, fixed] = await traces(plot);
  const at = (t: Trace) => t.x!.map((x, k) => [t.y![k], x]);
  expect(forbidden.name).toBe('forbidden (rec_connectivity 0)');
  expect(at(forbidden)).toEqual(cells(REC_CONNECTIVITY, 0));
  expect(fixed.name).toBe('fixed (fixed_weights.W_rec 1)');
  expect(at(fixed)).toEqual(cells(FIXED, 1));
  await expect(page.getByTestId('weights-plot').getByText('forbidden (rec_connectivity 0)')).toBeVisible();
});
