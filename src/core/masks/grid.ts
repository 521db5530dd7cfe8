/**
 * A 0/1 mask grid: the painter's working copy of one of the spec's matrices (rec_connectivity, fixed_weights.W_rec,
 * …). Cells are row-major in a Uint8Array, so painting 65 536 cells (N_rec = 256) allocates nothing. Rows are
 * postsynaptic units i and columns presynaptic units j (PsychRNN's W[i][j]: j → i), as in the spec.
 */

export interface MaskGrid {
  readonly rows: number;
  readonly cols: number;
  /** [rows·cols], cell (i, j) at i·cols + j, each 0 or 1 */
  readonly cells: Uint8Array;
}

/** A cell range, inclusive on all four sides: what an operation changed (and the painter redraws). */
export interface CellRect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function createGrid(rows: number, cols: number, value: 0 | 1): MaskGrid {
  const cells = new Uint8Array(rows * cols);
  if (value === 1) cells.fill(1);
  return { rows, cols, cells };
}

export function cloneGrid(grid: MaskGrid): MaskGrid {
  return { rows: grid.rows, cols: grid.cols, cells: grid.cells.slice() };
}

export function gridsEqual(a: MaskGrid, b: MaskGrid): boolean {
  if (a.rows !== b.rows || a.cols !== b.cols) return false;
  for (let k = 0; k < a.cells.length; k++) if (a.cells[k] !== b.cells[k]) return false;
  return true;
}

export function cellAt(grid: MaskGrid, row: number, col: number): number {
  return grid.cells[row * grid.cols + col];
}

export function countOnes(grid: MaskGrid): number {
  let n = 0;
  for (let k = 0; k < grid.cells.length; k++) n += grid.cells[k];
  return n;
}

/** The whole grid as a rect. */
export function wholeGrid(grid: MaskGrid): CellRect {
  return { top: 0, left: 0, bottom: grid.rows - 1, right: grid.cols - 1 };
}

/** The smallest rect holding both (either may be null). */
export function unionRect(a: CellRect | null, b: CellRect | null): CellRect | null {
  if (!a) return b;
  if (!b) return a;
  return { top: Math.min(a.top, b.top), left: Math.min(a.left, b.left), bottom: Math.max(a.bottom, b.bottom), right: Math.max(a.right, b.right) };
}

/**
 * A spec matrix as a grid of `rows` × `cols`; `absent` (null or undefined: PsychRNN's default) gives every cell
 * `whenAbsent` (1 for connectivity: all-to-all; 0 for fixed weights: all trained). A matrix of another shape also
 * gives the default: the spec refuses such a matrix, so only a spec mid-way through a shape change holds one.
 */
export function gridFromMatrix(matrix: readonly (readonly number[])[] | null | undefined, rows: number, cols: number, whenAbsent: 0 | 1): MaskGrid {
  const grid = createGrid(rows, cols, whenAbsent);
  if (!matrix || matrix.length !== rows || matrix.some((row) => row.length !== cols)) return grid;
  for (let i = 0; i < rows; i++) {
    const row = matrix[i];
    for (let j = 0; j < cols; j++) grid.cells[i * cols + j] = row[j] === 0 ? 0 : 1;
  }
  return grid;
}

/** The grid as the spec's number[][] (rows of 0/1). */
export function gridToMatrix(grid: MaskGrid): number[][] {
  const { rows, cols, cells } = grid;
  const matrix: number[][] = new Array(rows);
  // a plain loop into a packed array: several times faster than Array.from(subarray) at N_rec = 256
  for (let i = 0; i < rows; i++) {
    const row: number[] = [];
    for (let j = 0, k = i * cols; j < cols; j++, k++) row.push(cells[k]);
    matrix[i] = row;
  }
  return matrix;
}

/** A connectivity grid for the spec: all ones is null (PsychRNN's default, and a smaller file). */
export function connectivityToSpec(grid: MaskGrid): number[][] | null {
  return countOnes(grid) === grid.cells.length ? null : gridToMatrix(grid);
}

/** A fixed-weights grid for the spec: all zeros (nothing fixed) is absent. */
export function fixedToSpec(grid: MaskGrid): number[][] | undefined {
  return countOnes(grid) === 0 ? undefined : gridToMatrix(grid);
}
