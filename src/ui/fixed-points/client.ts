/**
 * The page's handle on the fixed-points worker (src/worker/fixed-points-worker.ts, Comlink). A search is
 * cancelled by message; a worker that does not answer Cancel within `CANCEL_ANSWER_MS` (stuck in a person's task
 * code, say) is ended, its search answered "stopped", and the next request starts a fresh worker.
 */
import * as Comlink from 'comlink';
import { AnalysisWorker } from '../analysis-worker.ts';
import type { DescribeAnswer, DescribeRequest, FindAnswer, FindProgress, FindRequest, FixedPointsWorkerApi } from '../../worker/fixed-points-protocol.ts';

export const CANCEL_ANSWER_MS = 1000;

const worker = new AnalysisWorker<FixedPointsWorkerApi>(
  () => new Worker(new URL('../../worker/fixed-points-worker.ts', import.meta.url), { type: 'module', name: 'cogrnn-fixed-points' }),
  'fixed-points',
);

export function describeNetwork(req: DescribeRequest): Promise<DescribeAnswer> {
  return worker.request((api) => api.describe(req) as Promise<DescribeAnswer>);
}

export function findFixedPoints(req: FindRequest, onProgress: (progress: FindProgress) => void): Promise<FindAnswer> {
  return worker.request((api) => api.find(req, Comlink.proxy(onProgress)) as Promise<FindAnswer>);
}

/** Cancels the search under way (it answers with what it found); ends the worker when it does not answer in time. */
export function cancelSearch(): Promise<void> {
  const ended = `stopped: the fixed-points worker did not answer Cancel within ${CANCEL_ANSWER_MS / 1000} s, so it was ended`;
  return worker.askOrEnd((api) => api.cancel(), CANCEL_ANSWER_MS, ended);
}
