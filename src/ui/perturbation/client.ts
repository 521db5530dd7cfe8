/**
 * The page's handle on the perturbation worker (src/worker/perturbation-worker.ts, Comlink), started on the first
 * run and kept for the next. A worker that fails (it could not load, or a person's task code broke it) answers its
 * request with the reason and is replaced on the next run.
 */
import * as Comlink from 'comlink';
import type { PerturbationWorkerApi } from '../../worker/perturbation-worker.ts';
import type { PerturbationAnswer, PerturbationRequest } from '../../worker/perturbation-service.ts';

interface Handle {
  worker: Worker;
  api: Comlink.Remote<PerturbationWorkerApi>;
  fail: Set<(message: string) => void>;
}

let current: Handle | null = null;

function handle(): Handle {
  if (current) return current;
  const worker = new Worker(new URL('../../worker/perturbation-worker.ts', import.meta.url), { type: 'module', name: 'cogrnn-perturbation' });
  const h: Handle = { worker, api: Comlink.wrap<PerturbationWorkerApi>(worker), fail: new Set() };
  worker.addEventListener('error', (event) => {
    worker.terminate();
    if (current === h) current = null;
    for (const fail of h.fail) fail(`the perturbation worker failed: ${event.message || 'it could not be loaded'}`);
  });
  current = h;
  return h;
}

/** The held network without and with the perturbation; `{ ok: false }` with the reason when it cannot run. */
export function runPerturbation(request: PerturbationRequest): Promise<PerturbationAnswer> {
  const h = handle();
  return new Promise((resolve) => {
    const fail = (message: string) => resolve({ ok: false, message });
    h.fail.add(fail);
    (h.api.run(request) as Promise<PerturbationAnswer>)
      .then(resolve, (error: unknown) => fail(error instanceof Error ? error.message : String(error)))
      .finally(() => h.fail.delete(fail));
  });
}
