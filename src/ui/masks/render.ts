/**
 * Draws one matrix's two mask layers on a canvas, fast enough for N_rec = 256 (65 536 cells) while painting: the
 * cells go into an ImageData of one pixel per cell, only the changed rect is put onto a 1-px-per-cell offscreen
 * canvas and scaled up onto the visible one with smoothing off. Big cells (small networks) also get grid lines and
 * a hatch on fixed cells. Both layers show at once: forbidden cells dark, fixed cells amber; the active layer's
 * colours are the strong ones.
 */
import type { CellRect } from '../../core/masks/grid.ts';
import type { MaskLayer, MatrixMasks } from '../../core/masks/mask-set.ts';
import type { Cell } from '../../core/masks/paint.ts';

type Rgb = readonly [number, number, number];

/** [allowed·2 + fixed] per active layer: 0 forbidden trained, 1 forbidden fixed, 2 allowed trained, 3 allowed fixed. */
export const CELL_COLOURS: Record<MaskLayer, readonly [Rgb, Rgb, Rgb, Rgb]> = {
  connectivity: [
    [43, 49, 66],
    [96, 76, 44],
    [244, 246, 251],
    [246, 224, 184],
  ],
  plasticity: [
    [150, 156, 170],
    [156, 100, 28],
    [244, 246, 251],
    [232, 154, 46],
  ],
};

const GRID_LINE: Rgb = [212, 216, 226];
/** the page's focus colour (app.css --focus) */
const CURSOR = '#f2b705';
const HATCH: Record<MaskLayer, Rgb> = { connectivity: [196, 150, 86], plasticity: [120, 66, 8] };
/** Cells at least this many CSS pixels wide get grid lines, and fixed ones a hatch. */
const DETAIL_CELL_PX = 6;

const css = ([r, g, b]: Rgb) => `rgb(${r} ${g} ${b})`;

export interface RenderStyle {
  active: MaskLayer;
  /** W_rec with autapses: false — the diagonal is forbidden whatever is painted there */
  forbidDiagonal: boolean;
}

export class GridRenderer {
  private image: ImageData | null = null;
  private offscreen: HTMLCanvasElement | null = null;
  private rows = 0;
  private cols = 0;
  /** device pixels per cell, across and down */
  private scaleX = 1;
  private scaleY = 1;
  private detail = false;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  /**
   * Sizes the canvas: exactly cols × rows equal cells, each `cellWidth` × `cellHeight` CSS pixels (backed at the
   * device's pixel ratio).
   */
  layout(rows: number, cols: number, cellWidth: number, cellHeight: number): void {
    const dpr = Math.max(1, Math.round(window.devicePixelRatio || 1));
    this.rows = rows;
    this.cols = cols;
    this.detail = Math.min(cellWidth, cellHeight) >= DETAIL_CELL_PX;
    this.scaleX = cellWidth * dpr;
    this.scaleY = cellHeight * dpr;
    this.canvas.width = cols * this.scaleX;
    this.canvas.height = rows * this.scaleY;
    this.canvas.style.width = `${cols * cellWidth}px`;
    this.canvas.style.height = `${rows * cellHeight}px`;
    if (rows === 0 || cols === 0) {
      this.image = null;
      return;
    }
    this.image = new ImageData(cols, rows);
    this.offscreen ??= document.createElement('canvas');
    this.offscreen.width = cols;
    this.offscreen.height = rows;
  }

  /** Redraws the cells of `dirty` (null: all). */
  draw(masks: MatrixMasks, style: RenderStyle, dirty: CellRect | null): void {
    const ctx = this.canvas.getContext('2d');
    const off = this.offscreen?.getContext('2d');
    if (!ctx || !off || !this.image || masks.connectivity.rows !== this.rows || masks.connectivity.cols !== this.cols) return;
    const rect = clip(dirty ?? { top: 0, left: 0, bottom: this.rows - 1, right: this.cols - 1 }, this.rows, this.cols);
    if (!rect) return;
    this.fillImage(masks, style, rect);
    const w = rect.right - rect.left + 1;
    const h = rect.bottom - rect.top + 1;
    off.putImageData(this.image, 0, 0, rect.left, rect.top, w, h);
    ctx.imageSmoothingEnabled = false;
    const { scaleX: sx, scaleY: sy } = this;
    ctx.drawImage(this.offscreen!, rect.left, rect.top, w, h, rect.left * sx, rect.top * sy, w * sx, h * sy);
    if (this.detail) this.drawDetail(ctx, masks, style, rect);
  }

