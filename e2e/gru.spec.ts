/**
 * The GRU in the page: the model select lists it with its hint, choosing it disables what it does not use, a tiny
 * GRU trains to the end in the worker (the fused kernel on wasm), Download weights saves its gates under their
 * documented keys, and the file opens again with its experiment and is simulated.
 */
import { expect, test } from '@playwright/test';
import { loadWeightsNpz } from '../src/core/io/weights-file.ts';
import { download, importFile, TINY_SPEC, trainTiny } from './file-helpers.ts';
import { savedSpec, setField } from './training.ts';

test('a GRU is chosen, trains, saves its gates, and its file opens again', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  const model = page.getByLabel('Model', { exact: true });
  await expect(model.locator('option')).toHaveText(['Rate RNN (Basic)', 'LSTM', 'GRU']);
  await setField(page, 'Dale ratio', 0.8);
  await model.selectOption('gru');
  await expect(page.getByText("A GRU (CogRNN's own; PsychRNN has none): reset and update gates on h; no Dale, masks or noise.")).toBeVisible();
  await expect(page.getByTestId('lstm-note')).toHaveText('The GRU does not use dale_ratio: it was put back to its default.');
  await expect(page.getByLabel('Dale ratio', { exact: true })).toBeDisabled();
  await expect(page.getByTestId('mask-lstm-note')).toContainText('Constraints do not apply to the GRU');
  await expect.poll(async () => (await savedSpec(page))?.model?.type).toBe('gru');

  await trainTiny(page, { ...TINY_SPEC, model: { type: 'gru', N_rec: 6 } });
  await expect(model).toHaveValue('gru');
  const summary = page.getByTestId('test-summary');
  test.info().annotations.push({ type: 'GRU', description: (await summary.textContent()) ?? '' });
  const { name, bytes } = await download(page, 'download-weights');
  const weights = loadWeightsNpz(new Uint8Array(bytes));
  expect(weights.model).toBe('gru');
  if (weights.model !== 'gru') return;
  expect(weights.W_r.shape).toEqual([6 + 2, 6]);
  expect(weights.init_hidden.shape).toEqual([8, 6]);
  // trained: the gate biases moved from TF1 GRUCell's initial 1.0
  expect([...weights.b_u.data].some((b) => Math.abs(b - 1) > 1e-4)).toBe(true);

  await importFile(page, name, bytes);
  await expect(page.getByTestId('notice')).toHaveText(`Opened ${name}: its network is simulated on PerceptualDiscrimination (not trained).`);
  await expect(page.getByTestId('imported-network')).toContainText(`Network from ${name} (N_in 2, N_rec 6, N_out 2)`);
  await expect(page.getByTestId('test-summary')).toBeVisible({ timeout: 30_000 });
  await expect(model).toHaveValue('gru');
});
