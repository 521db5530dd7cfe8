/**
 * Bad inputs and faults in the page, as a table (issue 9): each row types, chooses or presses something and
 * states what the page must answer, and what it must keep. After every row the page is alive (every panel
 * rendered, no part failed unless the row expects it, no uncaught error), and nothing was lost: the spec holds the
 * row's `spec` values, and on a trained page the results and Download weights stay.
 *
 * Rows are data, in ./bad-input-rows.ts; add rows there. `given` says where a row starts: a fresh page (the
 * default), a page opened with a stored spec, a page where a tiny network was trained (shared by those rows, in
 * order, each undoing itself), or a browser without WebAssembly.
 */
import { type Dialog, expect, type Page, test } from '@playwright/test';
import { type Row, ROWS, type Step, TINY_SPEC, TRAIN_TINY } from './bad-input-rows.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';
import { pasteCode } from './task-code.ts';
import { dragOnMask, savedSpec, waitForRunEnd } from './training.ts';

/** Reads a dotted path of the spec the page saved. */
function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
}

const control = (page: Page, name: string) => page.getByTestId(name).or(page.getByLabel(name, { exact: true })).first();

async function runStep(page: Page, step: Step): Promise<void> {
  if ('fill' in step) {
    await page.getByLabel(step.fill, { exact: true }).fill(step.text);
  } else if ('type' in step) {
    const input = page.getByLabel(step.type, { exact: true });
    await input.fill('');
    await input.pressSequentially(step.text);
  } else if ('choose' in step) {
    await control(page, step.choose).selectOption(step.option);
  } else if ('press' in step) {
    await page.getByTestId(step.press).click();
  } else if ('pressAndDecline' in step) {
    // the click only completes once the dialog is answered, so answer it as it opens
    const asked = new Promise<{ type: string; message: string }>((resolve) =>
      page.once('dialog', (d) => {
        resolve({ type: d.type(), message: d.message() });
        void d.dismiss();
      }),
    );
    await page.getByTestId(step.pressAndDecline).click();
    const shown = await asked;
    expect(shown.type).toBe('confirm');
    expect(shown.message).toMatch(step.asks);
  } else if ('sees' in step) {
    await expect(page.getByText(step.sees).first()).toBeVisible({ timeout: step.timeout });
  } else if ('shows' in step) {
    const testId = page.getByTestId(step.shows);
    const label = page.getByLabel(step.shows, { exact: true });
    // either may still be appearing (a panel that opens with the step before)
    await expect(testId.or(label).first()).toBeAttached({ timeout: step.timeout });
    if ((await testId.count()) > 0) await expect(testId).toHaveText(step.text, { timeout: step.timeout });
    else await expect(label).toHaveValue(step.text, { timeout: step.timeout });
  } else if ('drawn' in step) {
    await expect(page.getByTestId(step.drawn).locator('.js-plotly-plot .main-svg').first()).toBeVisible({ timeout: 30_000 });
  } else if ('click' in step) {
    await page.getByRole('button', { name: step.click }).first().click();
  } else if ('reload' in step) {
    if (step.reload === 'asks') {
      const dialog = page.waitForEvent('dialog');
      // not page.reload(): a dismissed reload never loads, and page.reload() would wait for it
      await page.evaluate(() => void setTimeout(() => location.reload(), 0));
      const shown = await dialog;
      expect(shown.type()).toBe('beforeunload');
      await shown.dismiss();
    } else {
      const asked: string[] = [];
      const onDialog = (d: Dialog) => {
        asked.push(d.type());
        void d.accept();
      };
      page.on('dialog', onDialog);
      await page.reload();
      page.off('dialog', onDialog);
      expect(asked, 'dialogs on reload').toEqual([]);
    }
  } else if ('download' in step) {
    const download = page.waitForEvent('download');
    await page.getByTestId('download-weights').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(step.download);
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.length).toBeGreaterThan(1000);
  } else if ('paste' in step) {
    await pasteCode(page, step.paste);
  } else if ('paint' in step) {
    await dragOnMask(page, page.getByTestId(`mask-grid-${step.paint}`), step.from, step.to, 4);
  } else {
    await page.unroute(step.reachable);
  }
}

