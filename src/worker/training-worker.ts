/**
 * The training worker, exposed through Comlink: the page sends a spec and receives a stream of updates.
 * Typed arrays in updates are transferred, not copied.
 */
import * as Comlink from 'comlink';
import { compileTask } from '../core/tasks/compile.ts';
import { installTaskCompiler } from '../core/tasks/custom-task.ts';
import { availableBackends, useBrowserBackend } from './browser-backends.ts';
import type { BackendProbe, StartOptions, TrainingWorkerApi, WorkerUpdate } from './protocol.ts';
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

const api: TrainingWorkerApi = {
  availableBackends,
  async start(options: StartOptions, onUpdate: (update: WorkerUpdate) => void) {
    const emit = (update: WorkerUpdate) => void onUpdate(Comlink.transfer(update, transferables(update)));
    try {
      await session.run(options, emit);
    } catch (error) {
      emit({ type: 'error', message: (error as Error).message });
      emit({ type: 'status', state: 'error', backend: null, message: (error as Error).message });
    }
  },
  pause: () => session.pause(),
  resume: () => session.resume(),
  stop: () => session.stop(),
};

Comlink.expose(api);
