/**
 * The page's handle on the fixed-points worker (src/worker/fixed-points-worker.ts, Comlink). A search is
 * cancelled by message; a worker that does not answer Cancel within `CANCEL_ANSWER_MS` (stuck in a person's task
 * code, say) is ended, its search answered "stopped", and the next request starts a fresh worker.
 */
import * as Comlink from 'comlink';
import type { DescribeAnswer, DescribeRequest, FindAnswer, FindProgress, FindRequest, FixedPointsWorkerApi } from '../../worker/fixed-points-protocol.ts';

export const CANCEL_ANSWER_MS = 1000;

interface Handle {
  worker: Worker;
  api: Comlink.Remote<FixedPointsWorkerApi>;
  /** answers every request still waiting when the worker is ended or fails */
  fail: Set<(message: string) => void>;
}

let current: Handle | null = null;

function handle(): Handle {
  if (current) return current;
  const worker = new Worker(new URL('../../worker/fixed-points-worker.ts', import.meta.url), { type: 'module', name: 'cogrnn-fixed-points' });
  const h: Handle = { worker, api: Comlink.wrap<FixedPointsWorkerApi>(worker), fail: new Set() };
  worker.addEventListener('error', (event) => end(h, `the fixed-points worker failed: ${event.message || 'it could not be loaded'}`));
  current = h;
  return h;
}

function end(h: Handle, message: string): void {
  h.worker.terminate();
  if (current === h) current = null;
  for (const fail of h.fail) fail(message);
  h.fail.clear();
}

/** Runs `call` on the worker; answers `{ ok: false }` when the worker fails or is ended meanwhile. */
function request<T extends { ok: boolean }>(call: (api: Comlink.Remote<FixedPointsWorkerApi>) => Promise<T>): Promise<T | { ok: false; message: string }> {
  const h = handle();
  return new Promise((resolve) => {
    const fail = (message: string) => resolve({ ok: false, message });
    h.fail.add(fail);
    call(h.api)
      .then(resolve, (error: unknown) => fail(error instanceof Error ? error.message : String(error)))
      .finally(() => h.fail.delete(fail));
  });
}

export function describeNetwork(req: DescribeRequest): Promise<DescribeAnswer> {
  return request((api) => api.describe(req) as Promise<DescribeAnswer>);
}

export function findFixedPoints(req: FindRequest, onProgress: (progress: FindProgress) => void): Promise<FindAnswer> {
  return request((api) => api.find(req, Comlink.proxy(onProgress)) as Promise<FindAnswer>);
}

/** Cancels the search under way (it answers with what it found); ends the worker when it does not answer in time. */
export async function cancelSearch(): Promise<void> {
  const h = current;
  if (!h) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), CANCEL_ANSWER_MS)));
  const answered = await Promise.race([h.api.cancel().then(() => true), late]);
  clearTimeout(timer);
  if (!answered) end(h, `stopped: the fixed-points worker did not answer Cancel within ${CANCEL_ANSWER_MS / 1000} s, so it was ended`);
}
