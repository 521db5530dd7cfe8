/**
 * The task worker, exposed through Comlink: besides the training worker, the only place the page runs a person's
 * task code. It compiles a task file and answers what the page needs before any training — the definition's
 * declared options, N_in / N_out and the rules' issues for the given values, and a few generated trials for the
 * preview (`task-service.ts`). Its scope is locked down first (`sandbox.ts`): no network, no storage. A request that
 * does not answer in time (an endless loop) is the page's to stop: it ends this worker and starts another
 * (`src/ui/task-client.ts`).
 */
import * as Comlink from 'comlink';
import { lockDownGlobals } from './sandbox.ts';
import { describeTask, previewTrials } from './task-service.ts';

const reachable = lockDownGlobals();

/** Task code runs only in a scope that reaches neither the network nor storage. */
const refusal =
  reachable.length === 0
    ? null
    : { ok: false as const, error: { message: `this browser's worker still reaches ${reachable.join(', ')}, so the page does not run task code in it`, line: null, column: null } };

const api = {
  /** Resolves once the worker has loaded; names what the lock-down could not remove (nothing, in a browser). */
  ready: () => reachable,
  describe: (...args: Parameters<typeof describeTask>) => refusal ?? describeTask(...args),
  preview(...args: Parameters<typeof previewTrials>) {
    const answer = refusal ?? previewTrials(...args);
    if (!answer.ok) return answer;
    const { x, y, mask } = answer.preview;
    return Comlink.transfer(answer, [x.data.buffer, y.data.buffer, mask.data.buffer] as ArrayBuffer[]);
  },
};

export type TaskWorkerApi = typeof api;

Comlink.expose(api);
