/**
 * The page's handle on the task worker (`src/worker/task-worker.ts`, Comlink), which runs a person's task code for
 * the checks and the preview. Requests go one at a time; one that is not answered within `WATCHDOG_MS` of being
 * sent (an endless loop in the person's code) ends the worker, starts a fresh one at once, and rejects with
 * `TaskCodeStopped`, so the page stays usable and the next request is answered.
 */
import * as Comlink from 'comlink';
import type { TaskWorkerApi } from '../worker/task-worker.ts';
import type { PreviewAnswer, TaskDescription, TaskValues } from '../worker/task-service.ts';

export const WATCHDOG_MS = 3000;
/** How long a fresh worker may take to load before the page gives up on it. */
const START_MS = 30_000;

/** The task code did not answer in time, and its worker was replaced. */
export class TaskCodeStopped extends Error {
  constructor() {
    super(`stopped: the task code ran for more than ${WATCHDOG_MS / 1000} s (an endless loop?)`);
    this.name = 'TaskCodeStopped';
  }
}

interface Handle {
  worker: Worker;
  api: Comlink.Remote<TaskWorkerApi>;
  /** resolves once the worker has loaded and locked down its scope */
  started: Promise<void>;
}

let current: Handle | null = null;

function start(): Handle {
  const worker = new Worker(new URL('../worker/task-worker.ts', import.meta.url), { type: 'module', name: 'cogrnn-task' });
  const api = Comlink.wrap<TaskWorkerApi>(worker);
  const started = new Promise<void>((resolve, reject) => {
    const failed = (event: ErrorEvent) => reject(new Error(`the task worker failed: ${event.message || 'it could not be loaded'}`));
    worker.addEventListener('error', failed, { once: true });
    const timer = setTimeout(() => reject(new Error(`the task worker did not start within ${START_MS / 1000} s`)), START_MS);
    api.ready().then(
      () => {
        clearTimeout(timer);
        worker.removeEventListener('error', failed);
        resolve();
      },
      reject,
    );
  });
  const handle = { worker, api, started };
  // a worker that failed to start is dropped, so the next request starts another
  started.catch(() => end(handle));
  return handle;
}

function end(handle: Handle): void {
  handle.worker.terminate();
  if (current === handle) current = null;
}

let queue: Promise<unknown> = Promise.resolve();

/** Sends one request when the previous one is done; it has `WATCHDOG_MS` from being sent to be answered. */
function request<T>(call: (api: Comlink.Remote<TaskWorkerApi>) => Promise<T>): Promise<T> {
  const run = queue.then(async () => {
    const handle = (current ??= start());
    await handle.started;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const watchdog = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        end(handle);
        current = start(); // replaced now, so the next request does not wait for it to load
        reject(new TaskCodeStopped());
      }, WATCHDOG_MS);
    });
    try {
      return await Promise.race([call(handle.api), watchdog]);
    } finally {
      clearTimeout(timer);
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

export function describeTaskCode(source: string, file: string, values: TaskValues, useDefaults: boolean): Promise<TaskDescription> {
  // Comlink's Remote spreads a union result over Promise<A> | Promise<B>
  return request((api) => api.describe(source, file, values, useDefaults) as Promise<TaskDescription>);
}

export function previewTaskCode(source: string, file: string, values: TaskValues, shape: { N_in: number; N_out: number }, seed: number): Promise<PreviewAnswer> {
  return request((api) => api.preview(source, file, values, shape, seed) as Promise<PreviewAnswer>);
}
