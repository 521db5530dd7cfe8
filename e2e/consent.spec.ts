/**
 * Consent for task code in a link (issue 12): the page shows the code and asks "Run this task code?" before any of it
 * runs. Not now keeps it shown and unrun — the task worker is never even started, no status or preview appears,
 * Train is refused with the reason — and a reload keeps it so; Review and run → Run it runs it (its preview appears).
 * A curriculum stage with other code than the task's is shown too, each labelled.
 */
import { expect, type Page, test } from '@playwright/test';
import { encodeExperimentLink } from '../src/core/share/link.ts';
import { parseSpec, SPEC_VERSION } from '../src/core/spec/spec.ts';
import { codeFingerprint } from '../src/ui/code-fingerprint.ts';
import { MEAN_SIGN, status } from './task-code.ts';

const customTask = (source: string, file: string) => ({ name: 'custom', source, file, N_in: 2, N_out: 2 });

/** The page's address opening an experiment whose task is `source` (and, if given, a curriculum of `stages`). */
function linkTo(source: string, stages: { source: string; file: string }[] = []): string {
  const spec = parseSpec({
    version: SPEC_VERSION,
    name: 'Mean sign from a colleague',
    seed: 11,
    task: customTask(source, 'mean-sign.ts'),
    curriculum: stages.length > 0 ? { stages: stages.map((s) => customTask(s.source, s.file)), metric: 'iterations', thresholds: stages.map(() => 5) } : null,
  });
  return `/#x=${encodeExperimentLink(spec)}`;
}

/** Whether the page has started the worker that compiles and runs task code. */
const taskWorkerStarted = (page: Page) => page.workers().some((worker) => /task-worker/.test(worker.url()));

async function expectUnrun(page: Page): Promise<void> {
  await expect(page.getByTestId('consent-bar')).toContainText('This code came from a link and has not run');
  await expect(page.getByTestId('task-editor').locator('.cm-content')).toContainText("name: 'MeanSign'");
  await expect(status(page)).toHaveAttribute('data-state', 'awaiting-consent');
  await expect(page.getByTestId('train-button')).toBeDisabled();
  await expect(page.getByTestId('train-blocked')).toContainText('Allow the task code first: it came from a link and has not run');
  await expect(page.getByTestId('preview-trial')).toHaveCount(0);
  expect(taskWorkerStarted(page)).toBe(false);
}

test('code in a link is shown, not run, until Run it; Not now and a reload keep it unrun', async ({ page }) => {
  await page.goto(linkTo(MEAN_SIGN));
  const dialog = page.getByTestId('consent-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'Run this task code?' })).toBeVisible();
  await expect(dialog).toContainText('without network access');
  await expect(dialog.locator('pre')).toHaveText(MEAN_SIGN);
  await expect(dialog).toHaveAttribute('aria-modal', 'true');

  await dialog.getByRole('button', { name: 'Not now' }).click();
  await expect(dialog).toBeHidden();
  await expectUnrun(page);

  await page.reload();
  await expect(page.getByTestId('consent-bar')).toBeVisible();
  await expect(dialog).toBeHidden(); // asked once; the bar asks again
  await expectUnrun(page);

  await page.getByTestId('consent-review').click();
  await expect(dialog.locator('pre')).toHaveText(MEAN_SIGN);
  await page.getByTestId('consent-run').click();
  await expect(dialog).toBeHidden();
  await expect(status(page)).toHaveText('ok', { timeout: 20_000 });
  await expect(status(page)).toHaveAttribute('data-code', codeFingerprint(MEAN_SIGN));
  await expect(page.getByTestId('preview-trial').first()).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('consent-bar')).toBeHidden();
  await expect(page.getByTestId('train-button')).toBeEnabled();
  expect(taskWorkerStarted(page)).toBe(true); // the check above is of the worker that runs the code
});

test("a curriculum stage with other code than the task's is shown beside it, each labelled", async ({ page }) => {
  const harder = MEAN_SIGN.replace("name: 'MeanSign'", "name: 'MeanSignHard'").replace('default: 0.5, min: 0', 'default: 1.5, min: 0');
  await page.goto(linkTo(MEAN_SIGN, [{ source: MEAN_SIGN, file: 'mean-sign.ts' }, { source: harder, file: 'mean-sign-hard.ts' }]));
  const sources = page.getByTestId('consent-dialog').getByTestId('consent-source');
  await expect(sources).toHaveCount(2);
  await expect(sources.nth(0).getByRole('heading')).toContainText('The task and curriculum stage 1 mean-sign.ts');
  await expect(sources.nth(0).locator('pre')).toHaveText(MEAN_SIGN);
  await expect(sources.nth(1).getByRole('heading')).toContainText('Curriculum stage 2 mean-sign-hard.ts');
  await expect(sources.nth(1).locator('pre')).toHaveText(harder);
  await page.getByTestId('consent-not-now').click();
  await expectUnrun(page);
});
