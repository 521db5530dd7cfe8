/**
 * The comparison worker, exposed through Comlink: the page sends a comparison's planned runs and receives each
 * run's progress and result (comparison-protocol.ts). It has its own scope, backends and task compiler, like the
 * training worker (the same host, browser-host.ts), so a comparison and the page's own run never share a tf.js
 * backend; custom task code runs only after the worker has locked itself down (session.ts asks the host to isolate).
 */
import * as Comlink from 'comlink';
import { compileTask } from '../core/tasks/compile.ts';
import { installTaskCompiler } from '../core/tasks/custom-task.ts';
import { availableBackends } from './browser-backends.ts';
import { browserHost, transferables } from './browser-host.ts';
import type { ComparisonStart, ComparisonUpdate, ComparisonWorkerApi } from './comparison-protocol.ts';
import { ComparisonRunner } from './comparison-runner.ts';

installTaskCompiler(compileTask);

const runner = new ComparisonRunner(browserHost);

const api: ComparisonWorkerApi = {
  availableBackends,
  async run(start: ComparisonStart, onUpdate: (update: ComparisonUpdate) => void) {
    const emit = (update: ComparisonUpdate) => void onUpdate(Comlink.transfer(update, transferables(update)));
    try {
      await runner.run(start, emit);
    } catch (error) {
      emit({ type: 'comparison-ended', state: 'error', message: `The comparison failed: ${(error as Error).message}` });
    }
  },
  cancel: () => runner.cancel(),
};

Comlink.expose(api);
