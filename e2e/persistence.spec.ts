/**
 * Never lose work (issue 12): an edited spec survives a reload; a reload in the middle of training brings back the
 * plots and the checkpoint (saved in IndexedDB with each test summary) and offers to resume, and Resume goes on from
 * the checkpoint's trial count — the first new curve point right after it, none before it drawn twice — to the end.
 */
import { expect, type Page, test } from '@playwright/test';
import { PLOTS, savedRecords, savedSpec, setField, trialsDone, waitForRunEnd } from './training.ts';

/** The trials of the loss plot's points, as Plotly holds them. */
const plottedTrials = (page: Page) =>
  page
    .getByTestId('loss-plot')
    .locator('.js-plotly-plot')
    .evaluate((el) => Array.from((el as unknown as { data: { x: number[] }[] }).data[0].x));

/** Leaves the page by a reload, saying yes to "leave the page?" (the network was not downloaded). */
async function reloadAccepting(page: Page): Promise<void> {
  const accept = (dialog: { accept: () => Promise<void> }) => void dialog.accept();
  page.on('dialog', accept);
  await page.reload();
  page.off('dialog', accept);
}

test('an edited spec is the spec after a reload', async ({ page }) => {
  await page.goto('/');
  await setField(page, 'T (ms)', 1500);
  await setField(page, 'Seed', 77);
  await expect.poll(async () => (await savedSpec(page))?.seed).toBe(77);
  await page.reload();
  await expect(page.getByLabel('T (ms)', { exact: true })).toHaveValue('1500');
  await expect(page.getByLabel('Seed', { exact: true })).toHaveValue('77');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  expect((await savedSpec(page)).task.T).toBe(1500);
});

test('a reload mid-training restores the plots and the checkpoint, and Resume goes on from it to the end', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await setField(page, 'Training trials', 20_000);
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('train-button').click();

  // a checkpoint the run can go on from, saved while training goes on
  await expect
    .poll(async () => (await savedRecords(page))?.runs.at(-1)?.checkpointTrials ?? 0, { timeout: 120_000, intervals: [500] })
    .toBeGreaterThan(0);
  const before = (await savedRecords(page))!.runs.at(-1)!;
  expect(before).toMatchObject({ state: 'running', resumable: true });
  expect(await trialsDone(page)).toBeLessThan(20_000);

  await reloadAccepting(page);
  const saved = (await savedRecords(page))!.runs.at(-1)!;
  expect(saved.id).toBe(before.id);
  const checkpoint = saved.checkpointTrials!;
  expect(checkpoint).toBeGreaterThanOrEqual(before.checkpointTrials!);

  const bar = page.getByTestId('resume-bar');
  await expect(bar).toHaveText(new RegExp(`^Training was interrupted at ${checkpoint.toLocaleString('en-US')} trials\\. Resume from the checkpoint`));
  await expect(bar).toHaveAttribute('role', 'status');
  for (const id of PLOTS) await expect(page.getByTestId(id).locator('.js-plotly-plot .main-svg').first(), id).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('download-weights')).toBeEnabled();
  await expect(page.getByTestId('test-summary')).toBeVisible();
  expect(await trialsDone(page)).toBe(checkpoint);
  const restored = await plottedTrials(page);
  expect(restored).toContain(checkpoint);
  const spec = await savedSpec(page);
  const step = spec.training.loss_epoch * spec.task.N_batch; // trials between two curve points

  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('resume-button').click();
  await expect(bar).toHaveCount(0);
  await expect.poll(() => trialsDone(page), { timeout: 60_000 }).toBeGreaterThan(checkpoint);
  await expect.poll(async () => (await plottedTrials(page)).filter((t) => t > checkpoint).length, { timeout: 60_000 }).toBeGreaterThan(0);
  const resumed = await plottedTrials(page);
  const at = resumed.indexOf(checkpoint);
  expect(resumed.slice(0, at + 1)).toEqual(restored.slice(0, restored.indexOf(checkpoint) + 1));
  expect(resumed[at + 1]).toBe(checkpoint + step); // the first new point is the one right after the checkpoint
  console.log(`[e2e] reloaded mid-training: resumed from the checkpoint at ${checkpoint} trials; first new point at ${resumed[at + 1]} trials`);
  for (let i = 1; i < resumed.length; i++) expect(resumed[i], `point ${i}`).toBeGreaterThan(resumed[i - 1]);

  await waitForRunEnd(page, 240_000);
  const finished = (await savedRecords(page))!.runs;
  expect(finished).toHaveLength(1); // the same run went on, in the same record
  expect(finished[0]).toMatchObject({ id: before.id, state: 'done' });
  expect(finished[0].curveTrials.at(-1)).toBeGreaterThanOrEqual(19_000);
});
