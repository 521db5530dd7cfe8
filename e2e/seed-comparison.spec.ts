/**
 * Multi-seed comparisons (issue 13): a tiny perceptual-discrimination experiment with a 2-stage curriculum, compared
 * with the same network trained on the final stage's task from the start, over 5 seeds on wasm. The plot draws the
 * 10 runs, the Mann–Whitney p-value shows, Train waits while the comparison runs, a run opens from the table as the
 * page's experiment, every run is in the experiment list, and a reload shows the comparison again.
 */
import { expect, test } from '@playwright/test';
import { importFile } from './file-helpers.ts';

const pd = (coherence: number) => ({ name: 'PerceptualDiscrimination', T: 200, N_batch: 8, coherence });
const SPEC = {
  version: 3,
  name: 'Seeds e2e',
  seed: 40,
  task: pd(0.5),
  model: { N_rec: 6 },
  training: { loss_epoch: 2, optimizer: { type: 'adam', learning_rate: 0.03 } },
  curriculum: { stages: [pd(0.9), pd(0.5)], thresholds: [0.8, 0.9], metric_epoch: 2 },
};

test('curriculum vs none over 5 seeds: 10 points, a p-value, runs that open and are listed', async ({ page }) => {
  test.setTimeout(420_000);
  await page.goto('/');
  await importFile(page, 'seeds.json', JSON.stringify(SPEC), 'application/json');
  await expect(page.getByTestId('notice')).toHaveText('Opened seeds.json.');
  await page.getByTestId('backend-select').selectOption('wasm');

  const panel = page.getByTestId('sweep-panel');
  await expect(panel.getByTestId('sweep-kind')).toHaveValue('curriculum');
  await expect(panel.getByTestId('sweep-seeds')).toHaveValue('5');
  await panel.getByTestId('sweep-threshold').fill('0.8');
  await panel.getByTestId('sweep-trialCap').fill('1600');
  await panel.getByTestId('sweep-run').click();

  // which run trains now; Train waits meanwhile, with the reason
  await expect(panel.getByTestId('sweep-progress')).toHaveText(/^Run \d+ of 10 · (curriculum \(2 stages\)|no curriculum) · seed 4\d/, { timeout: 60_000 });
  await expect(page.getByTestId('train-button')).toBeDisabled();
  await expect(page.getByTestId('train-blocked')).toHaveText(/a comparison over seeds is training/);

  await expect(panel.getByTestId('sweep-message')).toHaveText('10 of 10 runs finished.', { timeout: 360_000 });
  await expect(panel.getByTestId('sweep-plot').getByTestId('sweep-point')).toHaveCount(10);
  const pvalue = panel.getByTestId('sweep-pvalue');
  await expect(pvalue).toHaveText(/^Mann–Whitney U = [\d.]+, p = [\d.e-]+ \(two-sided, normal approximation, ties corrected\), n = 5 vs 5$/);
  const p = Number(await pvalue.getAttribute('data-p'));
  expect(p).toBeGreaterThan(0);
  expect(p).toBeLessThanOrEqual(1);
  const rows = panel.getByTestId('sweep-run-row');
  await expect(rows).toHaveCount(10);
  const figures = await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).slice(1, 4).map((td) => td.textContent).join(' | ')));
  console.log(`seed comparison: ${await pvalue.textContent()}\n${figures.join('\n')}`);
  await expect(page.getByTestId('train-button')).toBeEnabled();

  // the second run (no curriculum, seed 40) opens as the page's experiment: its spec, curve and checkpoint
  await rows.nth(1).getByTestId('sweep-open').click();
  await expect(page.getByTestId('notice')).toHaveText('Opened Seeds e2e — no curriculum, seed 40, from the comparison.');
  await expect(page.getByTestId('status-message')).toHaveText(/on a fresh batch after/);
  await expect(page.getByTestId('download-weights')).toBeEnabled();

  // one experiment per condition, holding its 5 runs by seed
  await page.getByTestId('experiments-button').click();
  const list = page.getByTestId('experiment-list');
  for (const name of ['Seeds e2e — curriculum (2 stages)', 'Seeds e2e — no curriculum']) {
    const row = list.getByTestId('saved-experiment').filter({ has: page.getByTestId('experiment-name').getByText(name, { exact: true }) });
    await expect(row.getByTestId('saved-run')).toHaveCount(5);
  }
  await list.getByTestId('experiment-list-close').click();

  // the comparison is saved with the experiments: a reload shows it again
  await page.reload();
  await expect(page.getByTestId('sweep-panel').getByTestId('sweep-point')).toHaveCount(10);
  await expect(page.getByTestId('sweep-panel').getByTestId('sweep-pvalue')).toHaveAttribute('data-p', String(p));
});
