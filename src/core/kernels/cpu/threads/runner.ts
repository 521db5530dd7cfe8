/**
 * Calls a fused kernel on one thread or split over the kernel threads, from one description of its arguments.
 * Trials are batch-major and the kernels process 8-trial lane groups independently, so thread k runs the same
 * export on a contiguous slice of whole groups: B becomes its slice, every per-trial array pointer moves to the
 * slice's first trial, each thread gets its own scratch, and outputs summed over trials (the weight gradients)
 * get one copy per thread, added in thread order after the call. A kernel's wrapper (../fused-rnn.ts) describes
 * its call once with trials(), perTrial(), summed() and SCRATCH; on one thread that is exactly the plain call.
 *
 * Scratch: a kernel lays its scratch from the `scratch` argument on and reserve()s it (../assembly/memory.ts)
 * before using it, so a call with B = 0 reserves the whole scratch and computes nothing; reservedEnd() tells its
 * size. All threads' scratch is allocated (and memory grown) before the threads start, so none grows it.
 */
import { type KernelBuilds, pickBuild } from '../simd-features.ts';
import { Arena, type WasmKernel, loadKernel } from '../wasm-memory.ts';
import { kernelThreads } from './threads.ts';

/** the batch size argument: B padded to whole 8-trial groups */
interface Trials { kind: 'trials'; B: number }
/** an array of `floats` per trial (0: the kernel's "absent") */
interface PerTrial { kind: 'perTrial'; at: number; floats: number }
/** an output of `floats` that the kernel sums over the trials it is given */
interface Summed { kind: 'summed'; at: number; floats: number }
interface Scratch { kind: 'scratch' }
export type KernelArg = number | Trials | PerTrial | Summed | Scratch;

export const trials = (B: number): Trials => ({ kind: 'trials', B });
export const perTrial = (at: number, floats: number): PerTrial => ({ kind: 'perTrial', at, floats });
export const summed = (at: number, floats: number): Summed => ({ kind: 'summed', at, floats });
export const SCRATCH: Scratch = { kind: 'scratch' };

const LANES = 8;

/** The argument list of the thread that runs trials [b0, b0 + B) with its scratch and partial outputs. */
function resolve(args: KernelArg[], b0: number, B: number, scratch: number, partials: (number | null)[]): number[] {
  return args.map((a, i) => {
    if (typeof a === 'number') return a;
    switch (a.kind) {
      case 'trials': return B;
      case 'perTrial': return a.at === 0 ? 0 : a.at + b0 * a.floats * 4;
      case 'summed': return partials[i] ?? a.at;
      case 'scratch': return scratch;
    }
  });
}

/** A kernel ready to call: `kernel` for the wrapper's Arena, `call` to run an export over the whole batch. */
export interface KernelRunner {
  kernel: WasmKernel;
  call(fn: 'forward' | 'backward', m: Arena, args: KernelArg[]): void;
}

/** How many trials `args` gives the kernel (its trials() argument). */
function batchOf(args: KernelArg[]): number {
  const t = args.find((a): a is Trials => typeof a === 'object' && a.kind === 'trials');
  if (!t || t.B % LANES !== 0) throw new Error(`a kernel call needs trials(B) with B a multiple of ${LANES}`);
  return t.B;
}

/** A kernel's builds as its generated module exports them, the shared-memory ones included. */
export interface SharedKernelBuilds extends KernelBuilds {
  WASM_SHARED_BASE64: string;
  WASM_SHARED_RELAXED_BASE64: string;
}

/** The shared-memory build of the SIMD flavour ../simd-features.ts picks (relaxed or plain), as the single thread's. */
export const sharedBuild = (builds: SharedKernelBuilds) =>
  pickBuild({ WASM_BASE64: builds.WASM_SHARED_BASE64, WASM_RELAXED_BASE64: builds.WASM_SHARED_RELAXED_BASE64 });

/**
 * The kernel on this thread, or its shared build over the kernel threads when they run (and were started with
 * this kernel in the SIMD flavour picked now).
 */
export function kernelRunner(builds: SharedKernelBuilds): KernelRunner {
  const pool = kernelThreads();
  const shared = sharedBuild(builds);
  const kernel = pool?.kernels.get(shared);
  if (!pool || !kernel) {
    const k = loadKernel(builds);
    return { kernel: k, call: (fn, m, args) => k[fn](...resolve(args, 0, batchOf(args), m.end, [])) };
  }
  const k = kernel.exports as unknown as WasmKernel & { reservedEnd(): number; resetReserved(): void };
  return {
    kernel: k,
    call(fn, m, args) {
      const groups = batchOf(args) / LANES;
      const n = Math.min(pool.threads, groups);
      // a B = 0 call reserves the scratch and computes nothing
      k.resetReserved();
      k[fn](...resolve(args, 0, 0, m.end, []));
      const scratchFloats = Math.ceil((k.reservedEnd() - m.end) / 64) * 16;
      const partials = Array.from({ length: n }, (_, t) => args.map((a) => (t > 0 && typeof a === 'object' && a.kind === 'summed' ? m.alloc(a.floats) : null)));
      const scratch = Array.from({ length: n }, () => m.alloc(scratchFloats));
      m.commit();
      const shares = Array.from({ length: n }, (_, t) => {
        const g0 = Math.floor((t * groups) / n);
        const g1 = Math.floor(((t + 1) * groups) / n);
        return resolve(args, g0 * LANES, (g1 - g0) * LANES, scratch[t], partials[t]);
      });
      pool.run(shared, fn, shares);
      addPartials(k.memory, args, partials);
    },
  };
}

/** Adds every thread's partial of each summed output into thread 0's, in thread order. */
function addPartials(memory: WebAssembly.Memory, args: KernelArg[], partials: (number | null)[][]): void {
  const f32 = new Float32Array(memory.buffer);
  args.forEach((a, i) => {
    if (typeof a !== 'object' || a.kind !== 'summed') return;
    const into = a.at >> 2;
    for (let t = 1; t < partials.length; t++) {
      const from = partials[t][i]! >> 2;
      for (let j = 0; j < a.floats; j++) f32[into + j] += f32[from + j];
    }
  });
}
