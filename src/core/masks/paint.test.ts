import { describe, expect, it } from 'vitest';
import { cellAt, countOnes, createGrid, type MaskGrid } from './grid.ts';
import { fillGrid, floodFill, invertGrid, lineCells, paintBrush, paintLine, paintRect } from './paint.ts';

/** The grid as rows of '0'/'1' characters, for exact comparisons that read like the grid. */
function picture(grid: MaskGrid): string[] {
  return Array.from({ length: grid.rows }, (_, i) => Array.from(grid.cells.subarray(i * grid.cols, (i + 1) * grid.cols)).join(''));
}

describe('paint operations', () => {
  it('paints a rectangle between corners given in any order, and returns its rect', () => {
    const grid = createGrid(4, 5, 1);
    expect(paintRect(grid, { row: 2, col: 3 }, { row: 1, col: 1 }, 0)).toEqual({ top: 1, left: 1, bottom: 2, right: 3 });
    expect(picture(grid)).toEqual(['11111', '10001', '10001', '11111']);
  });

  it('clips a rectangle that leaves the grid, and touches nothing when wholly outside', () => {
    const grid = createGrid(3, 3, 0);
    expect(paintRect(grid, { row: -2, col: 1 }, { row: 0, col: 9 }, 1)).toEqual({ top: 0, left: 1, bottom: 0, right: 2 });
    expect(picture(grid)).toEqual(['011', '000', '000']);
    expect(paintRect(grid, { row: 5, col: 5 }, { row: 7, col: 7 }, 1)).toBeNull();
    expect(countOnes(grid)).toBe(2);
  });

  it('stamps a square brush of radius r, clipped at the edges', () => {
    const grid = createGrid(5, 5, 0);
    paintBrush(grid, { row: 2, col: 2 }, 1, 1);
    expect(picture(grid)).toEqual(['00000', '01110', '01110', '01110', '00000']);
    paintBrush(grid, { row: 0, col: 4 }, 1, 1);
    expect(picture(grid)).toEqual(['00011', '01111', '01110', '01110', '00000']);
    paintBrush(grid, { row: 4, col: 0 }, 0, 1);
    expect(cellAt(grid, 4, 0)).toBe(1);
  });

  it('draws a line without gaps between pointer positions far apart', () => {
    for (const [from, to] of [
      [{ row: 0, col: 0 }, { row: 3, col: 17 }],
      [{ row: 19, col: 2 }, { row: 0, col: 5 }],
      [{ row: 7, col: 7 }, { row: 7, col: 7 }],
    ]) {
      const cells = lineCells(from, to);
      expect(cells[0]).toEqual(from);
      expect(cells.at(-1)).toEqual(to);
      expect(cells.length).toBe(Math.max(Math.abs(to.row - from.row), Math.abs(to.col - from.col)) + 1);
      // 8-connected: each cell touches the one before it
      for (let k = 1; k < cells.length; k++) {
        expect(Math.abs(cells[k].row - cells[k - 1].row)).toBeLessThanOrEqual(1);
        expect(Math.abs(cells[k].col - cells[k - 1].col)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('paints a stroke segment with the brush along the line', () => {
    const grid = createGrid(3, 8, 0);
    expect(paintLine(grid, { row: 1, col: 0 }, { row: 1, col: 7 }, 0, 1)).toEqual({ top: 1, left: 0, bottom: 1, right: 7 });
    expect(picture(grid)).toEqual(['00000000', '11111111', '00000000']);
    const thick = createGrid(5, 5, 0);
    paintLine(thick, { row: 0, col: 0 }, { row: 4, col: 4 }, 1, 1);
    expect(picture(thick)).toEqual(['11100', '11110', '11111', '01111', '00111']);
  });

  it('flood-fills the 4-connected region of equal cells only', () => {
    const grid = createGrid(4, 4, 1);
    // a wall of zeros; the diagonal gap at (3,0)/(2,1) does not connect 4-wise
    paintRect(grid, { row: 0, col: 2 }, { row: 3, col: 2 }, 0);
    paintRect(grid, { row: 2, col: 0 }, { row: 2, col: 1 }, 0);
    expect(picture(grid)).toEqual(['1101', '1101', '0001', '1101']);
    expect(floodFill(grid, { row: 0, col: 0 }, 0)).toEqual({ top: 0, left: 0, bottom: 1, right: 1 });
    expect(picture(grid)).toEqual(['0001', '0001', '0001', '1101']);
    expect(floodFill(grid, { row: 1, col: 1 }, 1)).toEqual({ top: 0, left: 0, bottom: 3, right: 2 });
    expect(picture(grid)).toEqual(['1111', '1111', '1111', '1111']);
  });

  it('flood fill on a cell already holding the value, or outside, changes nothing', () => {
    const grid = createGrid(2, 2, 1);
    expect(floodFill(grid, { row: 0, col: 0 }, 1)).toBeNull();
    expect(floodFill(grid, { row: 2, col: 0 }, 0)).toBeNull();
    expect(countOnes(grid)).toBe(4);
  });

  it('flood-fills a 256 × 256 grid (65 536 cells) in one go', () => {
    const grid = createGrid(256, 256, 1);
    expect(floodFill(grid, { row: 100, col: 200 }, 0)).toEqual({ top: 0, left: 0, bottom: 255, right: 255 });
    expect(countOnes(grid)).toBe(0);
  });

  it('inverts and clears every cell', () => {
    const grid = createGrid(2, 3, 1);
    paintRect(grid, { row: 0, col: 0 }, { row: 0, col: 1 }, 0);
    invertGrid(grid);
    expect(picture(grid)).toEqual(['110', '000']);
    expect(fillGrid(grid, 1)).toEqual({ top: 0, left: 0, bottom: 1, right: 2 });
    expect(picture(grid)).toEqual(['111', '111']);
  });
});
