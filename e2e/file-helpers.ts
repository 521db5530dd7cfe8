/**
 * Helpers for the files e2e tests (files, import-network, bad-files): a tiny experiment that trains in seconds,
 * opening files through Open file… or a drop, and reading what the page downloads.
 */
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

/** A 6-unit network on short perceptual-discrimination trials: a full run takes a few seconds on wasm. */
export const TINY_SPEC = {
  version: 2,
  name: 'files e2e',
  seed: 5,
  task: { name: 'PerceptualDiscrimination', T: 200, N_batch: 8 },
  model: { N_rec: 6 },
  training: { training_iters: 160, loss_epoch: 2, optimizer: { type: 'adam', learning_rate: 0.01 } },
};

/** The plots' names in the PNG / SVG buttons' test ids and file names, with their plots' test ids. */
export const EXPORTED_PLOTS = [
  ['loss', 'loss-plot'],
  ['trial', 'trial-plot'],
  ['psychometric', 'psychometric-plot'],
  ['unit-traces', 'unit-traces-plot'],
  ['pca', 'pca-plot'],
  ['weights', 'weights-plot'],
] as const;

/** Opens a file through Open file… (the `import-file` input). */
export async function importFile(page: Page, name: string, bytes: Buffer | string, mimeType = 'application/octet-stream'): Promise<void> {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType, buffer: typeof bytes === 'string' ? Buffer.from(bytes) : bytes });
}

/** Drops a file on the page as a person would: a drag entering (the overlay shows), then the drop. */
export async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ([fileName, content]) => {
      const data = new DataTransfer();
      data.items.add(new File([content], fileName));
      return data;
    },
    [name, text] as const,
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toHaveText('Drop a .npz, .json or .ts file to open it');
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
}

/** Clicks `testId` and returns the download's suggested name and bytes. */
export async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const pending = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  const file = await pending;
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path()) as string) };
}

/** The page's spec, as Download spec (.json) saves it. */
export async function downloadedSpec(page: Page): Promise<unknown> {
  return JSON.parse((await download(page, 'download-spec')).bytes.toString('utf8'));
}

/** Imports TINY_SPEC (or `spec`), trains it to the end on wasm and waits for every plot. */
export async function trainTiny(page: Page, spec: object = TINY_SPEC): Promise<void> {
  await importFile(page, 'tiny.json', JSON.stringify(spec), 'application/json');
  await expect(page.getByTestId('notice')).toHaveText('Opened tiny.json.');
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('status-message')).toHaveText(/on a fresh batch after/, { timeout: 90_000 });
  for (const [, id] of EXPORTED_PLOTS) {
    await expect(page.getByTestId(id).locator('.js-plotly-plot .main-svg').first()).toBeVisible({ timeout: 30_000 });
  }
}
