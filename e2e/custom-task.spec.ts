/**
 * Writing your own task in the page (issue 10): Fork a built-in task and change it, Open a .ts file, write one from
 * New task, each trained in the page; compile and run-time errors with their line, an endless loop stopped by the
 * watchdog, and the page usable (and the code kept) after each. (Typing: ./editor-typing.spec.ts.)
 */
import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { keptCode, lineOf, MEAN_SIGN, openNewTask, pasteCode, psychometricX, status, tinyTraining, withTrialLine } from './task-code.ts';
import { setField, shownNumber, waitForRunEnd } from './training.ts';

test('fork PerceptualDiscrimination, change its coherence list, train: the trials and the psychometric curve show the new coherences', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await page.getByTestId('fork-task').click();
  await expect(status(page)).toHaveText('ok', { timeout: 20_000 });
  await expect(page.getByTestId('task-select')).toHaveValue('custom');
  const source = await keptCode(page);
  expect(source).toContain("from 'cogrnn';");
  expect(source).toContain('export const PD_COHERENCES: readonly number[] = [0.1, 0.3, 0.5, 0.7];');

  const changed = source!.replace('[0.1, 0.3, 0.5, 0.7]', '[0.05, 0.9]');
  await pasteCode(page, changed);
  await expect(status(page)).toHaveText('ok');
  expect(await keptCode(page)).toBe(changed); // pasted verbatim
  await expect(page.getByTestId('preview-trial').first()).toContainText(/coherence (0\.05|0\.9) → output [01]/);

  await tinyTraining(page, 64);
  await page.getByTestId('train-button').click();
  await waitForRunEnd(page, 60_000);
  const x = await psychometricX(page);
  expect(x.length).toBeGreaterThan(0);
  for (const value of x) expect([-0.9, -0.05, 0.05, 0.9]).toContain(value);
  await expect(page.getByTestId('trial-plot')).toContainText(/coherence (0\.05|0\.9) → output [01]/);
});

test('opens a .ts file from disk and trains it; the network follows its shape', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const file = testInfo.outputPath('three-inputs.ts');
  // a third input channel (a constant bias) makes N_in = 3
  writeFileSync(file, MEAN_SIGN.replace('  N_in: 2,', '  N_in: 3,').replace("step.x[1] = 1;", 'step.x[1] = 1;\n      step.x[2] = 0.5;'));
  await page.goto('/');
  await page.getByTestId('task-file-input').setInputFiles(file);
  await expect(status(page)).toHaveText('ok', { timeout: 20_000 });
  await expect(page.getByTestId('task-select')).toHaveValue('custom');
  await expect(page.getByRole('heading', { name: 'Task code three-inputs.ts' })).toBeVisible();
  await expect(page.getByTestId('network-shape')).toHaveText('3 inputs → 50 recurrent units → 2 outputs');
  await expect(page.getByTestId('task-options')).toContainText('Means');
  await tinyTraining(page, 64);
  await page.getByTestId('train-button').click();
  await waitForRunEnd(page, 60_000);
  await expect(page.getByTestId('test-summary')).toHaveText(/Test batch at 64 trials/);
});

test('a syntax error shows its line and column, inline and in the status, holds Train back, and clears when fixed', async ({ page }) => {
  await openNewTask(page);
  await pasteCode(page, MEAN_SIGN);
  await expect(status(page)).toHaveText('ok');
  const broken = MEAN_SIGN.replace('  N_out: 2,', '  N_out: 2 +,');
  await pasteCode(page, broken);
  await expect(status(page)).toHaveText(`my-task.ts:${lineOf(broken, 'N_out: 2 +,')}:13: syntax error: Unexpected token`);
  await expect(page.getByTestId('task-editor').locator('.cm-lintRange-error').first()).toBeVisible();
  await expect(page.getByTestId('train-button')).toBeDisabled();
  await expect(page.getByTestId('train-blocked')).toHaveText(/^Fix Task code first: my-task\.ts:\d+:13: syntax error/);
  expect(await keptCode(page)).toBe(broken); // nothing typed is lost, even when it does not compile

  await pasteCode(page, MEAN_SIGN);
  await expect(status(page)).toHaveText('ok');
  await expect(page.getByTestId('train-button')).toBeEnabled();
});

