/**
 * A pool of kernel threads over shared WebAssembly memories: the calling thread plus N−1 workers (Node
 * worker_threads or Web Workers, feature-detected; no DOM import), each with its own instance of the SAME compiled
 * modules over the SAME memories. `run` is synchronous — tf.js custom ops call the kernels synchronously — so the
 * caller posts one job per worker in the control block (./worker-source.ts), Atomics.notify-s, runs its own share,
 * then Atomics.wait-s for each worker. Atomics.wait is allowed in Node and in workers, which is where training runs.
 *
 * A worker that throws reports its message in the control block; one that dies cannot (the caller is blocked, so
 * no exit event reaches it), so the caller's wait has a deadline: `timeoutMs` plus 50× the caller's own share time
 * (the shares are equal, so a live worker is never that far behind). Either way the pool is then broken: it throws
 * at once on every later call, saying why, since a late worker could still be writing the memory.
 */
import { CONTROL_INTS, ERROR_CHARS, FIELD, MAX_ARGS, STOP, type ThreadStart, WORKER_SOURCE, controlLayout } from './worker-source.ts';

/** the largest memory the shared kernels declare (build-kernels.mjs --maximumMemory), in 64 KiB pages */
const MAXIMUM_PAGES = 32768;
/** how long a job may take past 50× the caller's own share before its worker is taken for dead */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** one worker, whichever the platform */
interface ThreadHandle {
  post(message: ThreadStart): void;
  /** first message (ready or error) */
  onMessage(listener: (message: { ready?: true; error?: string }) => void): void;
  /** the worker failed or ended */
  onFailure(listener: (reason: string) => void): void;
  terminate(): void;
}

async function nodeThread(): Promise<ThreadHandle> {
  const specifier = 'node:worker_threads';
  const { Worker } = (await import(/* @vite-ignore */ specifier)) as typeof import('node:worker_threads');
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) =>
      worker.once('message', (message) => {
        worker.unref(); // started: an idle pool does not keep a CLI or test process alive
        listener(message);
      }),
    onFailure: (listener) => {
      worker.on('error', (error) => listener(`it threw ${error.message}`));
      worker.on('exit', (code) => listener(`it exited (code ${code})`));
    },
    terminate: () => void worker.terminate(),
  };
}

/** A Blob-URL worker of WORKER_SOURCE, where the page's CSP allows blob: workers (the app's does not: it passes `spawn`). */
function blobWorker(): Worker {
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  return worker;
}

function webThread(spawn: () => Worker = blobWorker): ThreadHandle {
  const worker = spawn();
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.addEventListener('message', (event) => listener(event.data), { once: true }),
    onFailure: (listener) => worker.addEventListener('error', (event) => listener(`it threw ${event.message || 'an error'}`)),
    terminate: () => worker.terminate(),
  };
}

const isNode = () => typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

export interface PoolOptions {
  /** see the header; tests shorten it */
  timeoutMs?: number;
  /** browsers: starts one worker that runs WORKER_SOURCE (the app's same-origin src/worker/kernel-thread.ts); a Blob URL when absent */
  spawn?: () => Worker;
}

/** A kernel module shared by every thread: the caller's own instance and the memory they all use. */
export interface SharedKernel {
  exports: Record<string, unknown> & { memory: WebAssembly.Memory };
  memory: WebAssembly.Memory;
  names: string[];
}

export class KernelThreadPool {
  /** why the pool can no longer run, once it cannot */
  broken: string | null = null;
  private readonly I: Int32Array;
  private readonly F: Float64Array;
  private readonly E: Uint16Array;
  private readonly seq: number[];

  private constructor(
    /** threads in all, the caller's included */
    readonly threads: number,
    readonly kernels: Map<string, SharedKernel & { index: number }>,
    private readonly handles: ThreadHandle[],
    control: SharedArrayBuffer,
    private readonly timeoutMs: number,
  ) {
    const layout = controlLayout(threads);
    this.I = new Int32Array(control);
    this.F = new Float64Array(control, layout.argsByte);
    this.E = new Uint16Array(control, layout.errorByte);
    this.seq = new Array<number>(threads).fill(0);
  }

