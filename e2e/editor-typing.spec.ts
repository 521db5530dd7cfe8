/** Typing in the task editor never blocks the page (issue 10): CodeMirror here, TypeScript and the task code in workers. */
import { expect, test } from '@playwright/test';
import { openNewTask, status } from './task-code.ts';
import { longTasksSince, recordLongTasks } from './training.ts';

// tracing snapshots the page after every action, itself main-thread work: off where long tasks are measured
test.use({ trace: 'off' });

test('typing in the editor never blocks the main thread for 100 ms', async ({ page }) => {
  test.setTimeout(60_000);
  await recordLongTasks(page);
  await openNewTask(page);
  // the language service has answered (its first type check), so typing meets a warm editor
  await page.getByTestId('task-editor').locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  const since = await page.evaluate(() => performance.now());
  await page.keyboard.type('\n// a comment typed one key at a time, as a person types it\nconst extra = 1 + 2;\n', { delay: 40 });
  await expect(status(page)).toHaveText(/^(ok|.*type error.*)$/);
  await expect(status(page)).toHaveAttribute('aria-busy', 'false');
  const longest = Math.max(0, ...(await longTasksSince(page, since)).map(([, duration]) => duration));
  console.log(`[e2e] longest main-thread task while typing in the editor: ${longest.toFixed(0)} ms`);
  test.info().annotations.push({ type: 'longest task while typing', description: `${longest.toFixed(0)} ms` });
  expect(longest).toBeLessThan(100);
});
