/**
 * Guided tutorials (issue 13): the toolbar's list and the printable handout; every tutorial opened by its
 * `#tutorial=<id>` link in a fresh page, with its guide and its experiment's fields; an unknown id refused, the
 * experiment kept; the guide across a reload and closed by another experiment; hello world trained on wasm to
 * accuracy 0.9, which ticks its step. The tutorials are listed here by hand (ids, titles, what each experiment
 * holds), so the test checks what a handout promises, not what the source happens to say.
 */
import { expect, type Page, test } from '@playwright/test';
import { importFile, TINY_SPEC } from './file-helpers.ts';
import { savedRecords, savedSpec, shownNumber, trialsDone } from './training.ts';

type Expectation = (page: Page, spec: any) => Promise<void>;

const fieldValue = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const stageHeadings = (page: Page) => page.getByTestId('curriculum-editor').locator('.stage h3');

const PD = { name: 'PerceptualDiscrimination', dt: 10, tau: 100, T: 2000 };

/** [id, title, what its experiment holds — in the saved spec and on the page] */
const TUTORIALS: [string, string, Expectation][] = [
  ['hello-world', 'Hello world', async (page, spec) => {
    expect(spec.task).toMatchObject({ ...PD, N_batch: 128 });
    expect(spec.model).toMatchObject({ type: 'basic', N_rec: 50 });
    await expect(fieldValue(page, 'Recurrent units')).toHaveValue('50');
  }],
  ['perceptual-discrimination', 'Perceptual discrimination, step by step', async (page, spec) => {
    expect(spec.task).toMatchObject({ ...PD, N_batch: 50 });
    expect(spec.training.training_iters).toBe(100000);
    await expect(fieldValue(page, 'Trials per batch')).toHaveValue('50');
  }],
  ['biological-constraints', 'Biological constraints', async (page, spec) => {
    expect(spec.model.constraints.dale_ratio).toBe(0.8);
    await expect(fieldValue(page, 'Dale ratio')).toHaveValue('0.8');
  }],
  ['curriculum-learning', 'Curriculum learning', async (page, spec) => {
    expect(spec.curriculum.stages.map((s: { coherence: number }) => s.coherence)).toEqual([0.7, 0.4, 0.1]);
    // the last stage is the task itself (coherence 0.1), and its card says so
    await expect(stageHeadings(page)).toHaveText(['Stage 1 · coherence 0.7', 'Stage 2 · coherence 0.4', 'Stage 3 · as the task']);
  }],
  ['saving-loading', 'Saving and loading weights', async (page, spec) => {
    expect(spec.training).toMatchObject({ performance_measure: 'accuracy', performance_cutoff: 0.9 });
    await expect(page.getByTestId('download-weights')).toBeDisabled(); // nothing trained yet
  }],
  ['simulation-perturbation', 'Simulation and perturbation', async (page, spec) => {
    expect(spec.model.constraints.dale_ratio).toBe(0.8);
    await expect(fieldValue(page, 'Dale ratio')).toHaveValue('0.8');
  }],
  ['new-task', 'Defining a new task', async (page, spec) => {
    expect(spec.task).toMatchObject({ name: 'custom', file: 'my-task.ts', N_in: 2, N_out: 2 });
    expect(spec.task.source).toContain("from 'cogrnn'");
    // the code is the page's own: shown, compiled in the task worker, no consent asked
    await expect(page.getByTestId('task-editor')).toContainText("name: 'MyTask'");
    await expect(page.getByTestId('compile-status')).toHaveText('ok', { timeout: 30_000 });
    await expect(page.getByTestId('consent-dialog')).toBeHidden();
  }],
  ['model-options', 'Model options', async (page, spec) => {
    expect(spec.task.name).toBe('DelayedDiscrimination');
    expect(spec.model).toMatchObject({ type: 'basic', N_rec: 20, transfer_function: 'tanh' });
    await expect(page.getByTestId('task-select')).toHaveValue('DelayedDiscrimination');
    await expect(fieldValue(page, 'Recurrent units')).toHaveValue('20');
  }],
  ['fixed-points', 'Fixed points', async (page, spec) => {
    expect(spec.training).toMatchObject({ training_iters: 50000, performance_measure: null });
    await expect(fieldValue(page, 'Training trials')).toHaveValue('50000');
  }],
];

const guide = (page: Page) => page.getByTestId('tutorial-guide');

