/**
 * The browser benchmark's page, driven by bench/browser/run.ts: each call runs in a fresh Web Worker
 * (./worker.ts), terminated afterwards, so every row starts its backend anew and a row past its budget can be
 * stopped. Progress lines go to `window.benchLog` when the driver exposes it, else to the console.
 */
import * as Comlink from 'comlink';
import type { BackendProbe } from '../../src/worker/protocol.ts';
import type { BackendStatus, Timing } from '../timing.ts';
import type { AccuracyRequest, BenchWorkerApi, RowRequest } from './worker.ts';

/** A row that ran, a backend that did not start (timing null), or a row stopped past its budget. */
export type RowResult = { status: BackendStatus; timing: Timing | null } | { stopped: string };

declare global {
  interface Window {
    probeBackends(): Promise<BackendProbe[]>;
    tfjsVersion(): Promise<string>;
    timeRow(request: RowRequest): Promise<RowResult>;
    timeToAccuracy(request: AccuracyRequest): ReturnType<BenchWorkerApi['timeToAccuracy']>;
    benchLog?: (line: string) => Promise<void>;
  }
}

/** A row may overrun its budget by this fraction (its iterations are predicted from the previous one) before it is stopped. */
const GRACE = 0.25;

/** Runs `use` against a new worker, terminated afterwards; rejects if the worker fails to load or crashes. */
async function withWorker<T>(use: (api: Comlink.Remote<BenchWorkerApi>) => Promise<T>): Promise<T> {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<BenchWorkerApi>(worker);
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => reject(new Error(`benchmark worker: ${event.message || 'failed to load'}`)));
  });
  try {
    return await Promise.race([use(api), crashed]);
  } finally {
    api[Comlink.releaseProxy]();
    worker.terminate();
  }
}

const log = (line: string) => (window.benchLog ? void window.benchLog(line) : console.log(line));

window.probeBackends = () => withWorker((api) => api.probe());
window.tfjsVersion = () => withWorker((api) => api.tfjsVersion());
window.timeToAccuracy = (request) => withWorker((api) => api.timeToAccuracy(request, Comlink.proxy(log)));
window.timeRow = (request) =>
  withWorker(
    (api) =>
      new Promise<RowResult>((resolve, reject) => {
        const budgetMs = request.plan.rowBudgetMs;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const started = () => {
          if (budgetMs === undefined) return;
          const limitMs = budgetMs * (1 + GRACE);
          timer = setTimeout(() => resolve({ stopped: `stopped at ${(limitMs / 1000).toFixed(0)} s` }), limitMs);
        };
        api
          .timeRow(request, Comlink.proxy(log), Comlink.proxy(started))
          .then(resolve, reject)
          .finally(() => clearTimeout(timer));
      }),
  );
