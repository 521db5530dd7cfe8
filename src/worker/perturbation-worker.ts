/**
 * The perturbation worker, exposed through Comlink: the held network run without and with the spec's perturbation
 * (perturbation-service.ts), off the page's thread. A person's task code may make its trials, so the worker installs
 * the task compiler and locks its scope down first, as the training worker does (no tf.js here: the plain
 * simulator needs no backend started before the lock-down).
 */
import * as Comlink from 'comlink';
import { compileTask } from '../core/tasks/compile.ts';
import { installTaskCompiler } from '../core/tasks/custom-task.ts';
import { type PerturbationAnswer, type PerturbationRequest, runPerturbation } from './perturbation-service.ts';
import { lockDownGlobals } from './sandbox.ts';

installTaskCompiler(compileTask);
const reachable = lockDownGlobals();
const refusal: PerturbationAnswer | null =
  reachable.length === 0 ? null : { ok: false, message: `this browser's worker still reaches ${reachable.join(', ')}, so the page does not run task code in it` };

const api = {
  /** Resolves once the worker has loaded; names what the lock-down could not remove (nothing, in a browser). */
  ready: () => reachable,
  /** The answer is small (a few example trials and two curves): copied, not transferred. */
  run: (request: PerturbationRequest): PerturbationAnswer => refusal ?? runPerturbation(request),
};

export type PerturbationWorkerApi = typeof api;

Comlink.expose(api);
