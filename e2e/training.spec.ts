import { expect, test } from '@playwright/test';
import { setField, trialsDone, waitForRunEnd } from './training.ts';

test.describe.configure({ mode: 'serial' });

test('pause holds training, resume continues it, stop ends it', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('train-button').click();
  await expect.poll(() => trialsDone(page), { timeout: 60_000 }).toBeGreaterThan(0);

  await page.getByTestId('pause-button').click();
  await expect(page.getByTestId('pause-button')).toHaveText('Resume');
  await page.waitForTimeout(1500); // an epoch in flight may still finish
  const paused = await trialsDone(page);
  await page.waitForTimeout(2500);
  expect(await trialsDone(page)).toBe(paused);

  await page.getByTestId('pause-button').click();
  await expect(page.getByTestId('pause-button')).toHaveText('Pause');
  await expect.poll(() => trialsDone(page), { timeout: 30_000 }).toBeGreaterThan(paused);

  await page.getByTestId('stop-button').click();
  await waitForRunEnd(page, 30_000);
  await expect(page.getByTestId('train-button')).toBeEnabled();
  await expect(page.getByTestId('download-weights')).toBeEnabled();
  const stoppedAt = await trialsDone(page);
  await page.waitForTimeout(1500);
  expect(await trialsDone(page)).toBe(stoppedAt);
});

test('WebGPU (software adapter) gives the same loss as the CPU backend for the same seed', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  // a tiny network: 2 steps of training on 8 trials of 20 time steps
  await setField(page, 'T (ms)', 200);
  await setField(page, 'Trials per batch', 8);
  await setField(page, 'Recurrent units', 4);
  await setField(page, 'Training trials', 16);

  // the second Train replaces the first run's network, which was not downloaded: say yes when asked
  page.on('dialog', (dialog) => void dialog.accept());
  const testLoss = async (backend: string) => {
    await page.getByTestId('backend-select').selectOption(backend);
    await page.getByTestId('train-button').click();
    await waitForRunEnd(page, 240_000);
    await expect(page.getByTestId('backend-indicator')).toHaveText(backend);
    return Number(await page.getByTestId('test-summary').getAttribute('data-loss'));
  };
  const cpu = await testLoss('cpu');
  const webgpu = await testLoss('webgpu');
  test.info().annotations.push({ type: 'losses', description: `cpu ${cpu}, webgpu ${webgpu}` });
  expect(cpu).toBeGreaterThan(0);
  expect(Math.abs(webgpu - cpu) / cpu).toBeLessThan(1e-3);
});
