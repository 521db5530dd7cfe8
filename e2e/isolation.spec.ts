/**
 * Cross-origin isolation (issue 14). Served as `npm run preview` serves it (COOP same-origin, COEP require-corp,
 * scripts/csp.ts), the page and every worker it starts are cross-origin isolated, with SharedArrayBuffer, COEP
 * blocks nothing the app loads, and the run bar says how many CPU threads training may use. Served by a host that
 * sends neither header (the two stripped from every response), the page is not isolated, says it is
 * single-threaded and why, and still trains the default task on wasm.
 */
import { expect, type Page, test } from '@playwright/test';
import { CROSS_ORIGIN_ISOLATION } from '../scripts/csp.ts';
import { threadsAvailable, threadsLine } from '../src/core/platform/threads-available.ts';
import { openNewTask, tinyTraining } from './task-code.ts';
import { setField, waitForRunEnd } from './training.ts';

/**
 * Each worker the page has started (its script's file name, hash and all), with what it reports about isolation.
 * Kernel threads are left out: between jobs they wait in Atomics.wait, so they answer no evaluate (they exist only
 * where shared memory does, which e2e/kernel-threads.spec.ts checks through the backend note).
 */
async function workerViews(page: Page): Promise<{ file: string; isolated: boolean; sharedMemory: boolean }[]> {
  return Promise.all(
    page.workers().filter((worker) => !/kernel-thread/.test(worker.url())).map(async (worker) => ({
      file: new URL(worker.url()).pathname.replace(/^.*\//, ''),
      ...(await worker.evaluate(() => ({ isolated: self.crossOriginIsolated, sharedMemory: typeof SharedArrayBuffer === 'function' }))),
    })),
  );
}

/** The run bar's threads line as the page should word it, from the cores its browser reports. */
async function expectedLine(page: Page, crossOriginIsolated: boolean): Promise<string> {
  const platform = await page.evaluate(() => ({ cores: navigator.hardwareConcurrency, sharedArrayBuffer: typeof SharedArrayBuffer === 'function' }));
  return threadsLine(threadsAvailable({ crossOriginIsolated, hardwareConcurrency: platform.cores, sharedArrayBuffer: platform.sharedArrayBuffer }));
}

test('served with COOP/COEP, the page and its workers are isolated, nothing is blocked, and the run bar says threads', async ({ page }) => {
  test.setTimeout(120_000);
  const blocked: string[] = [];
  page.on('requestfailed', (request) => blocked.push(`${request.url()}: ${request.failure()?.errorText}`));
  page.on('console', (message) => {
    if (/Cross-Origin-(Embedder|Resource|Opener)-Policy|\bCORP\b|\bCOEP\b/i.test(message.text())) blocked.push(message.text());
  });
  const document = page.waitForResponse((response) => new URL(response.url()).pathname === '/');
  await openNewTask(page);
  const headers = (await document).headers();
  for (const [name, value] of Object.entries(CROSS_ORIGIN_ISOLATION)) expect(headers[name.toLowerCase()], name).toBe(value);
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);

  const line = await expectedLine(page, true);
  expect(line).toMatch(/^(CPU threads: up to \d+ \(page is cross-origin isolated\)|Single-threaded: the platform reports one core)$/);
  await expect(page.getByTestId('threads-note')).toHaveText(line);
  console.log(`[e2e] isolated page's threads line: ${line}`);

  // the task worker runs the new task's code; Train starts the training worker
  await tinyTraining(page, 64);
  await page.getByTestId('train-button').click();
  await waitForRunEnd(page, 60_000);
  const views = await workerViews(page);
  for (const started of [/^training-worker/, /^task-worker/]) expect(views.some((view) => started.test(view.file)), String(started)).toBe(true);
  for (const view of views) expect(view, view.file).toMatchObject({ isolated: true, sharedMemory: true });
  // Plotly (a lazy chunk) loaded under require-corp and drew the test batch's trial
  await expect(page.getByTestId('trial-plot').locator('.js-plotly-plot .main-svg').first()).toBeVisible({ timeout: 30_000 });
  expect(blocked).toEqual([]);
});

test('served without COOP/COEP, the page says single-threaded and why, and still trains the default task on wasm', async ({ page }) => {
  test.setTimeout(180_000);
  // a host that sends neither header: both stripped from every response the page and its workers get
  const stripped = new Set(Object.keys(CROSS_ORIGIN_ISOLATION).map((name) => name.toLowerCase()));
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = Object.fromEntries(Object.entries(response.headers()).filter(([name]) => !stripped.has(name.toLowerCase())));
    await route.fulfill({ response, headers });
  });
  await page.goto('/');
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
  await expect(page.getByTestId('threads-note')).toHaveText(
    'Single-threaded: this page is not cross-origin isolated (its host does not send COOP/COEP headers; see README › Hosting)',
  );
  expect(await expectedLine(page, false)).toBe(await page.getByTestId('threads-note').textContent());

  await setField(page, 'Training trials', 256);
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('train-button').click();
  await waitForRunEnd(page, 150_000);
  await expect(page.getByTestId('backend-indicator')).toHaveText('wasm');
  await expect(page.getByTestId('status-message')).toHaveText(/after 256 trials/);
  console.log(`[e2e] not isolated, default task on wasm: ${await page.getByTestId('status-message').textContent()}`);
  const training = (await workerViews(page)).find((view) => /^training-worker/.test(view.file));
  expect(training).toMatchObject({ isolated: false, sharedMemory: false });
});