  /** Outlines one cell: the keyboard's cursor (drawn over the cells; a redraw of the cell removes it). */
  drawCursor(cell: Cell): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx || cell.row >= this.rows || cell.col >= this.cols) return;
    const { scaleX: sx, scaleY: sy } = this;
    const width = Math.max(1, Math.min(3, Math.floor(Math.min(sx, sy) / 4)));
    ctx.strokeStyle = CURSOR;
    ctx.lineWidth = width;
    ctx.strokeRect(cell.col * sx + width / 2, cell.row * sy + width / 2, sx - width, sy - width);
  }

  private fillImage(masks: MatrixMasks, style: RenderStyle, rect: CellRect): void {
    const data = this.image!.data;
    const colours = CELL_COLOURS[style.active];
    const { cols } = this;
    const conn = masks.connectivity.cells;
    const fixed = masks.plasticity.cells;
    for (let i = rect.top; i <= rect.bottom; i++) {
      for (let j = rect.left; j <= rect.right; j++) {
        const k = i * cols + j;
        const allowed = conn[k] === 1 && !(style.forbidDiagonal && i === j);
        const [r, g, b] = colours[(allowed ? 2 : 0) + fixed[k]];
        const p = k * 4;
        data[p] = r;
        data[p + 1] = g;
        data[p + 2] = b;
        data[p + 3] = 255;
      }
    }
  }

  /** Grid lines around the rect's cells (opaque, so drawing one twice looks the same) and a hatch on fixed ones. */
  private drawDetail(ctx: CanvasRenderingContext2D, masks: MatrixMasks, style: RenderStyle, rect: CellRect): void {
    const { scaleX: sx, scaleY: sy } = this;
    const line = Math.max(1, Math.round(Math.min(sx, sy) / 16));
    ctx.fillStyle = css(GRID_LINE);
    for (let j = rect.left; j <= rect.right + 1; j++) ctx.fillRect(Math.min(j * sx, this.canvas.width - line), rect.top * sy, line, (rect.bottom - rect.top + 1) * sy);
    for (let i = rect.top; i <= rect.bottom + 1; i++) ctx.fillRect(rect.left * sx, Math.min(i * sy, this.canvas.height - line), (rect.right - rect.left + 1) * sx, line);
    ctx.strokeStyle = css(HATCH[style.active]);
    ctx.lineWidth = line;
    ctx.beginPath();
    const fixed = masks.plasticity.cells;
    for (let i = rect.top; i <= rect.bottom; i++) {
      for (let j = rect.left; j <= rect.right; j++) {
        if (fixed[i * this.cols + j] !== 1) continue;
        // two strokes of a hatch, inside the cell's lines
        const x = j * sx + line;
        const y = i * sy + line;
        const w = sx - 2 * line;
        const h = sy - 2 * line;
        ctx.moveTo(x, y + h / 2);
        ctx.lineTo(x + w / 2, y);
        ctx.moveTo(x + w / 2, y + h);
        ctx.lineTo(x + w, y + h / 2);
      }
    }
    ctx.stroke();
  }
}

function clip(rect: CellRect, rows: number, cols: number): CellRect | null {
  const top = Math.max(0, rect.top);
  const left = Math.max(0, rect.left);
  const bottom = Math.min(rows - 1, rect.bottom);
  const right = Math.min(cols - 1, rect.right);
  return top > bottom || left > right ? null : { top, left, bottom, right };
}
