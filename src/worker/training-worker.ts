/**
 * The training worker, exposed through Comlink: the page sends a spec and receives a stream of updates.
 * Typed arrays in updates are transferred, not copied.
 */
import * as Comlink from 'comlink';
import { compileTask } from '../core/tasks/compile.ts';
import { installTaskCompiler } from '../core/tasks/custom-task.ts';
import { availableBackends, useBrowserBackend } from './browser-backends.ts';
import type { BackendProbe, EvaluateOptions, StartOptions, TrainingWorkerApi, WorkerUpdate } from './protocol.ts';
import { lockDownGlobals } from './sandbox.ts';
import { TrainingSession } from './session.ts';

installTaskCompiler(compileTask);

/**
 * Before a person's task code runs here: every backend this browser offers is started once (the WASM one fetches
 * its binary), then the network and storage leave this worker's scope for good.
 */
async function isolate(available: BackendProbe[]): Promise<void> {
  for (const probe of available) if (probe.available) await useBrowserBackend(probe.name).catch(() => undefined);
  const reachable = lockDownGlobals();
  if (reachable.length > 0) throw new Error(`cannot run task code: ${reachable.join(', ')} could not be removed from the worker`);
}

const session = new TrainingSession({ host: { available: availableBackends, use: useBrowserBackend, isolate } });

/** The buffers of every typed array in an update, for transfer. */
export function transferables(value: unknown, found: Set<ArrayBuffer> = new Set()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    found.add(value.buffer as ArrayBuffer);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) transferables(item, found);
  }
  return [...found];
}

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
