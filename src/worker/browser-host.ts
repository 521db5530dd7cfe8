/**
 * What a browser worker that trains needs from its scope, shared by the training and the comparison workers: the
 * tf.js backends (browser-backends.ts), the isolation before a person's task code runs, and the buffers of an
 * update to transfer rather than copy.
 */
import { availableBackends, useBrowserBackend } from './browser-backends.ts';
import type { BackendProbe } from './protocol.ts';
import { useKernelThreads } from './kernel-threads.ts';
import { lockDownGlobals } from './sandbox.ts';
import type { BackendHost } from './session.ts';

/**
 * Before a person's task code runs here: every backend this browser offers is started once (the WASM one fetches
 * its binary), then the network and storage leave this worker's scope for good.
 */
async function isolate(available: BackendProbe[]): Promise<void> {
  for (const probe of available) if (probe.available) await useBrowserBackend(probe.name).catch(() => undefined);
  const reachable = lockDownGlobals();
  if (reachable.length > 0) throw new Error(`cannot run task code: ${reachable.join(', ')} could not be removed from the worker`);
}

export const browserHost: BackendHost = { available: availableBackends, use: useBrowserBackend, isolate, threads: useKernelThreads };

/** The buffers of every typed array in an update, for transfer. */
export function transferables(value: unknown, found: Set<ArrayBuffer> = new Set()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    found.add(value.buffer as ArrayBuffer);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) transferables(item, found);
  }
  return [...found];
}
