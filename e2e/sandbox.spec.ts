/**
 * Task code cannot reach the network or the app's storage (issue 12). A listener on another loopback port counts
 * every request and WebSocket upgrade it gets; task code pasted into the editor tries, one API a row, to reach it
 * (or IndexedDB, the Cache API) where the task worker runs it — at the file's top level (the declarations) and in
 * the trial function (the preview) — and where the training worker runs it (only for training batches, so the
 * preview passes and Train starts). Each attempt ends in a "<name> is blocked" error the page shows, and the
 * listener hears nothing. Then the browser's own enforcement: `/` is served with the Content-Security-Policy, and
 * the page's own fetch, WebSocket, beacon and module import to the listener are refused with violation events, as
 * is a module import from task code (which no lock-down can remove); and the app itself runs under the policy with
 * no violation at all.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, type Page, test } from '@playwright/test';
import { contentSecurityPolicy } from '../scripts/csp.ts';
import { lineOf, MEAN_SIGN, openNewTask, pasteCode, status, tinyTraining, withTrialLine } from './task-code.ts';
import { PLOTS, waitForRunEnd } from './training.ts';

const NETWORK = 'task code runs without network access';
const STORAGE = 'task code runs without access to storage';

/** One API a row: the statement that tries it (given the listener's port) and the start of the error it must get. */
const ROWS: { api: string; call: (port: number) => string; blocked: string }[] = [
  { api: 'fetch', call: (port) => `fetch('http://127.0.0.1:${port}/fetch');`, blocked: `fetch is blocked: ${NETWORK}` },
  { api: 'WebSocket', call: (port) => `new WebSocket('ws://127.0.0.1:${port}/socket');`, blocked: `WebSocket is blocked: ${NETWORK}` },
  { api: 'importScripts', call: (port) => `importScripts('http://127.0.0.1:${port}/script.js');`, blocked: `importScripts is blocked: ${NETWORK}` },
  { api: 'indexedDB', call: () => `indexedDB.open('cogrnn');`, blocked: `indexedDB is blocked: ${STORAGE}` },
  { api: 'XMLHttpRequest', call: (port) => `new XMLHttpRequest().open('GET', 'http://127.0.0.1:${port}/xhr');`, blocked: `XMLHttpRequest is blocked: ${NETWORK}` },
  { api: 'caches', call: () => `caches.open('cogrnn');`, blocked: `caches is blocked: ${STORAGE}` },
  { api: 'navigator.sendBeacon', call: (port) => `navigator.sendBeacon('http://127.0.0.1:${port}/beacon', 'weights');`, blocked: `navigator.sendBeacon is blocked: ${NETWORK}` },
  { api: 'EventSource', call: (port) => `new EventSource('http://127.0.0.1:${port}/events');`, blocked: `EventSource is blocked: ${NETWORK}` },
];

let listener: Server;
let port: number;
/** What the listener received: "GET /path" per request, "upgrade /path" per WebSocket handshake. */
const received: string[] = [];

test.beforeAll(async () => {
  listener = createServer((request, response) => {
    received.push(`${request.method} ${request.url}`);
    response.end('<!doctype html><title>listener</title>');
  });
  listener.on('upgrade', (request, socket) => {
    received.push(`upgrade ${request.url}`);
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as AddressInfo).port;
});

test.afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));

test.beforeEach(() => {
  received.length = 0;
});

const atTopLevel = (statement: string) => MEAN_SIGN.replace('export default defineTask({', `${statement}\n\nexport default defineTask({`);

/** Trials for training batches only: the preview draws 16 at a time, the training below 32. */
const inTrainingBatches = (statement: string) =>
  MEAN_SIGN.replace('  generateTrialParams(rng, task) {\n', `  generateTrialParams(rng, task) {\n    if (task.N_batch > 16) ${statement}\n`);

/** Where the type check marks the unknown global: the statement's first name, after `if (task.N_batch > 16) ` and `new `. */
const typeErrorColumn = (statement: string) => 5 + 'if (task.N_batch > 16) '.length + (statement.startsWith('new ') ? 4 : 0);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What the browser says about the policy, on the page and in its workers: its console reports and the violation events. */
async function watchPolicyReports(page: Page): Promise<string[]> {
  const reports: string[] = [];
  const watch = (text: string) => void (/Content Security Policy/i.test(text) && reports.push(text));
  page.on('console', (message) => watch(message.text()));
  page.on('worker', (worker) => worker.on('console', (message) => watch(message.text())));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) => console.error(`Content Security Policy violation: ${event.effectiveDirective} ${event.blockedURI}`)),
  );
  return reports;
}

