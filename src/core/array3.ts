/**
 * A dense, row-major, batch-major 3-D array: PsychRNN's `[N_batch, N_steps, N]` layout
 * for inputs x, targets y, output masks, network outputs and states.
 */
export interface Array3 {
  data: Float32Array;
  /** [N_batch, N_steps, N] */
  shape: [number, number, number];
}

export function zeros3(nBatch: number, nSteps: number, n: number): Array3 {
  return { data: new Float32Array(nBatch * nSteps * n), shape: [nBatch, nSteps, n] };
}

/** Flat index of element [b, t, i]. */
export function index3(a: Array3, b: number, t: number, i: number): number {
  return (b * a.shape[1] + t) * a.shape[2] + i;
}

/** The `[N_steps, N]` block of trial `b`, as a view sharing memory. */
export function trialView(a: Array3, b: number): Float32Array {
  const size = a.shape[1] * a.shape[2];
  return a.data.subarray(b * size, (b + 1) * size);
}
