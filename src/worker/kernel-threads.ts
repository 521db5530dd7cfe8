/**
 * The training worker's kernel threads (src/core/kernels/cpu/threads/): the fused kernels of the cpu and wasm
 * backends split each batch over a pool of same-origin workers (./kernel-thread.ts) sharing one WebAssembly memory.
 * The count is the person's choice, or the cores the page reports (at most 8); it is 1, with the reason, where the
 * page is not cross-origin isolated (no SharedArrayBuffer). Returns the sentence the page shows beside the backend.
 */
import { defaultThreads, kernelThreadCount, startKernelThreads, stopKernelThreads } from '../core/kernels/cpu/threads/threads.ts';
import kernelThreadUrl from './kernel-thread.ts?worker&url';

// taken before lockDownGlobals() removes Worker from this scope (sandbox.ts): task code cannot reach this binding,
// and the workers it starts run our kernels only
const SpawnWorker = globalThis.Worker;

const spawn = () => new SpawnWorker(kernelThreadUrl, { type: 'module', name: 'kernel thread' });

const plural = (n: number) => `${n} CPU thread${n === 1 ? '' : 's'}`;

/** Runs the fused kernels on `requested` threads (null: the platform's default) and says how many and why. */
export async function useKernelThreads(requested: number | null): Promise<string> {
  const available = await defaultThreads();
  const threads = Math.max(1, Math.min(requested ?? available.threads, available.threads));
  if (threads !== kernelThreadCount()) {
    try {
      await startKernelThreads(threads, { spawn });
    } catch (error) {
      stopKernelThreads();
      return `fused kernels on 1 CPU thread: ${threads} could not start (${(error as Error).message})`;
    }
  }
  if (threads > 1) return `fused kernels on ${plural(threads)} (${available.reason})`;
  return requested === 1 ? 'fused kernels on 1 CPU thread, as chosen' : `fused kernels on 1 CPU thread: ${available.reason}`;
}
