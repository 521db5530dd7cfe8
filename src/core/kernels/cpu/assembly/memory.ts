/**
 * The kernels' linear memory: static data, then the wrapper's arrays from heapBase() on, then the kernel's
 * scratch, which grows memory to fit (see ../wasm-memory.ts for the wrapper's side).
 */

/** First free byte after static data: the wrapper's heap starts here. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/** Grows memory so that bytes below `end` exist. */
export function reserve(end: usize): void {
  const have = <usize>memory.size() << 16;
  if (end > have && memory.grow(<i32>((end - have + 0xffff) >> 16)) < 0) unreachable();
}
