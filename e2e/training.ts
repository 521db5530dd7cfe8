/** Helpers for the training e2e tests: reading the page's live numbers and waiting on the run state. */
import { expect, type Page } from '@playwright/test';

export const PLOTS = ['loss-plot', 'trial-plot', 'psychometric-plot', 'unit-traces-plot', 'pca-plot', 'weights-plot'] as const;

/** The number shown in a stats cell, or NaN while it shows "—". */
export async function shownNumber(page: Page, testId: string): Promise<number> {
  return Number((await page.getByTestId(testId).textContent())?.replace(/,/g, ''));
}

/** Trials done, from the progress line ("12,800 / 50,048 trials"). */
export async function trialsDone(page: Page): Promise<number> {
  const text = (await page.locator('.progress-text').textContent()) ?? '';
  const match = /^([\d,]+) \//.exec(text);
  return match ? Number(match[1].replace(/,/g, '')) : 0;
}

/** Waits until the status line reports the end of a run ("accuracy … after N trials"). */
export async function waitForRunEnd(page: Page, timeout: number): Promise<void> {
  await expect(page.getByTestId('status-message')).toHaveText(/on a fresh batch after/, { timeout });
}

/** Long main-thread tasks (> 50 ms) with their start times, recorded from page load. */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const store: [number, number][] = [];
    (window as unknown as { __longTasks: [number, number][] }).__longTasks = store;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) store.push([entry.startTime, entry.duration]);
    }).observe({ type: 'longtask', buffered: true });
  });
}

export async function longTasksSince(page: Page, since: number): Promise<[number, number][]> {
  const all = await page.evaluate(() => (window as unknown as { __longTasks: [number, number][] }).__longTasks);
  return all.filter(([start]) => start >= since);
}

/** Sets a labelled number field in a settings panel. */
export async function setField(page: Page, label: string, value: number): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.fill(String(value));
  await expect(input).not.toHaveAttribute('aria-invalid', 'true');
}
