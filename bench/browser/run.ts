/**
 * `npm run bench -- --browser [--json] [--quick] [--backends wasm,cpu,webgl,webgpu] [--sizes 50,256]`: the
 * benchmark of bench/run.ts in headless Chromium. Builds this folder with Vite, serves the build on
 * http://localhost (a secure context, which WebGPU needs), and has the page (./page.ts) time each row —
 * backend × N_rec × implementation — in a fresh Web Worker, then train the example to 90 % on wasm.
 * A software GPU (SwiftShader) is timed anyway, labelled, at the smallest N_rec only and with a short plan
 * whose per-row budget skips the rows it cannot afford.
 */
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium.ts';
import type { ExperimentSpec } from '../../src/core/spec/spec.ts';
import type { BackendName } from '../../src/worker/protocol.ts';
import { IMPLEMENTATIONS } from '../implementations.ts';
import { addSpeedups, type BackendStatus, describePlan, type Plan, reportBody, skippedRow, type TimeToAccuracy, type Timing } from '../timing.ts';
import type { AccuracyRequest, RowRequest } from './worker.ts';

export interface BrowserBenchOptions {
  quick: boolean;
  /** the plan of CPU backends (wasm, cpu) and real GPUs */
  plan: Plan;
  backends: string[];
  sizes: number[];
  example: ExperimentSpec;
}

const CONFIG = fileURLToPath(new URL('./vite.config.ts', import.meta.url));
const PORT = 4180;

/** --quick gives a row at most this long, and times cpu (~16 s an iteration at N_rec 256) at the smallest N_rec only. */
const QUICK_ROW_BUDGET_MS = 15_000;
/** SwiftShader takes seconds per per-step iteration (and a minute to compile the naive peer's shaders on WebGPU). */
const softwareGpuPlan = (quick: boolean): Plan => ({
  warmup: 1,
  timed: quick ? 2 : 3,
  timeBudgetMs: quick ? 5_000 : 20_000,
  minTimed: 1,
  accuracyTrials: 0,
  rowBudgetMs: quick ? 15_000 : 60_000,
});

/** A software GPU, and cpu in --quick, run at the smallest N_rec only. */
function planFor(backend: BackendName, software: boolean, options: BrowserBenchOptions): { plan: Plan; sizes: number[] } {
  const smallest = [Math.min(...options.sizes)];
  if (software) return { plan: softwareGpuPlan(options.quick), sizes: smallest };
  if (!options.quick) return { plan: options.plan, sizes: options.sizes };
  return { plan: { ...options.plan, rowBudgetMs: QUICK_ROW_BUDGET_MS }, sizes: backend === 'cpu' ? smallest : options.sizes };
}

export async function runBrowserBench(options: BrowserBenchOptions, log: (line: string) => void) {
  const started = performance.now();
  log('building bench/browser with Vite…');
  await build({ configFile: CONFIG });
  const server = await preview({ configFile: CONFIG, preview: { host: 'localhost', port: PORT, strictPort: false } });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview did not report a local URL');
    const page = await browser.newPage();
    await page.exposeFunction('benchLog', log);
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') log(`console error: ${message.text()}`);
    });
    await page.goto(url);
    await page.waitForFunction(() => typeof window.timeRow === 'function');
    const probes = await page.evaluate(() => window.probeBackends());

    const plans: Record<string, Plan> = {};
    const statuses: BackendStatus[] = [];
    const timings: Timing[] = [];
    for (const backend of options.backends as BackendName[]) {
      const probe = probes.find((p) => p.name === backend);
      const { plan, sizes } = planFor(backend, probe?.software === true, options);
      plans[backend] = plan;
      log(`${backend}${probe?.software ? ' (software GPU)' : ''}: N_rec ${sizes.join(', ')}`);
      let status: BackendStatus | undefined;
      rows: for (const N_rec of sizes) {
        for (const { name } of IMPLEMENTATIONS) {
          const request: RowRequest = { backend, example: options.example, N_rec, implementation: name, plan };
          const row = await page.evaluate((r) => window.timeRow(r), request);
          if ('stopped' in row) {
            log(`${backend} N_rec ${N_rec} ${name}: skipped (${row.stopped}, over its ${(plan.rowBudgetMs ?? 0) / 1000} s budget)`);
            timings.push(skippedRow(backend, N_rec, name, row.stopped));
            continue;
          }
          status = row.status;
          if (!row.timing) break rows;
          timings.push(row.timing);
        }
      }
      status ??= { backend, ran: true, note: 'every row was stopped past its budget', ...(probe?.software ? { software: probe.reason ?? 'software GPU' } : {}) };
      statuses.push(status);
      if (!status.ran) log(`${backend}: skipped: ${status.note}`);
    }
    addSpeedups(timings);

    const request: AccuracyRequest = { backend: 'wasm', example: options.example, trialsCap: options.plan.accuracyTrials };
    const trained = await page.evaluate((r) => window.timeToAccuracy(r), request);
    const accuracy: TimeToAccuracy | { skipped: string } = trained.result ?? { skipped: `wasm: ${trained.status.note}` };

    const report = {
      date: new Date().toISOString(),
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: availableParallelism(),
        browser: `Chromium ${browser.version()} (headless)`,
        hardwareConcurrency: await page.evaluate(() => navigator.hardwareConcurrency),
        tfjs: await page.evaluate(() => window.tfjsVersion()),
      },
      where: 'headless Chromium, each row in a fresh Web Worker',
      quick: options.quick,
      plans,
      backends: statuses,
      timings,
      timeToAccuracy: accuracy,
      seconds: (performance.now() - started) / 1000,
    };
    const m = report.machine;
    const planLines = [...new Set(Object.values(plans).map(describePlan))].map((words) => {
      const names = Object.keys(plans).filter((b) => describePlan(plans[b]) === words);
      return `${names.join(', ')}: ${words}`;
    });
    const text = [
      `${report.date}  ${m.cpu}, ${m.cores} cores, ${m.browser}, tf.js ${m.tfjs}, each row in a fresh Web Worker` +
        `${options.quick ? '  (--quick)' : ''}`,
      ...planLines,
      'N_in 2, N_out 2, N_batch 128, 200 steps',
      '',
      ...reportBody(timings, statuses, accuracy, ' in Chromium'),
      `(${report.seconds.toFixed(0)} s in all, build included)`,
    ].join('\n');
    return { report, text };
  } finally {
    await browser?.close();
    await server.close();
  }
}