for (const row of ROWS) {
  test(`task code that calls ${row.api} is blocked in the task worker and in the training worker, and the page says so`, async ({ page }) => {
    test.setTimeout(90_000);
    await openNewTask(page);
    const statement = row.call(port);

    const declarations = atTopLevel(statement);
    await pasteCode(page, declarations);
    await expect(status(page)).toHaveText(new RegExp(`^my-task\\.ts:${lineOf(declarations, statement)}:\\d+: running the file threw TypeError: ${escape(row.blocked)}$`));
    await expect(page.getByTestId('train-button')).toBeDisabled();

    await pasteCode(page, withTrialLine(statement));
    await expect(status(page)).toHaveText(new RegExp(`^my-task\\.ts:\\d+:\\d+: MeanSign: trialFunction threw TypeError: ${escape(row.blocked)} \\(t = 0 ms, batch 1, trial 0\\)$`));

    // the preview passes; the editor's type check already warns that task code has no such global (it does not block)
    await pasteCode(page, inTrainingBatches(statement));
    await expect(status(page)).toHaveText(`my-task.ts:${lineOf(inTrainingBatches(statement), statement)}:${typeErrorColumn(statement)}: type error: Cannot find name '${row.api.split('.')[0]}'.`);
    await expect(page.getByTestId('preview-trial')).toHaveCount(3);
    await tinyTraining(page, 64);
    await page.getByTestId('train-button').click();
    await expect(page.getByTestId('error-banner')).toContainText(`generateTrialParams threw TypeError: ${row.blocked}`, { timeout: 60_000 });
    await expect(page.getByTestId('train-button')).toBeEnabled();

    expect(received, 'requests the listener received').toEqual([]);
  });
}

test('the browser enforces the policy: / carries the CSP, and the page itself cannot reach another port', async ({ page }) => {
  const reports = await watchPolicyReports(page);
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toBe(contentSecurityPolicy());
  await expect(page.getByTestId('train-button')).toBeVisible();

  const outcomes = await page.evaluate(async (target) => {
    const violations: string[] = [];
    (window as unknown as { violations: string[] }).violations = violations;
    document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.effectiveDirective} ${event.blockedURI}`));
    const said: string[] = [];
    await fetch(`http://${target}/page-fetch`).then(
      () => said.push('fetch answered'),
      (error: Error) => said.push(`fetch refused: ${error.name}`),
    );
    try {
      new WebSocket(`ws://${target}/page-socket`);
    } catch (error) {
      said.push(`WebSocket refused: ${(error as Error).name}`);
    }
    navigator.sendBeacon(`http://${target}/page-beacon`, 'weights');
    await import(/* @vite-ignore */ `http://${target}/page-module.js`).then(
      () => said.push('import loaded'),
      (error: Error) => said.push(`import refused: ${error.name}`),
    );
    return said;
  }, `127.0.0.1:${port}`);
  expect(outcomes).toContain('fetch refused: TypeError');
  expect(outcomes).toContain('import refused: TypeError');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { violations: string[] }).violations.slice().sort()))
    .toEqual([
      `connect-src http://127.0.0.1:${port}/page-beacon`,
      `connect-src http://127.0.0.1:${port}/page-fetch`,
      `connect-src ws://127.0.0.1:${port}/page-socket`,
      `script-src-elem http://127.0.0.1:${port}/page-module.js`,
    ]);
  // what the app-wide check below watches for: here, the four refusals
  expect(reports.filter((text) => text.includes(`127.0.0.1:${port}`)).length).toBeGreaterThanOrEqual(4);
  expect(received, 'requests the listener received').toEqual([]);

  // the control: without the policy (the listener's own page) the same browser reaches the listener
  await page.goto(`http://127.0.0.1:${port}/control`);
  expect(received).toContain('GET /control');
});

test("in a worker too the browser refuses what the lock-down cannot remove: a module imported by a URL built at run time", async ({ page }) => {
  const logged: string[] = [];
  page.on('worker', (worker) => worker.on('console', (message) => logged.push(message.text())));
  await openNewTask(page);
  // `import()` is syntax, not a global; built from a string it escapes the compiler's one-import rule
  const statement = `new Function('url', 'return import(url)')('http://127.0.0.1:${port}/worker-module.js').then(() => console.log('module loaded'), (error: Error) => console.log(\`module refused: \${error.name}\`));`;
  await pasteCode(page, atTopLevel(statement));
  await expect(status(page)).toHaveText('ok');
  // the import settles after the request it would make: once refused, a request that got through would be counted
  await expect.poll(() => logged).toContain('module refused: TypeError');
  expect(logged.some((text) => text.includes('module loaded'))).toBe(false);
  expect(received, 'requests the listener received').toEqual([]);
});

test('the app itself runs under the policy without one violation: the editor and its type check, the preview, training, the plots, the kernel-check page', async ({ page }) => {
  test.setTimeout(120_000);
  const reports = await watchPolicyReports(page);
  await openNewTask(page);
  const typed = `${MEAN_SIGN}\nconst shown: number = 'text';\n`;
  await pasteCode(page, typed);
  await expect(status(page)).toHaveText(`my-task.ts:${lineOf(typed, 'const shown')}:7: type error: Type 'string' is not assignable to type 'number'.`, { timeout: 20_000 });
  await expect(page.getByTestId('preview-trial')).toHaveCount(3);
  await tinyTraining(page, 640); // 20 batches: two points of the loss curve (every 10 batches)
  await page.getByTestId('train-button').click();
  await waitForRunEnd(page, 60_000);
  for (const plot of PLOTS) await expect(page.getByTestId(plot).locator('.js-plotly-plot .main-svg').first()).toBeVisible({ timeout: 30_000 });
  await page.goto('/kernel-check.html');
  expect((await page.evaluate(() => window.runKernelCheck('wasm'))).backend).toBe('wasm');
  expect(reports, 'what the browser said about the policy').toEqual([]);
});
