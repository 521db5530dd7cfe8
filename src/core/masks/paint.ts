/**
 * Paint operations on a mask grid, in place. Each returns the rect of cells it may have changed (so the painter
 * redraws only those), or null when it touched nothing. Coordinates are cells: row i (postsynaptic), column j
 * (presynaptic); positions outside the grid are clipped, never an error, since a stroke may leave the canvas.
 */
import { type CellRect, type MaskGrid, wholeGrid } from './grid.ts';

export type CellValue = 0 | 1;

export interface Cell {
  row: number;
  col: number;
}

/** The part of rows r0..r1 × columns c0..c1 (corners in any order) inside the grid, or null. */
function clipRect(grid: MaskGrid, r0: number, c0: number, r1: number, c1: number): CellRect | null {
  const top = Math.max(0, Math.min(r0, r1));
  const bottom = Math.min(grid.rows - 1, Math.max(r0, r1));
  const left = Math.max(0, Math.min(c0, c1));
  const right = Math.min(grid.cols - 1, Math.max(c0, c1));
  return top > bottom || left > right ? null : { top, left, bottom, right };
}

function fillRect(grid: MaskGrid, rect: CellRect, value: CellValue): void {
  for (let i = rect.top; i <= rect.bottom; i++) grid.cells.fill(value, i * grid.cols + rect.left, i * grid.cols + rect.right + 1);
}

/** Sets every cell of the rectangle between two corner cells (inclusive). */
export function paintRect(grid: MaskGrid, from: Cell, to: Cell, value: CellValue): CellRect | null {
  const rect = clipRect(grid, from.row, from.col, to.row, to.col);
  if (rect) fillRect(grid, rect, value);
  return rect;
}

/** Sets the (2·radius + 1)² square of cells centred on `at` (radius 0: the one cell). */
export function paintBrush(grid: MaskGrid, at: Cell, radius: number, value: CellValue): CellRect | null {
  return paintRect(grid, { row: at.row - radius, col: at.col - radius }, { row: at.row + radius, col: at.col + radius }, value);
}

/**
 * The cells of the digital line from `from` to `to` (Bresenham: 8-connected, both ends included), so a stroke
 * whose pointer events are many cells apart still paints a continuous line.
 */
export function lineCells(from: Cell, to: Cell): Cell[] {
  const cells: Cell[] = [];
  const dr = Math.abs(to.row - from.row);
  const dc = Math.abs(to.col - from.col);
  const sr = from.row < to.row ? 1 : -1;
  const sc = from.col < to.col ? 1 : -1;
  let err = dc - dr;
  let { row, col } = from;
  for (;;) {
    cells.push({ row, col });
    if (row === to.row && col === to.col) return cells;
    const e2 = 2 * err;
    if (e2 > -dr) {
      err -= dr;
      col += sc;
    }
    if (e2 < dc) {
      err += dc;
      row += sr;
    }
  }
}

/** A brush stroke segment: the brush stamped along the line from `from` to `to`. */
export function paintLine(grid: MaskGrid, from: Cell, to: Cell, radius: number, value: CellValue): CellRect | null {
  for (const cell of lineCells(from, to)) paintBrush(grid, cell, radius, value);
  return clipRect(grid, Math.min(from.row, to.row) - radius, Math.min(from.col, to.col) - radius, Math.max(from.row, to.row) + radius, Math.max(from.col, to.col) + radius);
}

/**
 * Flood fill: the 4-connected region of cells equal to the cell at `at` becomes `value` (a paint bucket). Returns
 * the region's bounding rect, or null when `at` is outside the grid or already holds `value`.
 */
export function floodFill(grid: MaskGrid, at: Cell, value: CellValue): CellRect | null {
  const { rows, cols, cells } = grid;
  if (at.row < 0 || at.row >= rows || at.col < 0 || at.col >= cols) return null;
  const start = at.row * cols + at.col;
  const from = cells[start];
  if (from === value) return null;
  // each cell enters the stack at most once: it is set to `value` (≠ from) as it is pushed
  const stack = new Int32Array(rows * cols);
  let top = 0;
  stack[top++] = start;
  cells[start] = value;
  const rect: CellRect = { top: at.row, left: at.col, bottom: at.row, right: at.col };
  while (top > 0) {
    const k = stack[--top];
    const i = (k / cols) | 0;
    const j = k - i * cols;
    if (i < rect.top) rect.top = i;
    if (i > rect.bottom) rect.bottom = i;
    if (j < rect.left) rect.left = j;
    if (j > rect.right) rect.right = j;
    const push = (n: number) => {
      if (cells[n] === from) {
        cells[n] = value;
        stack[top++] = n;
      }
    };
    if (i > 0) push(k - cols);
    if (i < rows - 1) push(k + cols);
    if (j > 0) push(k - 1);
    if (j < cols - 1) push(k + 1);
  }
  return rect;
}

/** Every cell flips (allowed ⇄ forbidden, fixed ⇄ trained). */
export function invertGrid(grid: MaskGrid): CellRect | null {
  for (let k = 0; k < grid.cells.length; k++) grid.cells[k] ^= 1;
  return grid.cells.length > 0 ? wholeGrid(grid) : null;
}

/** Every cell becomes `value` (Clear: all allowed, or all trained). */
export function fillGrid(grid: MaskGrid, value: CellValue): CellRect | null {
  grid.cells.fill(value);
  return grid.cells.length > 0 ? wholeGrid(grid) : null;
}
