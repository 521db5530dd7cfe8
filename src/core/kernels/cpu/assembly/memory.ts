/**
 * The kernels' linear memory: static data, then the wrapper's arrays from heapBase() on, then the kernel's
 * scratch, which grows memory to fit (see ../wasm-memory.ts for the wrapper's side).
 */

/** the highest end reserve() has been asked for since resetReserved(): a call's scratch, for the threaded host */
let reservedMax: usize = 0;

/** First free byte after static data: the wrapper's heap starts here. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/** Grows memory so that bytes below `end` exist. */
export function reserve(end: usize): void {
  if (end > reservedMax) reservedMax = end;
  const have = <usize>memory.size() << 16;
  if (end > have && memory.grow(<i32>((end - have + 0xffff) >> 16)) < 0) unreachable();
}

/** Forgets what reserve() was asked for (this instance's own record: each thread's instance keeps its own). */
export function resetReserved(): void {
  reservedMax = 0;
}

/** The highest end reserve() was asked for since resetReserved(). */
export function reservedEnd(): usize {
  return reservedMax;
}
