/**
 * The list of saved experiments (issue 12): rename inline, duplicate, open one and then the other (each comes back
 * as it was saved), delete after asking; Compare two runs' loss and accuracy; and a browser without IndexedDB,
 * where the page says so once and goes on in memory.
 */
import { expect, type Page, test } from '@playwright/test';
import { savedSpec, setField, waitForRunEnd } from './training.ts';

const list = (page: Page) => page.getByTestId('experiment-list');
const row = (page: Page, name: string) => list(page).getByTestId('saved-experiment').filter({ has: page.getByTestId('experiment-name').getByText(name, { exact: true }) });

async function openList(page: Page): Promise<void> {
  await page.getByTestId('experiments-button').click();
  await expect(list(page)).toBeVisible();
}

async function closeList(page: Page): Promise<void> {
  await list(page).getByTestId('experiment-list-close').click();
  await expect(list(page)).toHaveCount(0);
}

/** A tiny network: 320 trials of 8 in a batch, 4 units (4 curve points). */
async function tinyNetwork(page: Page): Promise<void> {
  await setField(page, 'T (ms)', 200);
  await setField(page, 'Trials per batch', 8);
  await setField(page, 'Recurrent units', 4);
  await setField(page, 'Training trials', 320);
  await page.getByTestId('backend-select').selectOption('wasm');
}

test('rename, duplicate, open each in turn, delete', async ({ page }) => {
  await page.goto('/');
  await setField(page, 'Seed', 11);
  await openList(page);
  await expect(list(page).getByTestId('saved-experiment')).toHaveCount(1);
  const first = list(page).getByTestId('saved-experiment').first();
  await expect(first).toHaveAttribute('data-open', 'true');
  await expect(first.getByTestId('experiment-delete')).toBeDisabled(); // the open one: open another first

  await first.getByTestId('experiment-rename').click();
  const field = list(page).getByTestId('rename-field');
  await field.fill('Alpha');
  await field.press('Enter');
  await expect(row(page, 'Alpha')).toHaveCount(1);
  await expect.poll(async () => (await savedSpec(page))?.name).toBe('Alpha'); // the open one's name is its spec's

  await row(page, 'Alpha').getByTestId('experiment-duplicate').click();
  await expect(row(page, 'Alpha (copy)')).toHaveCount(1);
  await row(page, 'Alpha (copy)').getByTestId('experiment-open').click();
  await expect(row(page, 'Alpha (copy)')).toHaveAttribute('data-open', 'true');
  await closeList(page);
  await expect(page.getByLabel('Seed', { exact: true })).toHaveValue('11');
  await setField(page, 'Seed', 22);
  await expect.poll(async () => (await savedSpec(page))?.seed).toBe(22);

  await openList(page);
  await row(page, 'Alpha').getByTestId('experiment-open').click();
  await closeList(page);
  await expect(page.getByLabel('Seed', { exact: true })).toHaveValue('11');

  await openList(page);
  page.once('dialog', (dialog) => {
    expect(dialog.message()).toBe('Delete “Alpha (copy)”? This cannot be undone.');
    void dialog.accept();
  });
  await row(page, 'Alpha (copy)').getByTestId('experiment-delete').click();
  await expect(row(page, 'Alpha (copy)')).toHaveCount(0);
  await expect(list(page).getByTestId('saved-experiment')).toHaveCount(1);

  await page.reload();
  await expect(page.getByLabel('Seed', { exact: true })).toHaveValue('11');
  await openList(page);
  await expect(list(page).getByTestId('experiment-name')).toHaveText(['Alpha']);
});

