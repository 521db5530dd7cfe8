/**
 * Issue 13's "Done when", each from a link in the app, done as a student following the tutorial would: the
 * tutorial list; #tutorial=fixed-points trained and its fixed points found (stable points and saddles in the table);
 * #tutorial=simulation-perturbation trained and its I units silenced (accuracy and psychometric curve before and
 * after); #tutorial=curriculum-learning compared with vs without its curriculum over 5 seeds (a Mann–Whitney p-value).
 * The figures are printed as `[e2e]` lines for the closing note.
 */
import { expect, test, type Page } from '@playwright/test';

/** Opens a tutorial by its link and trains its experiment as it stands on wasm, to the end of the run. */
async function trainTutorial(page: Page, id: string, timeout: number): Promise<number> {
  await page.goto(`/#tutorial=${id}`);
  await expect(page.getByTestId('tutorial-guide')).toBeVisible();
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('status-message')).toHaveText(/on a fresh batch after/, { timeout });
  return Number(await page.getByTestId('test-summary').getAttribute('data-accuracy'));
}

test('the tutorial list offers all nine tutorials as links', async ({ page, baseURL }) => {
  await page.goto('/');
  await page.getByTestId('tutorials-button').click();
  const list = page.getByTestId('tutorial-list');
  await expect(list).toBeVisible();
  const links = await list.locator('.tutorial-url').allTextContents();
  expect(links).toHaveLength(9);
  for (const link of links) expect(link.startsWith(`${baseURL}/#tutorial=`)).toBe(true);
  console.log(`[e2e] tutorial list: ${links.map((l) => l.replace(`${baseURL}/`, '')).join(', ')}`);
});

test('#tutorial=fixed-points: the trained network has stable fixed points and saddles at zero input', async ({ page }) => {
  test.setTimeout(600_000);
  const accuracy = await trainTutorial(page, 'fixed-points', 480_000);
  expect(accuracy).toBeGreaterThanOrEqual(0.9);
  await page.getByTestId('fixed-points-condition').selectOption({ label: 'zero input (all conditions)' });
  await page.getByTestId('fixed-points-button').click();
  const summary = page.getByTestId('fixed-points-summary');
  await expect(summary).toContainText('zero input', { timeout: 120_000 });
  const tolerance = Number(await page.getByTestId('fixed-points-tolerance').inputValue());
  const points = await page
    .getByTestId('fixed-point-row')
    .evaluateAll((trs) => trs.map((tr) => ({ q: Number(tr.getAttribute('data-q')), maxEig: Number(tr.getAttribute('data-max-eig')), stability: tr.getAttribute('data-stability') ?? '' })));
  expect(points.length).toBeGreaterThanOrEqual(1);
  for (const p of points) expect(p.q).toBeLessThan(tolerance);
  expect(points.some((p) => p.stability === 'stable' && p.maxEig < 1)).toBe(true);
  await expect(page.getByTestId('fixed-points-plot').locator('.js-plotly-plot .main-svg').first()).toBeVisible({ timeout: 30_000 });
  const count = (s: string) => points.filter((p) => p.stability === s).length;
  const range = (s: string) => {
    const eig = points.filter((p) => p.stability === s).map((p) => p.maxEig);
    return eig.length ? ` (max |λ| ${Math.min(...eig).toFixed(4)}–${Math.max(...eig).toFixed(4)})` : '';
  };
  console.log(
    `[e2e] #tutorial=fixed-points: test accuracy ${accuracy}; ${points.length} points at zero input, all q < ${tolerance} ` +
      `(largest ${Math.max(...points.map((p) => p.q)).toExponential(2)}): ${count('stable')} stable${range('stable')}, ` +
      `${count('saddle')} saddles${range('saddle')}, ${count('unstable')} unstable, ${count('marginal')} marginal`,
  );
});

test('#tutorial=simulation-perturbation: silencing the I units drops accuracy and flattens the psychometric curve', async ({ page }) => {
  test.setTimeout(600_000);
  const accuracy = await trainTutorial(page, 'simulation-perturbation', 480_000);
  expect(accuracy).toBeGreaterThanOrEqual(0.9);
  await page.getByTestId('perturb-silence').selectOption('I');
  await page.getByTestId('perturb-run').click();
  const results = page.getByTestId('perturb-results');
  await expect(results).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('perturb-stale')).toHaveCount(0);
  const before = Number(await page.getByTestId('perturb-accuracy-before').getAttribute('data-accuracy'));
  const after = Number(await page.getByTestId('perturb-accuracy-after').getAttribute('data-accuracy'));
  const curve = async (side: 'before' | 'after') => JSON.parse((await results.getAttribute(`data-choice1-${side}`)) ?? '[]') as number[];
  const [choiceBefore, choiceAfter] = [await curve('before'), await curve('after')];
  const spread = (c: number[]) => Math.max(...c) - Math.min(...c);
  expect(before).toBeGreaterThanOrEqual(0.9);
  expect(after).toBeLessThan(0.7);
  expect(spread(choiceBefore)).toBeGreaterThan(0.8);
  expect(spread(choiceAfter)).toBeLessThan(spread(choiceBefore));
  const fmt = (c: number[]) => c.map((v) => v.toFixed(2)).join(' ');
  console.log(
    `[e2e] #tutorial=simulation-perturbation: silence I, whole trial: accuracy ${before.toFixed(3)} → ${after.toFixed(3)}; ` +
      `P(choice 1) by coherence before [${fmt(choiceBefore)}], after [${fmt(choiceAfter)}]`,
  );
});

test('#tutorial=curriculum-learning: with vs without the curriculum over 5 seeds, with its Mann–Whitney p-value', async ({ page }) => {
  test.setTimeout(900_000);
  await page.goto('/#tutorial=curriculum-learning');
  await expect(page.getByTestId('tutorial-guide')).toBeVisible();
  await page.getByTestId('backend-select').selectOption('wasm');
  const panel = page.getByTestId('sweep-panel');
  await expect(panel.getByTestId('sweep-kind')).toHaveValue('curriculum');
  await expect(panel.getByTestId('sweep-seeds')).toHaveValue('5');
  await panel.getByTestId('sweep-run').click();
  await expect(panel.getByTestId('sweep-message')).toHaveText('10 of 10 runs finished.', { timeout: 840_000 });
  await expect(panel.getByTestId('sweep-plot').getByTestId('sweep-point')).toHaveCount(10);
  const pvalue = panel.getByTestId('sweep-pvalue');
  const p = Number(await pvalue.getAttribute('data-p'));
  expect(p).toBeGreaterThan(0);
  expect(p).toBeLessThanOrEqual(1);
  const runs = await panel
    .getByTestId('sweep-run-row')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).slice(1, 4).map((td) => td.textContent).join(' | ')));
  console.log(`[e2e] #tutorial=curriculum-learning: ${await pvalue.textContent()}\n${runs.join('\n')}`);
});
