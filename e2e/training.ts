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

/** A saved run as the e2e tests read it: its state, curve points and checkpoint (src/ui/experiments/db.ts). */
export interface SavedRun {
  id: string;
  name: string;
  state: string;
  curveTrials: number[];
  checkpointTrials: number | null;
  /** the checkpoint holds the trainer's position (it can be resumed) */
  resumable: boolean;
}

/** The experiment the page has open as saved in IndexedDB, with its runs (oldest first); null when none is. */
export async function savedRecords(page: Page): Promise<{ experiment: any; runs: SavedRun[] } | null> {
  // a write under way is waited for: what is read is what the page last saved
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('cogrnn');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const ask = <T,>(request: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    try {
      const id = await ask(db.transaction('meta').objectStore('meta').get('open-experiment'));
      if (id === undefined) return null;
      const experiment = await ask(db.transaction('experiments').objectStore('experiments').get(id));
      const runs = await ask(db.transaction('runs').objectStore('runs').index('experimentId').getAll(id));
      return {
        experiment,
        runs: runs
          .sort((a, b) => a.startedAt - b.startedAt)
          .map((run) => ({
            id: run.id,
            name: run.name,
            state: run.state,
            curveTrials: run.curve.trials,
            checkpointTrials: run.checkpoint?.trials ?? null,
            resumable: Boolean(run.checkpoint?.state),
          })),
      };
    } finally {
      db.close();
    }
  });
}

/**
 * The spec the page saved (src/ui/experiments: every change is saved in IndexedDB); a saved text that is not JSON
 * as it is (a refused saved spec stays as it was until the first edit).
 */
export async function savedSpec(page: Page): Promise<any> {
  const spec = (await savedRecords(page))?.experiment?.spec ?? null;
  if (typeof spec !== 'string') return spec;
  try {
    return JSON.parse(spec);
  } catch {
    return spec;
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
