/**
 * The curriculum editor (issue 11): a 3-stage curriculum built in the page trains through all three stages, the
 * run bar names the stage and its threshold, and the loss plot marks each stage change with the stage's name;
 * PsychRNN's tutorial preset shows its four stages; Up / Down / Remove reorder and drop stages.
 */
import { expect, type Page, test } from '@playwright/test';
import { savedSpec, setField, waitForRunEnd } from './training.ts';

/** The saved spec's curriculum (the page saves the spec on every edit). */
async function savedCurriculum(page: Page): Promise<{ stages: { coherence: number | null }[]; thresholds: number[]; metric: string; metric_epoch: number } | null> {
  return (await savedSpec(page))?.curriculum ?? null;
}

const stageHeadings = (page: Page) => page.getByTestId('curriculum-editor').locator('.stage h3');

test('a 3-stage curriculum made in the editor trains through all three stages, each change marked on the plot', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  // a tiny network: 8 trials of 20 time steps a step, 4 units
  await setField(page, 'T (ms)', 200);
  await setField(page, 'Trials per batch', 8);
  await setField(page, 'Recurrent units', 4);
  await setField(page, 'Training trials', 800);
  await page.getByTestId('backend-select').selectOption('wasm');

  const editor = page.getByTestId('curriculum-editor');
  await page.getByTestId('add-stage').click();
  // 10 training steps a stage: the changes come at known trials (80 and 160), whatever the network learns
  await editor.getByTestId('curriculum-metric').selectOption('iterations');
  await expect(editor.getByTestId('curriculum-note')).toHaveText(/threshold is now 500/);
  await setField(page, 'Threshold (stage 1)', 10);
  await setField(page, 'Coherence (stage 1)', 0.7);
  await page.getByTestId('add-stage').click();
  await setField(page, 'Coherence (stage 2)', 0.5);
  await page.getByTestId('add-stage').click();
  await setField(page, 'Coherence (stage 3)', 0.3);
  const names = ['Stage 1 · coherence 0.7', 'Stage 2 · coherence 0.5', 'Stage 3 · coherence 0.3'];
  await expect(stageHeadings(page)).toHaveText(names);
  expect(await savedCurriculum(page)).toMatchObject({ thresholds: [10, 10, 10], metric: 'iterations', metric_epoch: 10 });

  await page.getByTestId('train-button').click();
  await waitForRunEnd(page, 120_000);
  await expect(page.getByTestId('status-message')).toHaveText(/after 240 trials/);
  await expect(page.getByTestId('stage-indicator')).toHaveText('3 / 3 · coherence 0.3 · for 10 training steps');

  const plot = page.getByTestId('loss-plot').locator('.js-plotly-plot');
  await expect(plot.locator('.main-svg').first()).toBeVisible({ timeout: 30_000 });
  const marks = await plot.evaluate((el) =>
    ((el as unknown as { layout: { annotations?: { x: number; text: string }[] } }).layout.annotations ?? []).map((a) => [a.x, a.text]),
  );
  expect(marks).toEqual([
    [80, names[1]],
    [160, names[2]],
  ]);
  // drawn, not only in the layout
  await expect(page.getByTestId('loss-plot').getByText(names[2])).toBeVisible();
});

test("PsychRNN's tutorial preset shows its four stages; stages move, and the last one cannot be removed", async ({ page }) => {
  await page.goto('/');
  const editor = page.getByTestId('curriculum-editor');
  const preset = page.getByTestId('curriculum-preset');
  await expect(preset).toHaveValue('none');
  await expect(editor.locator('.stage')).toHaveCount(0);

  await preset.selectOption('psychrnn-tutorial');
  await expect(editor.locator('.stage')).toHaveCount(4);
  for (const [k, coherence] of ['0.7', '0.5', '0.3', '0.1'].entries()) {
    await expect(page.getByTestId(`stage-${k + 1}-option-coherence`)).toHaveValue(coherence);
    await expect(page.getByTestId(`stage-${k + 1}-threshold`)).toHaveValue('0.9');
    await expect(page.getByTestId(`stage-${k + 1}-task`)).toHaveValue('PerceptualDiscrimination');
  }
  await expect(editor.getByTestId('curriculum-metric')).toHaveValue('accuracy');
  await expect(editor.getByTestId('curriculum-metric-epoch')).toHaveValue('1');
  expect(await savedCurriculum(page)).toMatchObject({ thresholds: [0.9, 0.9, 0.9, 0.9], metric: 'accuracy', metric_epoch: 1 });

  // an edit makes it the person's own stages; Up and Down carry the threshold with the stage
  await setField(page, 'Threshold (stage 4)', 0.8);
  await expect(preset).toHaveValue('edited');
  await page.getByTestId('stage-4-up').click();
  await expect(stageHeadings(page)).toHaveText(['Stage 1 · coherence 0.7', 'Stage 2 · coherence 0.5', 'Stage 3 · coherence 0.1', 'Stage 4 · coherence 0.3']);
  await expect(page.getByTestId('stage-3-threshold')).toHaveValue('0.8');
  await page.getByTestId('stage-1-down').click();
  await expect(stageHeadings(page).first()).toHaveText('Stage 1 · coherence 0.5');
  expect((await savedCurriculum(page))?.stages.map((s) => s.coherence)).toEqual([0.5, 0.7, 0.1, 0.3]);

  // "No curriculum" keeps the person's stages to come back to
  await preset.selectOption('none');
  await expect(editor.locator('.stage')).toHaveCount(0);
  expect(await savedCurriculum(page)).toBeNull();
  await preset.selectOption('edited');
  await expect(editor.locator('.stage')).toHaveCount(4);

  for (let left = 4; left > 1; left--) await page.getByTestId('stage-1-remove').click();
  await expect(editor.locator('.stage')).toHaveCount(1);
  await page.getByTestId('stage-1-remove').click();
  await expect(editor.getByTestId('curriculum-note')).toHaveText(/A curriculum needs at least one stage.*No curriculum/);
  await expect(editor.locator('.stage')).toHaveCount(1);
  await expect(page.getByTestId('train-button')).toBeEnabled();
});
