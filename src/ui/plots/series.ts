/** Slicing the worker's flat row-major arrays into the per-series arrays Plotly draws. */

/**
 * Column `index` of a row-major [rows, width] block that starts at `offset`:
 * out[t] = data[offset + t·width + index].
 */
export function column(data: Float32Array, rows: number, width: number, index: number, offset = 0): Float32Array {
  const out = new Float32Array(rows);
  for (let t = 0; t < rows; t++) out[t] = data[offset + t * width + index];
  return out;
}

/** The time of each step in ms: t·dt. */
export function timeAxisMs(steps: number, dt: number): Float64Array {
  return Float64Array.from({ length: steps }, (_, t) => t * dt);
}
