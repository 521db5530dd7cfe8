/** Helpers for the task-code e2e tests: a task written from scratch, pasting into the editor, what the page keeps. */
import { expect, type Page } from '@playwright/test';
import { codeFingerprint } from '../src/ui/code-fingerprint.ts';
import { savedRecords, setField } from './training.ts';

/** One noisy input whose mean's sign must be reported on two outputs after a go cue: written from scratch. */
export const MEAN_SIGN = `import { defineTask, inPeriod, uniform } from 'cogrnn';

export default defineTask({
  name: 'MeanSign',
  title: 'Sign of a noisy mean',
  description: 'One noisy input with mean +m or -m; after a go cue, report its sign on two outputs.',
  options: {
    means: { type: 'numbers', label: 'Means', default: [0.1, 0.2, 0.4], min: 0, minLength: 1, help: 'the sizes m of the mean' },
    noise: { type: 'number', label: 'Noise', default: 0.5, min: 0, help: 'std of the input noise' },
  },
  N_in: 2,
  N_out: 2,
  timing: { fixation: 100, stimulus: uniform(400, 800), go: 300 },

  generateTrialParams(rng, task) {
    const sign = rng.int(2) === 1 ? 1 : -1;
    return { mean: sign * rng.choice(task.means) };
  },

  trialFunction(time, p, step, rng, task) {
    if (inPeriod(time, p.periods, 'stimulus')) step.x[0] = p.mean + task.noise * rng.normal();
    if (inPeriod(time, p.periods, 'go')) {
      const choice = p.mean > 0 ? 1 : 0;
      step.x[1] = 1;
      step.y[choice] = 1;
      step.y[1 - choice] = 0.2;
      step.mask.fill(1);
    }
  },

  evidenceAxis: 'signed mean',
  condition: (p) => ({ label: \`mean \${p.mean}\`, order: [p.mean], evidence: p.mean }),
  describeTrial: (p) => \`mean \${p.mean} → output \${p.mean > 0 ? 1 : 0}\`,
});
`;

/** MEAN_SIGN's line (1-based) that holds `text`. */
export const lineOf = (source: string, text: string) => source.split('\n').findIndex((line) => line.includes(text)) + 1;

/** MEAN_SIGN with `line` added at the top of its trial function. */
export const withTrialLine = (line: string) =>
  MEAN_SIGN.replace('  trialFunction(time, p, step, rng, task) {\n', `  trialFunction(time, p, step, rng, task) {\n    ${line}\n`);

/**
 * Replaces the editor's text as a person does (select all, paste), then waits until the status line speaks of the
 * new code (its fingerprint) and no check is under way.
 */
export async function pasteCode(page: Page, text: string): Promise<void> {
  const content = page.getByTestId('task-editor').locator('.cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+A');
  await content.evaluate((element, pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  await expect(status(page)).toHaveAttribute('data-code', codeFingerprint(text), { timeout: 15_000 });
  await expect(status(page)).toHaveAttribute('aria-busy', 'false', { timeout: 15_000 });
}

/** The editor's text as the page keeps it (and would restore it after a reload). */
export async function keptCode(page: Page): Promise<string | null> {
  return ((await savedRecords(page))?.experiment?.editor as { text: string } | null)?.text ?? null;
}

export const status = (page: Page) => page.getByTestId('compile-status');

export async function openNewTask(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByTestId('new-task').click();
  // the editor is a lazy chunk (CodeMirror and its TypeScript bridge): on a busy machine it takes a while to load
  await expect(page.getByTestId('task-editor').locator('.cm-content')).toBeVisible({ timeout: 20_000 });
  await expect(status(page)).toHaveText('ok', { timeout: 20_000 });
}

/** A tiny network that trains in seconds: batch 32, 4 units, `trials` trials on wasm. */
export async function tinyTraining(page: Page, trials: number): Promise<void> {
  await setField(page, 'Trials per batch', 32);
  await setField(page, 'Recurrent units', 4);
  await setField(page, 'Training trials', trials);
  await page.getByTestId('backend-select').selectOption('wasm');
}

/** The x values of the psychometric plot's data points. */
export async function psychometricX(page: Page): Promise<number[]> {
  const plot = page.getByTestId('psychometric-plot').locator('.js-plotly-plot');
  await expect(plot.locator('.main-svg').first()).toBeVisible({ timeout: 30_000 });
  return plot.evaluate((element) => {
    const traces = (element as unknown as { data: { mode?: string; x: ArrayLike<number> }[] }).data;
    return Array.from(traces.find((t) => t.mode === 'markers')?.x ?? []);
  });
}