test('a trial function that throws, writes NaN or loops forever gets its message, and the page stays usable', async ({ page }) => {
  test.setTimeout(60_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await openNewTask(page);

  const throwing = withTrialLine("if (time >= 200) throw new Error('no stimulus yet');");
  await pasteCode(page, throwing);
  const line = lineOf(throwing, 'no stimulus yet');
  await expect(status(page)).toHaveText(new RegExp(`^my-task\\.ts:${line}:\\d+: MeanSign: trialFunction threw no stimulus yet \\(t = 200 ms, batch 1, trial 0\\)$`));
  await expect(page.getByTestId('train-blocked')).toHaveText(/^Fix Task code first: .*trialFunction threw/);

  await pasteCode(page, withTrialLine('step.x[0] = NaN;'));
  await expect(status(page)).toHaveText('MeanSign: trialFunction wrote NaN into step.x[0]; expected N_in = 2 finite numbers (t = 0 ms, batch 1, trial 0)');

  const looping = withTrialLine('while (time >= 0) {}');
  await pasteCode(page, looping);
  await expect(status(page)).toHaveText('stopped: the task code ran for more than 3 s (an endless loop?)', { timeout: 15_000 });
  expect(await keptCode(page)).toBe(looping);

  // the worker was replaced: the next code is checked and previewed at once, and every panel still works
  await pasteCode(page, MEAN_SIGN);
  await expect(status(page)).toHaveText('ok', { timeout: 10_000 });
  await expect(page.getByTestId('preview-trial')).toHaveCount(3);
  await expect(page.getByTestId('train-button')).toBeEnabled();
  await setField(page, 'Recurrent units', 8);
  await expect(page.getByTestId('network-shape')).toHaveText('2 inputs → 8 recurrent units → 2 outputs');
  expect(errors).toEqual([]);
});

test('from New task, a task written from scratch previews, trains to 90 %, shows its own conditions and is saved as a .ts file', async ({ page }) => {
  test.setTimeout(300_000);
  await openNewTask(page);
  await pasteCode(page, MEAN_SIGN);
  await expect(status(page)).toHaveText('ok');
  await expect(page.getByTestId('task-description')).toContainText('Sign of a noisy mean');
  // the preview: a few trials, their periods shaded and named
  await expect(page.getByTestId('preview-trial')).toHaveCount(3);
  await expect(page.getByTestId('preview-trial').first()).toContainText(/mean -?0\.[124] → output [01]/);
  await expect(page.locator('[data-testid="period"][data-name="go"]').first()).toBeAttached();

  await setField(page, 'dt (ms)', 20);
  await setField(page, 'T (ms)', 1200);
  await setField(page, 'Trials per batch', 64);
  // far more than reaching 90 % takes, so the run is still going when Stop is pressed (a short run could end first)
  await setField(page, 'Training trials', 1_000_000);
  await expect(status(page)).toHaveText('ok');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('backend-indicator')).toHaveText(/^(webgpu|webgl|wasm|cpu)$/, { timeout: 60_000 });
  await expect.poll(() => shownNumber(page, 'accuracy-value'), { timeout: 240_000, intervals: [1000] }).toBeGreaterThanOrEqual(0.9);
  // its own conditions: the signed means, on its own evidence axis
  const x = await psychometricX(page);
  expect(x.length).toBeGreaterThanOrEqual(4);
  for (const value of x) expect([-0.4, -0.2, -0.1, 0.1, 0.2, 0.4]).toContain(value);
  await expect(page.getByTestId('psychometric-plot')).toContainText('signed mean');
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('train-button')).toBeEnabled({ timeout: 30_000 });

  const download = page.waitForEvent('download');
  await page.getByTestId('task-save').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('my-task.ts');
  const chunks: Buffer[] = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).toString('utf8')).toBe(MEAN_SIGN);
});
