/** The kernels' arena when the memory cannot hold a call: a message with the size needed and what to change. */
import { describe, expect, it } from 'vitest';
import { Arena, type WasmKernel } from './wasm-memory.ts';

describe('Arena.commit', () => {
  it('says how much a call needs when its memory cannot grow that far', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
    const kernel = { memory, heapBase: () => 1024 } as unknown as WasmKernel;
    const arena = new Arena(kernel);
    arena.alloc(65536); // 256 KiB past heapBase: more than the 2-page maximum
    expect(() => arena.commit()).toThrow(/the kernel's memory cannot grow to the 0\.00 GiB this call needs \(.+\); use fewer trials \(N_batch\)/);
    const fits = new Arena(kernel);
    fits.alloc(17_000); // 69 KB: one page more
    fits.commit();
    expect(memory.buffer.byteLength).toBe(2 * 65536);
  });
});