/** Every panel rendered, and as many failed parts as expected. */
async function expectAlive(page: Page, failedParts: number): Promise<void> {
  for (const heading of ['Task', 'Network', 'Training', 'Results']) {
    await expect(page.getByRole('heading', { level: 2, name: heading, exact: true })).toBeVisible();
  }
  await expect(page.getByTestId('train-button')).toBeVisible();
  await expect(page.getByTestId('part-failed')).toHaveCount(failedParts);
}

async function expectRow(page: Page, row: Row): Promise<void> {
  const timeout = row.timeout ?? 10_000;
  if (row.says) await expect(page.getByText(row.says).first()).toBeVisible({ timeout });
  if (row.saysNot) await expect(page.getByText(row.saysNot)).toHaveCount(0);
  const train = page.getByTestId('train-button');
  if (row.train === 'enabled') {
    await expect(train).toBeEnabled({ timeout });
    await expect(page.getByTestId('train-blocked')).toHaveCount(0);
  } else if (row.train) {
    await expect(train).toBeDisabled();
    await expect(page.getByTestId('train-blocked')).toHaveText(new RegExp(`^Fix ${escape(row.train.blockedBy)} first`));
  }
  await expectAlive(page, row.failedParts ?? 0);
  const spec = await savedSpec(page);
  for (const [path, value] of Object.entries(row.spec ?? {})) expect(at(spec, path), `spec ${path}`).toEqual(value);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Uncaught errors of the page, from the moment it opens. */
function uncaught(page: Page): Error[] {
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  return errors;
}

async function open(page: Page, given: Row['given']): Promise<void> {
  await page.goto('/');
  if (typeof given === 'object') {
    await page.evaluate((text) => localStorage.setItem('cogrnn:spec', text), given.stored);
    await page.reload();
  }
  await expect(page.getByTestId('input-channel').first()).toBeVisible();
}

test.describe('bad inputs', () => {
  for (const row of ROWS.filter((r) => r.given === undefined || r.given === 'fresh' || typeof r.given === 'object')) {
    test(row.name, async ({ page }) => {
      test.setTimeout(30_000 + (row.timeout ?? 0) * 2);
      const errors = uncaught(page);
      if (row.unreachable) await page.route(row.unreachable, (route) => route.abort());
      await open(page, row.given);
      for (const step of row.steps) await runStep(page, step);
      await expectRow(page, row);
      expect(errors).toEqual([]);
    });
  }
});

test.describe('bad inputs on a trained page', () => {
  test('a tiny network trained once, then each row in turn', async ({ page }) => {
    const rows = ROWS.filter((r) => r.given === 'trained');
    test.setTimeout(90_000 + rows.length * 15_000);
    const errors = uncaught(page);
    await open(page, 'fresh');
    for (const step of TRAIN_TINY) await runStep(page, step);
    await waitForRunEnd(page, 60_000);
    for (const row of rows) {
      await test.step(row.name, async () => {
        for (const step of row.steps) await runStep(page, step);
        await expectRow(page, row);
        // nothing lost: the trained network's results and its weights stay
        await expect(page.getByTestId('test-summary')).toHaveText(/Test batch at 16 trials/);
        await expect(page.getByTestId('download-weights')).toBeEnabled();
        for (const step of row.undo ?? []) await runStep(page, step);
        await expect(page.getByTestId('train-blocked')).toHaveCount(0);
      });
    }
    // once downloaded, leaving asks nothing, and the spec comes back
    await runStep(page, { reload: 'leaves' });
    await expectRow(page, { name: 'after download, reload', steps: [], train: 'enabled', spec: TINY_SPEC });
    expect(errors).toEqual([]);
  });
});

test.describe('bad inputs without WebAssembly', () => {
  for (const row of ROWS.filter((r) => r.given === 'no-wasm')) {
    // a browser of its own: the flag is the browser's (a test.use here would need a worker of its own)
    test(row.name, async ({ playwright, baseURL }) => {
      test.setTimeout(60_000 + (row.timeout ?? 0) * 2);
      const browser = await playwright.chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--js-flags=--jitless'] });
      try {
        const page = await (await browser.newContext({ baseURL })).newPage();
        const errors = uncaught(page);
        await open(page, 'fresh');
        expect(await page.evaluate(() => typeof WebAssembly)).toBe('undefined');
        for (const step of row.steps) await runStep(page, step);
        await expectRow(page, row);
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  }
});

test('the table holds at least 40 rows', () => {
  expect(ROWS.length).toBeGreaterThanOrEqual(40);
});
