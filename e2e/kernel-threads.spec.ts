/**
 * Multi-threaded kernels in the page (issue 14): on a cross-origin-isolated page the training worker splits the
 * wasm backend's fused kernels over CPU threads — same-origin "kernel thread" workers sharing one WebAssembly
 * memory — and the backend note says how many; "CPU threads: 1" trains on one and says it was chosen. Both reach
 * the accuracy the default task reaches.
 */
import { expect, type Page, test } from '@playwright/test';
import { shownNumber } from './training.ts';

/** Trains the default task on wasm with `threads` ('auto' or a count) to 90 %, and returns the backend note. */
async function trainTo90(page: Page, threads: string): Promise<string> {
  await page.goto('/');
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('threads-select').selectOption(threads);
  const started = Date.now();
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('backend-indicator')).toHaveText('wasm', { timeout: 60_000 });
  await expect.poll(() => shownNumber(page, 'accuracy-value'), { timeout: 120_000, intervals: [500] }).toBeGreaterThanOrEqual(0.9);
  console.log(`[e2e] CPU threads ${threads}: click to 90 % in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return (await page.getByTestId('backend-note').textContent()) ?? '';
}

const kernelThreads = (page: Page) => page.workers().filter((worker) => /kernel-thread/.test(worker.url()));

test('on an isolated page the wasm kernels train on every core the page reports, and the note says so', async ({ page }) => {
  test.setTimeout(180_000);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  test.skip(cores < 2, `this machine reports ${cores} core: there is no second thread to use`);
  const threads = Math.min(cores, 8);
  await page.goto('/');
  await expect(page.getByTestId('threads-select').locator('option').first()).toHaveText(`Auto (${threads})`);
  const note = await trainTo90(page, 'auto');
  expect(note).toContain(`fused kernels on ${threads} CPU threads (page is cross-origin isolated`);
  // the caller's thread and threads − 1 kernel workers (each waits in Atomics.wait between jobs: not evaluated here)
  expect(kernelThreads(page)).toHaveLength(threads - 1);
  console.log(`[e2e] kernel threads: ${note}`);
});

test('CPU threads 1 trains on one thread, as chosen, and starts no kernel worker', async ({ page }) => {
  test.setTimeout(180_000);
  const note = await trainTo90(page, '1');
  expect(note).toContain('fused kernels on 1 CPU thread, as chosen');
  expect(kernelThreads(page)).toHaveLength(0);
});
