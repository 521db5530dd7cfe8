/** Finding NaN and ±Infinity in arrays read from files, to name the array and the first bad entry. */

export interface NonFinite {
  /** the entry's index per dimension of `shape` */
  index: number[];
  value: number;
}

/** The first entry of `data` that is NaN or infinite, as an index into `shape` (row-major), or null. */
export function firstNonFinite(data: ArrayLike<number>, shape: readonly number[]): NonFinite | null {
  for (let k = 0; k < data.length; k++) {
    if (Number.isFinite(data[k])) continue;
    const index = new Array<number>(shape.length);
    let rest = k;
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d] = rest % shape[d];
      rest = Math.floor(rest / shape[d]);
    }
    return { index, value: data[k] };
  }
  return null;
}

/** `'W_rec' holds NaN at [3, 7] (and 12 more)`; `subject` and `verb` as the sentence needs them. */
export function describeNonFinite(subject: string, data: ArrayLike<number>, found: NonFinite, verb = 'holds'): string {
  let count = 0;
  for (let k = 0; k < data.length; k++) if (!Number.isFinite(data[k])) count++;
  const more = count > 1 ? ` (and ${count - 1} more)` : '';
  return `${subject} ${verb} ${found.value} at [${found.index.join(', ')}]${more}`;
}
