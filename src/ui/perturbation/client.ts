/**
 * The page's handle on the perturbation worker (src/worker/perturbation-worker.ts, Comlink), started on the first
 * run and kept for the next. A worker that fails (it could not load, or a person's task code broke it) answers its
 * request with the reason and is replaced on the next run.
 */
import { AnalysisWorker } from '../analysis-worker.ts';
import type { PerturbationWorkerApi } from '../../worker/perturbation-worker.ts';
import type { PerturbationAnswer, PerturbationRequest } from '../../worker/perturbation-service.ts';

const worker = new AnalysisWorker<PerturbationWorkerApi>(
  () => new Worker(new URL('../../worker/perturbation-worker.ts', import.meta.url), { type: 'module', name: 'cogrnn-perturbation' }),
  'perturbation',
);

/** The held network without and with the perturbation; `{ ok: false }` with the reason when it cannot run. */
export function runPerturbation(request: PerturbationRequest): Promise<PerturbationAnswer> {
  return worker.request((api) => api.run(request) as Promise<PerturbationAnswer>);
}