test('the Tutorials list shows every tutorial with Open and Copy link, and prints a handout of links and steps', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await page.getByTestId('tutorials-button').click();
  const list = page.getByTestId('tutorial-list');
  await expect(list).toBeVisible();
  for (const [k, [id, title]] of TUTORIALS.entries()) {
    const row = list.getByTestId(`tutorial-row-${id}`);
    await expect(row).toContainText(`${k + 1}. ${title}`);
    await expect(row.getByRole('button', { name: 'Open' })).toBeVisible();
    await expect(row.getByRole('button', { name: 'Copy link' })).toBeVisible();
  }
  await expect(list.locator('.tutorial-row')).toHaveCount(TUTORIALS.length);
  await list.getByTestId('tutorial-copy-fixed-points').click();
  await expect(list.getByTestId('tutorial-row-fixed-points')).toContainText('Copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}/#tutorial=fixed-points`);

  await list.getByTestId('tutorial-handout-button').click();
  const handout = page.getByTestId('tutorial-handout');
  for (const [id, title] of TUTORIALS) {
    const section = handout.getByTestId(`handout-${id}`);
    await expect(section.locator('h2')).toContainText(title);
    await expect(section.locator('.handout-url')).toHaveText(`${baseURL}/#tutorial=${id}`);
    expect(await section.locator('ol > li').count()).toBeGreaterThanOrEqual(3);
    await expect(section).toContainText('Next step:');
  }
  // printed, the handout is all there is on the page
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app')).toBeHidden();
  await expect(handout).toBeVisible();
  await expect(handout.getByTestId('tutorial-handout-print')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await handout.getByTestId('tutorial-handout-close').click();
  await expect(handout).toHaveCount(0);

  // Open: the experiment opens as a new saved one, with its guide
  await page.getByTestId('tutorials-button').click();
  await list.getByTestId('tutorial-open-curriculum-learning').click();
  await expect(guide(page)).toHaveAttribute('data-tutorial', 'curriculum-learning');
  await expect(page.getByTestId('notice')).toHaveText('Opened tutorial 4, “Curriculum learning”; the experiment open before stays in the experiment list.');
  await page.getByTestId('experiments-button').click();
  await expect(page.getByTestId('experiment-list').locator('.saved-experiment')).toHaveCount(2);
});

for (const [k, [id, title, holds]] of TUTORIALS.entries()) {
  test(`tutorial ${k + 1}: #tutorial=${id} opens its experiment and its guide in a fresh page`, async ({ page }) => {
    await page.goto(`/#tutorial=${id}`);
    await expect(guide(page)).toHaveAttribute('data-tutorial', id);
    await expect(guide(page).locator('h2')).toHaveText(`Tutorial ${k + 1} · ${title}`);
    await expect(guide(page).getByTestId('tutorial-step-3')).toBeVisible();
    await expect(guide(page).getByTestId('tutorial-next-step')).not.toBeEmpty();
    await expect(page).toHaveURL(/\/$/); // the fragment is removed: a reload does not open it again
    const spec = await savedSpec(page);
    expect(spec.name).toMatch(new RegExp(`^Tutorial ${k + 1} · `));
    await holds(page, spec);
    await expect(guide(page).getByTestId('tutorial-previous')).toBeEnabled({ enabled: k > 0 });
    await expect(guide(page).getByTestId('tutorial-next')).toBeEnabled({ enabled: k < TUTORIALS.length - 1 });
  });
}

test('an unknown tutorial id says which exist and keeps the experiment open', async ({ page }) => {
  await page.goto('/');
  const before = await savedRecords(page);
  await page.evaluate(() => (location.hash = '#tutorial=fixed-point'));
  const problem = page.getByTestId('link-problem');
  await expect(problem).toContainText('There is no tutorial “fixed-point”: a tutorial link ends in #tutorial= and one of');
  for (const [id] of TUTORIALS) await expect(problem).toContainText(`“${id}”`);
  await expect(problem).toContainText('The experiment open before is unchanged.');
  await expect(guide(page)).toHaveCount(0);
  expect((await savedRecords(page))?.experiment.id).toBe(before?.experiment.id);
});

test('the guide stays open across a reload, moves with Next tutorial, and closes when another experiment opens', async ({ page }) => {
  await page.goto('/#tutorial=curriculum-learning');
  await expect(guide(page)).toHaveAttribute('data-tutorial', 'curriculum-learning');
  await expect(guide(page).getByTestId('tutorial-step-1')).toHaveAttribute('data-done', 'true'); // a curriculum is present
  await savedRecords(page); // waits for every write, the guide's own with them
  await page.reload();
  await expect(guide(page)).toHaveAttribute('data-tutorial', 'curriculum-learning');

  await guide(page).getByTestId('tutorial-next').click();
  await expect(guide(page)).toHaveAttribute('data-tutorial', 'saving-loading');
  expect((await savedSpec(page)).name).toBe('Tutorial 5 · Saving and loading weights');

  // another experiment (a file) opens: the guide was about the one before
  await importFile(page, 'tiny.json', JSON.stringify(TINY_SPEC), 'application/json');
  await expect(page.getByTestId('notice')).toHaveText('Opened tiny.json.');
  await expect(guide(page)).toHaveCount(0);
  await savedRecords(page);
  await page.reload();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  await expect(fieldValue(page, 'Recurrent units')).toHaveValue(String(TINY_SPEC.model.N_rec));
  await expect(guide(page)).toHaveCount(0);

  // Close closes it for good
  await page.evaluate(() => (location.hash = '#tutorial=fixed-points'));
  await expect(guide(page)).toHaveAttribute('data-tutorial', 'fixed-points');
  await guide(page).getByTestId('tutorial-guide-close').click();
  await expect(guide(page)).toHaveCount(0);
  await savedRecords(page);
  await page.reload();
  await expect(fieldValue(page, 'Recurrent units')).toHaveValue('50');
  await expect(guide(page)).toHaveCount(0);
});

test('hello world trained on wasm to accuracy 0.9 ticks its steps', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/#tutorial=hello-world');
  const trained = guide(page).getByTestId('tutorial-step-3');
  await expect(trained).toContainText('accuracy ≥ 0.9');
  await expect(trained).toHaveAttribute('data-done', 'false');
  await page.getByTestId('backend-select').selectOption('wasm');
  const started = Date.now();
  await page.getByTestId('train-button').click();
  await expect(trained).toHaveAttribute('data-done', 'true', { timeout: 240_000 });
  const accuracy = await shownNumber(page, 'accuracy-value');
  const trials = await trialsDone(page);
  console.log(`[e2e] hello world on wasm: accuracy ${accuracy} after ${trials} trials, ${((Date.now() - started) / 1000).toFixed(1)} s from Train`);
  await expect(guide(page).getByTestId('tutorial-step-2')).toHaveAttribute('data-done', 'true', { timeout: 60_000 }); // a checkpoint is held
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('train-button')).toBeEnabled({ timeout: 30_000 });
  await expect(trained).toHaveAttribute('data-done', 'true');
});