  /** Starts `threads` − 1 workers, each instantiating every kernel of `base64s` (the shared-memory builds). */
  static async start(threads: number, base64s: string[], options: PoolOptions = {}): Promise<KernelThreadPool> {
    const modules = base64s.map((b) => new WebAssembly.Module(Uint8Array.from(atob(b), (c) => c.charCodeAt(0))));
    const memories = modules.map(() => new WebAssembly.Memory({ initial: 1, maximum: MAXIMUM_PAGES, shared: true }));
    const kernels = new Map<string, SharedKernel & { index: number }>();
    modules.forEach((module, index) => {
      const memory = memories[index];
      const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as SharedKernel['exports'];
      const names = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => e.name);
      kernels.set(base64s[index], { exports, memory, names, index });
    });
    const layout = controlLayout(threads);
    const control = new SharedArrayBuffer(layout.bytes);
    const handles: ThreadHandle[] = [];
    const pool = new KernelThreadPool(threads, kernels, handles, control, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    try {
      for (let slot = 1; slot < threads; slot++) {
        const handle = isNode() ? await nodeThread() : webThread(options.spawn);
        handles.push(handle);
        const ready = new Promise<void>((resolve, reject) => {
          handle.onMessage((m) => (m.ready ? resolve() : reject(new Error(`kernel thread ${slot} could not start: ${m.error}`))));
          handle.onFailure((reason) => {
            reject(new Error(`kernel thread ${slot} could not start: ${reason}`));
            pool.broken ??= `kernel thread ${slot} failed: ${reason}`;
          });
        });
        handle.post({
          modules, memories, control, slot,
          exports: [...kernels.values()].map((k) => k.names),
          layout: { ...layout, stride: CONTROL_INTS, maxArgs: MAX_ARGS, errorChars: ERROR_CHARS, stop: STOP, field: FIELD },
        });
        await ready;
      }
    } catch (error) {
      pool.stop();
      throw error;
    }
    return pool;
  }

  /**
   * Runs `fn` of `kernel` with argsPerThread[0] on the calling thread and argsPerThread[k] on worker k at once;
   * returns when all are done. Fewer argument lists than threads leave the rest idle.
   */
  run(kernel: string, fn: string, argsPerThread: number[][]): void {
    if (this.broken) throw new Error(`the kernel threads are unusable: ${this.broken}; start them again (startKernelThreads) or run on one thread`);
    const k = this.kernels.get(kernel);
    const index = k?.names.indexOf(fn) ?? -1;
    if (!k || index < 0) throw new Error(`the kernel threads have no ${k ? `export '${fn}'` : 'such kernel'}; started with ${this.kernels.size} kernel(s)`);
    if (argsPerThread.length > this.threads) throw new Error(`${argsPerThread.length} shares for ${this.threads} threads`);
    for (let slot = 1; slot < argsPerThread.length; slot++) this.post(slot, k.index, index, argsPerThread[slot]);
    const began = performance.now();
    let own: unknown = null;
    try {
      (k.exports[fn] as (...args: number[]) => void)(...argsPerThread[0]);
    } catch (error) {
      own = error;
    }
    const deadline = performance.now() + this.timeoutMs + 50 * (performance.now() - began);
    const failures: string[] = [];
    for (let slot = 1; slot < argsPerThread.length; slot++) {
      const failure = this.await(slot, deadline);
      if (failure) failures.push(failure);
    }
    if (failures.length > 0) {
      this.broken = failures.join('; ');
      throw new Error(`kernel threads failed in ${fn}: ${this.broken}`);
    }
    if (own) throw own;
  }

  private post(slot: number, kernel: number, fn: number, args: number[]): void {
    if (args.length > MAX_ARGS) throw new Error(`${args.length} kernel arguments; a thread takes at most ${MAX_ARGS}`);
    const base = slot * CONTROL_INTS;
    this.F.set(args, slot * MAX_ARGS);
    this.I[base + FIELD.kernel] = kernel;
    this.I[base + FIELD.fn] = fn;
    this.I[base + FIELD.argc] = args.length;
    this.I[base + FIELD.status] = 0;
    Atomics.store(this.I, base + FIELD.seq, ++this.seq[slot]);
    Atomics.notify(this.I, base + FIELD.seq);
  }

  /** null once worker `slot` is done with its job, else what went wrong */
  private await(slot: number, deadline: number): string | null {
    const at = slot * CONTROL_INTS + FIELD.done;
    const seq = this.seq[slot];
    while (Atomics.load(this.I, at) !== seq) {
      const left = deadline - performance.now();
      if (left <= 0) return `thread ${slot} did not finish in time (it may have died)`;
      Atomics.wait(this.I, at, seq - 1, left);
    }
    if (this.I[slot * CONTROL_INTS + FIELD.status] === 0) return null;
    const length = this.I[slot * CONTROL_INTS + FIELD.errorLength];
    return `thread ${slot} threw: ${String.fromCharCode(...this.E.subarray(slot * ERROR_CHARS, slot * ERROR_CHARS + length))}`;
  }

  /** Ends the workers; the pool is unusable after. */
  stop(): void {
    for (let slot = 1; slot <= this.handles.length; slot++) {
      if (!this.broken) this.post(slot, 0, STOP, []);
      this.handles[slot - 1].terminate();
    }
    this.broken ??= 'the pool was stopped';
  }
}
