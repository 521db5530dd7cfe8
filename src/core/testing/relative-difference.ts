/**
 * How far a kernel's float32 array is from a reference's, relative to the reference's scale: plain code
 * with no test framework, shared by the unit tests and the in-browser kernel check (src/kernel-check).
 */
export interface Difference {
  /** max_k |got_k − want_k| / scale; NaN when any difference is NaN */
  relative: number;
  /** where the largest (or the first NaN) difference is */
  index: number;
  /** max_k |want_k|, at least the floor */
  scale: number;
}

export function relativeDifference(got: ArrayLike<number>, want: ArrayLike<number>, floor = 1e-12): Difference {
  let scale = floor;
  for (let k = 0; k < want.length; k++) scale = Math.max(scale, Math.abs(want[k]));
  let worst = 0;
  let index = 0;
  for (let k = 0; k < want.length; k++) {
    const d = Math.abs(got[k] - want[k]);
    if (Number.isNaN(d)) return { relative: NaN, index: k, scale };
    if (d > worst) {
      worst = d;
      index = k;
    }
  }
  return { relative: worst / scale, index, scale };
}