test('two runs compared: their loss and accuracy side by side', async ({ page }) => {
  test.setTimeout(120_000);
  page.on('dialog', (dialog) => void dialog.accept()); // the second Train replaces a network not downloaded
  await page.goto('/');
  await tinyNetwork(page);
  for (const seed of [1, 2]) {
    await setField(page, 'Seed', seed);
    await page.getByTestId('train-button').click();
    await waitForRunEnd(page, 60_000);
  }
  await openList(page);
  const runs = list(page).getByTestId('saved-run');
  await expect(runs).toHaveCount(2);
  await expect(runs.getByTestId('run-trials')).toHaveText(['320', '320']);
  for (const accuracy of await runs.getByTestId('run-accuracy').allTextContents()) expect(Number(accuracy)).toBeGreaterThanOrEqual(0);

  const plot = list(page).getByTestId('compare-plot');
  await expect(plot).toContainText('Pick two runs');
  const boxes = runs.getByTestId('compare-run');
  await boxes.nth(0).check();
  await expect(plot).toContainText('one picked');
  await boxes.nth(1).check();
  const chart = plot.locator('.js-plotly-plot');
  await expect(chart.locator('.main-svg').first()).toBeVisible({ timeout: 30_000 });
  const traces = await chart.evaluate((el) =>
    (el as unknown as { data: { name: string; x: number[]; yaxis?: string }[] }).data.map((t) => ({ name: t.name, x: t.x, axis: t.yaxis ?? 'y' })),
  );
  const name = 'Perceptual discrimination (paper Fig. 2)';
  expect(traces.map((t) => [t.name, t.axis])).toEqual([
    [`${name} · Run 1`, 'y'],
    [`${name} · Run 1`, 'y2'],
    [`${name} · Run 2`, 'y'],
    [`${name} · Run 2`, 'y2'],
  ]);
  for (const trace of traces) expect(trace.x).toEqual([80, 160, 240, 320]);
});

test('without IndexedDB: said once, the page works in memory, the list too', async ({ page }) => {
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { get: () => undefined, configurable: true }));
  await page.goto('/');
  const notice = page.getByTestId('notice');
  await expect(notice).toHaveText(
    'Saving is off: IndexedDB is not available in this browser. The page keeps working in memory; a reload will lose what changes from now on.',
  );
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'memory');
  await setField(page, 'Seed', 5);
  await setField(page, 'T (ms)', 1500);
  await openList(page);
  await expect(list(page)).toContainText('Storage is unavailable');
  await list(page).getByTestId('experiment-duplicate').click();
  await expect(list(page).getByTestId('saved-experiment')).toHaveCount(2);
  await closeList(page);
  await expect(page.getByText(/Saving is off/)).toHaveCount(1);
  await expect(page.getByLabel('Seed', { exact: true })).toHaveValue('5');
  expect(errors).toEqual([]);
});

test('without IndexedDB a trained network that was not downloaded is asked for before Train, Reset or a reload discards it', async ({ page }) => {
  test.setTimeout(90_000);
  await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { get: () => undefined, configurable: true }));
  await page.goto('/');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'memory');
  await tinyNetwork(page);
  await page.getByTestId('train-button').click();
  await waitForRunEnd(page, 60_000);
  for (const [button, action] of [['train-button', 'Training again'], ['reset-button', 'Reset']] as const) {
    const asked = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(`${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss();
      }),
    );
    await page.getByTestId(button).click();
    expect(await asked).toBe(`confirm: The network trained for 320 trials has not been downloaded, and this browser cannot keep it. ${action} discards it. Continue?`);
    await expect(page.getByTestId('test-summary')).toHaveText(/Test batch at 320 trials/); // declined: kept
  }
  const leaving = page.waitForEvent('dialog');
  await page.evaluate(() => void setTimeout(() => location.reload(), 0)); // page.reload() would wait for a load that never comes
  const shown = await leaving;
  expect(shown.type()).toBe('beforeunload');
  await shown.dismiss();
  await expect(page.getByTestId('test-summary')).toHaveText(/Test batch at 320 trials/);
});

test('with IndexedDB, Train again asks nothing: the trained run stays in the experiment list', async ({ page }) => {
  test.setTimeout(90_000);
  const asked: string[] = [];
  page.on('dialog', (dialog) => {
    asked.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto('/');
  await tinyNetwork(page);
  await page.getByTestId('train-button').click();
  await waitForRunEnd(page, 60_000);
  await page.getByTestId('train-button').click();
  await waitForRunEnd(page, 60_000);
  expect(asked).toEqual([]);
  await openList(page);
  await expect(list(page).getByTestId('saved-run')).toHaveCount(2);
});
