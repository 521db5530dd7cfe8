/**
 * The module-level switch of the threaded fused kernels: `await startKernelThreads(n)` starts a pool of n threads
 * (the caller's and n − 1 workers) that every later fusedForward/fusedBackward splits its batch over; n = 1 (or
 * `stopKernelThreads()`) returns to the single-thread kernels exactly. `defaultThreads()` is the count to use
 * where nobody chose one: the cores the platform reports, capped, and 1 (with the reason) where shared memory is
 * missing (src/core/platform/threads-available.ts says which).
 */
import { type ThreadsAvailable, currentPlatform, threadsAvailable } from '../../../platform/threads-available.ts';
import * as RNN_BUILDS from '../rnn-kernel.generated.ts';
import { KernelThreadPool, type PoolOptions } from './pool.ts';
import { type SharedKernelBuilds, sharedBuild } from './runner.ts';

/** the kernels that split over threads: every pool instantiates their shared builds */
const THREADED_KERNELS: SharedKernelBuilds[] = [RNN_BUILDS];
/** more threads than this is a typo, not a machine */
const MOST_THREADS = 64;

let active: KernelThreadPool | null = null;

/** The running pool, or null when the kernels run on one thread. */
export function kernelThreads(): KernelThreadPool | null {
  return active;
}

/** Threads the fused kernels use now. */
export function kernelThreadCount(): number {
  return active?.threads ?? 1;
}

/**
 * Starts `threads` kernel threads (stopping any running pool); 1 runs on the calling thread. Rejects naming what
 * is wrong when the count is not a whole number from 1 to 64 or the platform has no shared memory.
 */
export async function startKernelThreads(threads: number, options: PoolOptions = {}): Promise<void> {
  if (!Number.isInteger(threads) || threads < 1 || threads > MOST_THREADS) {
    throw new Error(`kernel threads must be a whole number from 1 to ${MOST_THREADS}; got ${threads}`);
  }
  stopKernelThreads();
  if (threads === 1) return;
  if (typeof SharedArrayBuffer !== 'function') {
    throw new Error(`${threads} kernel threads need shared memory, and ${threadsAvailable(currentPlatform()).reason}`);
  }
  const pool = await KernelThreadPool.start(threads, THREADED_KERNELS.map(sharedBuild), options);
  stopKernelThreads(); // one a concurrent call started meanwhile
  active = pool;
}

/** Ends the pool, if any: the kernels run on the calling thread again. */
export function stopKernelThreads(): void {
  active?.stop();
  active = null;
}

/** The platform's thread count and why (Node 20 has no navigator.hardwareConcurrency: os says). */
export async function defaultThreads(): Promise<ThreadsAvailable> {
  const report = currentPlatform();
  const g = globalThis as { process?: { versions?: { node?: string } } };
  if (report.hardwareConcurrency === undefined && typeof g.process?.versions?.node === 'string') {
    const specifier = 'node:os';
    const os = (await import(/* @vite-ignore */ specifier)) as typeof import('node:os');
    report.hardwareConcurrency = os.availableParallelism();
  }
  return threadsAvailable(report);
}
