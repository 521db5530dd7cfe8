/**
 * A network trained by PsychRNN itself (../shared/fixtures/psychrnn_saved_weights.npz, PsychRNN's docs example)
 * opens here: the page asks which task to evaluate it on, simulates it on perceptual discrimination — it scores
 * ≥ 0.95 and its psychometric curve, unit traces, PCA and weights draw — and then trains further from it (and says
 * why not once the experiment's N_rec no longer fits it).
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { FIXTURE_SKIP_REASON, FIXTURE_WEIGHTS } from '../src/core/testing/shared.ts';
import { importFile } from './file-helpers.ts';
import { setField } from './training.ts';

test('a PsychRNN network is evaluated on a chosen task, shows its plots and trains further', async ({ page }) => {
  test.skip(!FIXTURE_WEIGHTS, FIXTURE_SKIP_REASON);
  test.setTimeout(180_000);
  await page.goto('/');
  await page.getByTestId('backend-select').selectOption('wasm');
  await importFile(page, 'psychrnn_saved_weights.npz', readFileSync(FIXTURE_WEIGHTS!));

  const dialog = page.getByTestId('task-choice');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('N_in 2, N_rec 50, N_out 2');
  await expect(page.getByTestId('import-task')).toHaveValue('PerceptualDiscrimination');
  await expect(page.getByLabel('dt (ms)', { exact: true }).last()).toHaveValue('10');
  await page.getByTestId('import-evaluate').click();
  await expect(dialog).toBeHidden();

  const summary = page.getByTestId('test-summary');
  await expect(summary).toBeVisible({ timeout: 60_000 });
  expect(Number(await summary.getAttribute('data-accuracy'))).toBeGreaterThanOrEqual(0.95);
  console.log(`[e2e] PsychRNN's saved network, imported: ${await summary.textContent()}`);
  for (const id of ['psychometric-plot', 'unit-traces-plot', 'pca-plot', 'weights-plot']) {
    await expect(page.getByTestId(id).locator('.js-plotly-plot .main-svg').first(), id).toBeVisible({ timeout: 30_000 });
  }
  await expect(page.getByTestId('download-weights')).toBeEnabled();
  await expect(page.getByTestId('imported-network')).toContainText('psychrnn_saved_weights.npz');

  // training goes on from the file's network: the loss curve appears
  await page.getByTestId('train-further').click();
  const curve = page.getByTestId('loss-plot').locator('.js-plotly-plot');
  await expect(curve.locator('.main-svg').first()).toBeVisible({ timeout: 60_000 });
  // it starts trained: a fresh network would be at chance (0.5) on its first batches
  const firstAccuracy = await curve.evaluate((el) => (el as unknown as { data: { y: number[] }[] }).data[1].y[0]);
  expect(firstAccuracy).toBeGreaterThanOrEqual(0.9);
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('train-button')).toBeEnabled({ timeout: 30_000 });

  // an edit that changes the network's shape: the file's network no longer fits, and the page says why
  await setField(page, 'Recurrent units', 20);
  await page.getByTestId('train-further').click();
  await expect(page.getByTestId('imported-network').getByRole('alert')).toHaveText(
    "psychrnn_saved_weights.npz's network cannot be trained further: the experiment now has N_rec 20 (the network has 50)",
  );
});
