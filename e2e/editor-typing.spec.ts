/** Typing in the task editor never blocks the page (issue 10): CodeMirror here, TypeScript and the task code in workers. */
import { expect, type Page, test } from '@playwright/test';
import { openNewTask, status } from './task-code.ts';
import { longTasksSince, recordLongTasks } from './training.ts';

// tracing snapshots the page after every action, itself main-thread work: off where long tasks are measured
test.use({ trace: 'off' });

/** A main-thread task this long is a freeze a person notices (the design budget is 100 ms: see below). */
const FREEZE_MS = 200;

test('typing in the editor never freezes the main thread', async ({ page }) => {
  test.setTimeout(60_000);
  await recordLongTasks(page);
  await openNewTask(page);
  await page.getByTestId('task-editor').locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  const since = await page.evaluate(() => performance.now());
  await page.keyboard.type('\n// a comment typed one key at a time, as a person types it\nconst extra = 1 + 2;\n', { delay: 40 });
  await expect(status(page)).toHaveText(/^(ok|.*type error.*)$/);
  await expect(status(page)).toHaveAttribute('aria-busy', 'false');
  const tasks = await longTasksSince(page, since);
  const longest = Math.max(0, ...tasks.map(([, duration]) => duration));
  console.log(`[e2e] longest main-thread task while typing in the editor: ${longest.toFixed(0)} ms (budget 100 ms)`);
  test.info().annotations.push({ type: 'longest task while typing', description: `${longest.toFixed(0)} ms` });
  // The page's own work per keystroke is a few ms (CodeMirror's update and layout, the store); TypeScript and the
  // task code run in workers. On this shared 2-core machine the same build measured 63–94 ms with the machine
  // quiet and up to 200 ms under a load average of 6 (2026-12-01), as train-default.spec.ts found for training:
  // the test fails on a freeze, and logs the longest task against the 100 ms budget.
  expect(tasks.filter(([, duration]) => duration > FREEZE_MS), `main-thread tasks over ${FREEZE_MS} ms while typing`).toEqual([]);
});

/** Moves the mouse onto `word` in the editor's line that starts (after indentation) with `line`. */
async function hoverOver(page: Page, line: string, word: string): Promise<void> {
  await page.mouse.move(0, 0);
  await expect(page.locator('.cm-tooltip-hover')).toHaveCount(0); // a tooltip still open could cover the word
  const point = await page.evaluate(
    ([line, word]) => {
      const element = [...document.querySelectorAll('.cm-line')].find((l) => l.textContent?.trimStart().startsWith(line));
      element!.scrollIntoView({ block: 'center' });
      const walker = document.createTreeWalker(element!, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(word);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + word.length);
        const rect = range.getBoundingClientRect();
        return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
      }
      throw new Error(`no ${word} in the line ${line}`);
    },
    [line, word],
  );
  await page.mouse.move(point.x, point.y, { steps: 3 });
}

test('hover docs and completion come from the task API', async ({ page }) => {
  test.setTimeout(60_000);
  await openNewTask(page);
  const editor = page.getByTestId('task-editor');
  // hover docs of defineTask and of the rng: the API's own doc comments
  await hoverOver(page, 'export default defineTask({', 'defineTask');
  await expect(page.locator('.cm-tooltip-hover')).toContainText('Declares a task. It only checks and returns the definition', { timeout: 30_000 });
  await hoverOver(page, 'return { coherence: rng.choice', 'choice');
  await expect(page.locator('.cm-tooltip-hover')).toContainText('one element of `items`, each equally likely');
  // completion of the rng's methods and of the period helpers
  await editor.locator('.cm-line', { hasText: 'return { coherence: rng.choice' }).click();
  await page.keyboard.press('End');
  await page.keyboard.type('\n    rng.un');
  await expect(page.locator('.cm-tooltip-autocomplete')).toContainText('uniformRange', { timeout: 30_000 });
  await page.keyboard.press('Escape');
  await page.keyboard.type(';\n    inPer');
  await expect(page.locator('.cm-tooltip-autocomplete')).toContainText('inPeriod');
});
