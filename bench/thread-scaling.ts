/**
 * `npm run bench -- --threads 1,2,4`: thread scaling of the fused kernels on the host backends (cpu, wasm), whose
 * fused op runs the WebAssembly kernels — the fused row timed again with the batch split over n kernel threads
 * (src/core/kernels/cpu/threads/) for each n > 1; n = 1 is the main table's fused row. GPU backends have no kernel
 * threads and get no rows.
 */
import { startKernelThreads, stopKernelThreads } from '../src/core/kernels/cpu/threads/threads.ts';
import type { ExperimentSpec } from '../src/core/spec/spec.ts';
import { FUSED } from './implementations.ts';
import { type Plan, type Timing, timeImplementation } from './timing.ts';

const HOST_BACKENDS = ['cpu', 'wasm'];

/** The --threads list as whole numbers from 1 to 64, or an error naming the item that is not. */
export function parseThreadCounts(items: string[]): number[] {
  return items.map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`--threads: ${JSON.stringify(s)} is not a whole number from 1 to 64`);
    return n;
  });
}

/** The fused row on `backend` at each N_rec of `sizes` for each thread count past 1, labelled with its count. */
export async function timeThreadScaling(
  example: ExperimentSpec,
  backend: string,
  sizes: number[],
  threads: number[],
  plan: Plan,
  log: (line: string) => void,
): Promise<Timing[]> {
  const timings: Timing[] = [];
  if (!HOST_BACKENDS.includes(backend)) return timings;
  try {
    for (const n of threads.filter((count) => count > 1)) {
      await startKernelThreads(n);
      const implementation = { ...FUSED, name: `${FUSED.name}, ${n} threads` };
      for (const N_rec of sizes) timings.push(await timeImplementation(implementation, example, backend, N_rec, plan, log));
    }
  } finally {
    stopKernelThreads();
  }
  return timings;
}
