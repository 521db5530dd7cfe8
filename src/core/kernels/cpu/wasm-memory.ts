/**
 * The host side of the WebAssembly SIMD kernels (./fused-rnn.ts, ./fused-lstm.ts, ./fused-gru.ts): instantiating a
 * kernel from its generated base64 bytes, once, checking one call's sizes and arrays, and laying the arrays out in its
 * linear memory (the kernel's side: ./assembly/memory.ts).
 */
import { type KernelBuilds, pickBuild } from './simd-features.ts';

/** What every kernel module exports (./assembly/rnn.ts, lstm.ts, gru.ts); arguments are sizes and addresses. */
export interface WasmKernel {
  memory: WebAssembly.Memory;
  heapBase(): number;
  forward(...args: number[]): void;
  backward(...args: number[]): void;
}

const PAGE_BYTES = 65536;
/** trials that advance together in the kernels; the batch is padded to a multiple with zero trials */
const TRIAL_LANES = 8;

/** B rounded up to whole groups of the kernels' trial lanes */
export const paddedBatch = (B: number) => Math.ceil(B / TRIAL_LANES) * TRIAL_LANES;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
  return bytes;
}

const kernels = new Map<string, WasmKernel>();

/**
 * The kernel compiled (synchronously, so it works in Node, browsers and workers) from the build of `builds` that
 * ./simd-features.ts picks (relaxed or plain SIMD), on first use.
 */
export function loadKernel(builds: KernelBuilds): WasmKernel {
  const base64 = pickBuild(builds);
  let kernel = kernels.get(base64);
  if (kernel === undefined) {
    kernel = new WebAssembly.Instance(new WebAssembly.Module(decodeBase64(base64)), {}).exports as unknown as WasmKernel;
    kernels.set(base64, kernel);
  }
  return kernel;
}

/**
 * Bump allocation of float arrays in the kernel's linear memory for one call, 16-byte aligned for v128.
 * `commit()` grows the memory to fit; the kernel lays out its scratch from `end` on and may grow it further, so
 * the view is refreshed whenever the buffer has changed (growing detaches old views).
 */
export class Arena {
  end: number;
  private view = new Float32Array(0);

  constructor(private readonly k: WasmKernel) {
    this.end = k.heapBase();
  }

  /** byte address of `floats` new floats */
  alloc(floats: number): number {
    const at = this.end;
    this.end += Math.ceil(floats / 4) * 16;
    return at;
  }

  /** Grows the memory to `end`; throws how much the call needs when the memory cannot hold it (4 GiB, 2 GiB shared). */
  commit(): void {
    const memory = this.k.memory;
    if (this.end <= memory.buffer.byteLength) return;
    try {
      memory.grow(Math.ceil((this.end - memory.buffer.byteLength) / PAGE_BYTES));
    } catch (error) {
      const gib = (this.end / 2 ** 30).toFixed(2);
      throw new Error(`the kernel's memory cannot grow to the ${gib} GiB this call needs (${(error as Error).message}); use fewer trials (N_batch), steps or units, or fewer kernel threads`);
    }
  }

  private get f32(): Float32Array {
    if (this.view.buffer !== this.k.memory.buffer) this.view = new Float32Array(this.k.memory.buffer);
    return this.view;
  }

  /** writes `data` at `at` + `offset` floats, then zeros up to `floats` past `at` + `offset` (padding trials) */
  write(at: number, data: Float32Array, floats = data.length, offset = 0): void {
    const start = (at >> 2) + offset;
    const f32 = this.f32;
    f32.set(data, start);
    f32.fill(0, start + data.length, start + floats);
  }

  read(at: number, floats: number, offset = 0): Float32Array {
    const start = (at >> 2) + offset;
    return this.f32.slice(start, start + floats);
  }
}

/** Arrays by name with the shape each must have; an absent (null or undefined) one is not checked. */
export type ArrayShapes = Record<string, [Float32Array | null | undefined, number[]]>;

/** Throws a message naming the size that is not a positive integer. */
export function checkSizes(sizes: Record<string, number>): void {
  for (const [name, n] of Object.entries(sizes)) {
    if (!(Number.isInteger(n) && n > 0)) throw new Error(`${name} must be a positive integer; got ${n}`);
  }
}

/** Throws a message naming the array whose length does not fit its shape. */
export function checkArrayShapes(shapes: ArrayShapes): void {
  for (const [name, [array, shape]] of Object.entries(shapes)) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (array != null && array.length !== size) {
      throw new Error(`${name} has ${array.length} values; shape [${shape.join(', ')}] needs ${size}`);
    }
  }
}
