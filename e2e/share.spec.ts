/**
 * Share links (issue 12): an experiment set up in one browser is shared as a link, opened in a second browser (a
 * fresh context: its own storage), and arrives the same — the same spec, and trained with the same seed on the same
 * backend, the same losses iteration for iteration. Copy link puts the link on the clipboard.
 */
import { expect, type Page, test } from '@playwright/test';
import { decodeExperimentLink } from '../src/core/share/link.ts';
import { MEAN_SIGN, openNewTask, pasteCode, status, tinyTraining } from './task-code.ts';
import { savedSpec, setField, waitForRunEnd } from './training.ts';

/** The losses the loss plot draws, one per recorded point (loss_epoch 1: one per iteration). */
async function plottedLosses(page: Page): Promise<number[]> {
  const plot = page.getByTestId('loss-plot').locator('.js-plotly-plot');
  await expect(plot.locator('.main-svg').first()).toBeVisible({ timeout: 30_000 });
  return plot.evaluate((element) => {
    const traces = (element as unknown as { data: { name?: string; y: ArrayLike<number> }[] }).data;
    return Array.from(traces.find((t) => t.name === 'loss')?.y ?? []);
  });
}

async function trainOnWasm(page: Page): Promise<number[]> {
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('train-button').click();
  await waitForRunEnd(page, 120_000);
  return plottedLosses(page);
}

const shareUrl = (page: Page) => page.getByTestId('share-url');

test('a shared link opens the same experiment in another browser, and it trains to the same losses', async ({ page, browser }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await page.getByTestId('share-button').click();
  // the default experiment's whole address stays short enough for any chat app
  expect(Number(await shareUrl(page).getAttribute('data-length'))).toBeLessThan(2000);

  await setField(page, 'Seed', 4242);
  await setField(page, 'Recurrent units', 24);
  await setField(page, 'Trials per batch', 32);
  await setField(page, 'Training trials', 480); // 15 iterations of 32 trials
  await page.getByTestId('mask-preset').selectOption('random-sparse');
  await page.getByTestId('mask-preset-apply').click();
  await page.getByText('Advanced: optimizer, loss, regularisation and stopping').click();
  await setField(page, 'loss_epoch', 1);
  const spec = await savedSpec(page);
  expect(spec.model.constraints.rec_connectivity.flat()).toContain(0); // the preset painted W_rec
  expect(spec.training.loss_epoch).toBe(1);

  // the link follows the spec while it is shown
  await expect(shareUrl(page)).not.toHaveValue(/^$/);
  const url = await shareUrl(page).inputValue();
  expect(url).toMatch(/^http:\/\/localhost:\d+\/#x=[A-Za-z0-9_-]+$/);
  const fromLink = decodeExperimentLink(new URL(url).hash);
  expect(fromLink.ok && fromLink.spec).toEqual(spec);

  const second = await browser.newContext();
  const other = await second.newPage();
  await other.goto(url);
  await expect(other.getByTestId('notice')).toContainText('from a link');
  await expect(other).toHaveURL(/\/$/); // the fragment is removed: a reload does not open the link again
  await expect(other.getByLabel('Recurrent units', { exact: true })).toHaveValue('24');
  expect(await savedSpec(other)).toEqual(spec);

  const losses = await trainOnWasm(page);
  const otherLosses = await trainOnWasm(other);
  expect(losses.length).toBeGreaterThanOrEqual(10);
  expect(otherLosses.slice(0, 10)).toEqual(losses.slice(0, 10));
  console.log(`[e2e] shared link, first 10 losses in both browsers: ${losses.slice(0, 10).map((l) => l.toPrecision(6)).join(', ')}`);
  await second.close();
});

test('a link with task code opens in another browser, runs after consent, and trains to the same losses', async ({ page, browser }) => {
  test.setTimeout(240_000);
  await openNewTask(page);
  await pasteCode(page, MEAN_SIGN);
  await expect(status(page)).toHaveText('ok');
  await tinyTraining(page, 32 * 12); // 12 iterations
  await setField(page, 'Seed', 99);
  await page.getByText('Advanced: optimizer, loss, regularisation and stopping').click();
  await setField(page, 'loss_epoch', 1);
  const spec = await savedSpec(page);
  expect(spec.task).toMatchObject({ name: 'custom', source: MEAN_SIGN });
  await page.getByTestId('share-button').click();
  const url = await shareUrl(page).inputValue();

  const second = await browser.newContext();
  const other = await second.newPage();
  await other.goto(url);
  const dialog = other.getByTestId('consent-dialog');
  await expect(dialog.getByRole('heading', { name: 'Run this task code?' })).toBeVisible();
  await expect(dialog.locator('pre')).toHaveText(MEAN_SIGN);
  await expect(other.getByTestId('train-button')).toBeDisabled();
  await other.getByTestId('consent-run').click();
  await expect(status(other)).toHaveText('ok', { timeout: 20_000 });
  expect(await savedSpec(other)).toEqual(spec);

  const losses = await trainOnWasm(page);
  const otherLosses = await trainOnWasm(other);
  expect(losses.length).toBeGreaterThanOrEqual(10);
  expect(otherLosses.slice(0, 10)).toEqual(losses.slice(0, 10));
  console.log(`[e2e] task-code link, first 10 losses in both browsers: ${losses.slice(0, 10).map((l) => l.toPrecision(6)).join(', ')}`);
  await second.close();
});

test('Copy link puts the link on the clipboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await setField(page, 'Seed', 77);
  await page.getByTestId('share-button').click();
  const url = await shareUrl(page).inputValue();
  await page.getByTestId('share-copy').click();
  await expect(page.getByTestId('share-copied')).toHaveText('Copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  const copied = decodeExperimentLink(new URL(url).hash);
  expect(copied.ok && copied.spec.seed).toBe(77);
});
