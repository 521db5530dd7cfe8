/**
 * The training worker, exposed through Comlink: the page sends a spec and receives a stream of updates.
 * Typed arrays in updates are transferred, not copied.
 */
import * as Comlink from 'comlink';
import { compileTask } from '../core/tasks/compile.ts';
import { installTaskCompiler } from '../core/tasks/custom-task.ts';
import { availableBackends } from './browser-backends.ts';
import { browserHost, transferables } from './browser-host.ts';
import type { EvaluateOptions, StartOptions, TrainingWorkerApi, WorkerUpdate } from './protocol.ts';
import { TrainingSession } from './session.ts';

installTaskCompiler(compileTask);

const session = new TrainingSession({ host: browserHost });

/** Runs `work` with an emitter that transfers each update's buffers; a failure ends the stream with an error status. */
async function streamed(onUpdate: (update: WorkerUpdate) => void, work: (emit: (update: WorkerUpdate) => void) => Promise<void>): Promise<void> {
  const emit = (update: WorkerUpdate) => void onUpdate(Comlink.transfer(update, transferables(update)));
  try {
    await work(emit);
  } catch (error) {
    emit({ type: 'error', message: (error as Error).message });
    emit({ type: 'status', state: 'error', backend: null, message: (error as Error).message });
  }
}

const api: TrainingWorkerApi = {
  availableBackends,
  start: (options: StartOptions, onUpdate: (update: WorkerUpdate) => void) => streamed(onUpdate, (emit) => session.run(options, emit)),
  evaluate: (options: EvaluateOptions, onUpdate: (update: WorkerUpdate) => void) => streamed(onUpdate, (emit) => session.evaluate(options, emit)),
  pause: () => session.pause(),
  resume: () => session.resume(),
  stop: () => session.stop(),
};

Comlink.expose(api);
