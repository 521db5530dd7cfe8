/**
 * Helpers for the e2e tests: reading the page's live numbers and its saved spec, waiting on the run state, and
 * dragging on the mask grids.
 */
import { expect, type Locator, type Page } from '@playwright/test';

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

/** The spec the page saved (persistence.ts: every change is saved to localStorage); a text that is not JSON as it is. */
export async function savedSpec(page: Page): Promise<any> {
  const text = await page.evaluate(() => localStorage.getItem('cogrnn:spec'));
  try {
    return JSON.parse(text ?? 'null');
  } catch {
    return text; // a refused stored spec stays as it was until the first edit
  }
}

/** The page coordinates of cell (row, col)'s centre on a mask grid (its canvas's box is exactly its cells). */
export async function cellCentre(grid: Locator, row: number, col: number): Promise<{ x: number; y: number }> {
  const box = (await grid.boundingBox())!;
  const rows = Number(await grid.getAttribute('data-rows'));
  const cols = Number(await grid.getAttribute('data-cols'));
  return { x: box.x + ((col + 0.5) * box.width) / cols, y: box.y + ((row + 0.5) * box.height) / rows };
}

/** A mouse drag on a mask grid from the centre of one cell [row, col] to another's, in `steps` moves. */
export async function dragOnMask(page: Page, grid: Locator, from: [number, number], to: [number, number], steps = 6): Promise<void> {
  // centred: the sticky run bar covers the top of the viewport, and option fields move the grids down
  await grid.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  const a = await cellCentre(grid, ...from);
  const b = await cellCentre(grid, ...to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps });
  await page.mouse.up();
}
