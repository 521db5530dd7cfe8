/**
 * Counts the GPU work an iteration submits: WebGL draw calls and WebGPU compute dispatches, by wrapping the
 * methods tf.js (and our fused kernels) call on the context and the compute pass. On a real GPU a training
 * iteration of small networks costs about (calls × per-call overhead) + arithmetic, so the count is the
 * figure a software GPU (SwiftShader, where arithmetic dominates) can still report faithfully: it bounds the
 * speed-up a real GPU can show when dispatch overhead dominates. Works in Node (the `webgpu` package's
 * globals), pages and workers; wraps each method once, on the first call, and counts for every caller.
 */

/** The prototypes and methods that submit GPU work, where the environment has them. */
const TARGETS: ReadonlyArray<[className: string, methods: readonly string[]]> = [
  ['WebGL2RenderingContext', ['drawElements', 'drawArrays']],
  ['WebGLRenderingContext', ['drawElements', 'drawArrays']],
  ['GPUComputePassEncoder', ['dispatchWorkgroups', 'dispatchWorkgroupsIndirect']],
];

const WRAPPED = Symbol.for('cogrnn.bench.gpuCallCounter');
let calls = 0;

function wrap(prototype: Record<string, unknown>, method: string): void {
  const original = prototype[method];
  if (typeof original !== 'function' || (original as { [WRAPPED]?: boolean })[WRAPPED]) return;
  const counted = function (this: unknown, ...args: unknown[]) {
    calls++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  Object.defineProperty(counted, WRAPPED, { value: true });
  prototype[method] = counted;
}

/**
 * Wraps the GPU-submitting methods this environment has (again after a backend defined them late: cheap and
 * idempotent) and returns the total number of GPU calls counted so far in this realm.
 */
export function gpuCalls(): number {
  const scope = globalThis as unknown as Record<string, { prototype?: Record<string, unknown> } | undefined>;
  for (const [className, methods] of TARGETS) {
    const prototype = scope[className]?.prototype;
    if (prototype) for (const method of methods) wrap(prototype, method);
  }
  return calls;
}
