/**
 * The fixed-points worker, exposed through Comlink (fixed-points-protocol.ts): the held network's fixed points,
 * found off the page's thread. A person's task code may make its trials, so the worker installs the task compiler
 * and locks its scope down first, as the training worker does (no tf.js here: the finder is plain float64, so there
 * are no backends to start before the lock-down). The work itself is fixed-points-service.ts.
 */
import * as Comlink from 'comlink';
import { compileTask } from '../core/tasks/compile.ts';
import { installTaskCompiler } from '../core/tasks/custom-task.ts';
import type { FixedPointsWorkerApi } from './fixed-points-protocol.ts';
import { describeFixedPoints, FixedPointService } from './fixed-points-service.ts';
import { lockDownGlobals } from './sandbox.ts';

installTaskCompiler(compileTask);
const reachable = lockDownGlobals();
const refusal = reachable.length === 0 ? null : { ok: false as const, message: `this browser's worker still reaches ${reachable.join(', ')}, so the page does not run task code in it` };

const service = new FixedPointService();

const api: FixedPointsWorkerApi = {
  ready: () => reachable,
  describe: async (request) => refusal ?? describeFixedPoints(request),
  async find(request, onProgress) {
    if (refusal) return refusal;
    const answer = await service.find(request, (progress) => void onProgress(progress));
    if (!answer.ok) return answer;
    return Comlink.transfer(answer, [answer.result.trajectories.projections.buffer as ArrayBuffer]);
  },
  cancel: () => service.cancel(),
};

Comlink.expose(api);
