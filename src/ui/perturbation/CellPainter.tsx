/**
 * A small painter for the perturbation lab: the W_rec connections to cut ([N_rec, N_rec], rows postsynaptic i,
 * columns presynaptic j) or the units to silence ([1, N_rec]). Drawn by the mask painter's renderer, in its
 * connectivity colours (dark = cut / silenced), painted with its brush (paint.ts): drag to paint, Shift-drag to
 * restore; the arrow keys move a cursor and Space toggles its cell. The spec is written once, when a stroke ends.
 */
import { type KeyboardEvent, type PointerEvent as ReactPointerEvent, useEffect, useMemo, useRef } from 'react';
import { createGrid, type MaskGrid } from '../../core/masks/grid.ts';
import type { MatrixMasks } from '../../core/masks/mask-set.ts';
import { type Cell, type CellValue, paintBrush, paintLine } from '../../core/masks/paint.ts';
import { GridRenderer } from '../masks/render.ts';

interface CellPainterProps {
  testId: string;
  label: string;
  rows: number;
  cols: number;
  /** the marked cells (cut / silenced), row-major [rows·cols] */
  marked: readonly number[];
  cellPx: number;
  /** the marked cells after a stroke */
  onCommit: (marked: number[]) => void;
  disabled?: boolean;
}

/** The renderer's two layers from the marked cells: connectivity 0 where marked, nothing fixed. */
function masksOf(rows: number, cols: number, marked: readonly number[]): MatrixMasks {
  const connectivity = createGrid(rows, cols, 1);
  marked.forEach((m, k) => (connectivity.cells[k] = m === 1 ? 0 : 1));
  return { connectivity, plasticity: createGrid(rows, cols, 0) };
}

const markedOf = (grid: MaskGrid) => Array.from(grid.cells, (c) => 1 - c);

export function CellPainter({ testId, label, rows, cols, marked, cellPx, onCommit, disabled }: CellPainterProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // built in the effect below: a ref's initial value would be rebuilt (and dropped) at every render
  const masks = useRef<MatrixMasks | null>(null);
  const renderer = useRef<GridRenderer | null>(null);
  const stroke = useRef<{ last: Cell; value: CellValue } | null>(null);
  const cursor = useRef<Cell>({ row: 0, col: 0 });
  const markedCount = useMemo(() => marked.reduce((n, m) => n + m, 0), [marked]);

  useEffect(() => {
    masks.current = masksOf(rows, cols, marked);
    renderer.current ??= new GridRenderer(canvas.current!);
    renderer.current.layout(rows, cols, cellPx, cellPx);
    renderer.current.draw(masks.current, { active: 'connectivity', forbidDiagonal: false }, null);
  }, [rows, cols, marked, cellPx]);

  const redraw = () => masks.current && renderer.current?.draw(masks.current, { active: 'connectivity', forbidDiagonal: false }, null);
  const cellOf = (event: ReactPointerEvent): Cell => {
    const box = canvas.current!.getBoundingClientRect();
    const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, Math.floor(v * n)));
    return { row: clamp((event.clientY - box.top) / box.height, rows), col: clamp((event.clientX - box.left) / box.width, cols) };
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    if (disabled || event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    const cell = cellOf(event);
    // connectivity 0 marks a cell; Shift restores
    const value: CellValue = event.shiftKey ? 1 : 0;
    stroke.current = { last: cell, value };
    paintBrush(masks.current!.connectivity, cell, 0, value);
    redraw();
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const s = stroke.current;
    if (!s) return;
    const cell = cellOf(event);
    paintLine(masks.current!.connectivity, s.last, cell, 0, s.value);
    s.last = cell;
    redraw();
  };
  const endStroke = () => {
    if (!stroke.current) return;
    stroke.current = null;
    onCommit(markedOf(masks.current!.connectivity));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>) => {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const c = cursor.current;
    if (event.key in moves) {
      event.preventDefault();
      const [dr, dc] = moves[event.key];
      cursor.current = { row: Math.max(0, Math.min(rows - 1, c.row + dr)), col: Math.max(0, Math.min(cols - 1, c.col + dc)) };
      redraw();
      renderer.current?.drawCursor(cursor.current);
    } else if ((event.key === ' ' || event.key === 'Enter') && !disabled) {
      event.preventDefault();
      const k = c.row * cols + c.col;
      const next = markedOf(masks.current!.connectivity);
      next[k] = 1 - next[k];
      onCommit(next);
    }
  };

  return (
    <canvas
      ref={canvas}
      className="mask-grid perturb-grid"
      data-testid={testId}
      data-rows={rows}
      data-cols={cols}
      data-marked={markedCount}
      tabIndex={0}
      role="img"
      aria-label={`${label}, ${rows} × ${cols}. Drag to mark, Shift-drag to restore; arrow keys move, Space toggles.`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endStroke}
      onPointerCancel={endStroke}
      onLostPointerCapture={endStroke}
      onKeyDown={onKeyDown}
      onFocus={() => renderer.current?.drawCursor(cursor.current)}
      onBlur={redraw}
    />
  );
}
