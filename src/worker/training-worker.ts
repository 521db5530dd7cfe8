/**
 * The training worker, exposed through Comlink: the page sends a spec and receives a stream of updates.
 * Typed arrays in updates are transferred, not copied.
 */
import * as Comlink from 'comlink';
import { availableBackends, useBrowserBackend } from './browser-backends.ts';
import type { StartOptions, TrainingWorkerApi, WorkerUpdate } from './protocol.ts';
import { TrainingSession } from './session.ts';

const session = new TrainingSession({ host: { available: availableBackends, use: useBrowserBackend } });

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
