/**
 * One matrix's mask grid (W_rec, W_in or W_out) as a canvas whose bounding box is exactly its cells: rows are
 * postsynaptic i (row 0 at the top), columns presynaptic j (column 0 at the left). Pointer strokes paint straight
 * into the painter's masks and redraw only the changed cells; nothing here re-renders React while painting, and the
 * spec is written once, when the stroke ends.
 */
import { type KeyboardEvent, type PointerEvent as ReactPointerEvent, type RefObject, useEffect, useRef } from 'react';
import type { CellRect } from '../../core/masks/grid.ts';
import type { MaskLayer, MatrixName } from '../../core/masks/mask-set.ts';
import { type Cell, type CellValue, floodFill, paintBrush, paintLine, paintRect } from '../../core/masks/paint.ts';
import type { MaskPainter } from './painter.ts';
import { describeCell, MATRIX_LABELS, type ReadoutContext } from './readout.ts';
import { GridRenderer } from './render.ts';

export type MaskTool = 'brush' | 'rectangle' | 'fill';

/** The controls' settings as the next stroke takes them (a ref: reading it re-renders nothing). */
export interface ToolSettings {
  layer: MaskLayer;
  tool: MaskTool;
  value: CellValue;
  /** brush radius in cells: the brush is a (2r + 1)² square */
  radius: number;
}

interface Stroke {
  settings: ToolSettings;
  anchor: Cell;
  last: Cell;
  /** what the rectangle's last preview painted */
  rect: CellRect | null;
}

interface MaskCanvasProps {
  name: MatrixName;
  painter: MaskPainter;
  rows: number;
  cols: number;
  /** CSS pixels per cell, across and down (W_in's few columns and W_out's few rows are drawn wider than W_rec's) */
  cellWidth: number;
  cellHeight: number;
  settings: RefObject<ToolSettings>;
  /** the layer drawn strong */
  active: MaskLayer;
  readout: ReadoutContext;
  forbidDiagonal: boolean;
  /** shows a cell's read-out, or clears it with null */
  onHover: (text: string | null) => void;
  axes: string;
}

export function MaskCanvas({ name, painter, rows, cols, cellWidth, cellHeight, settings, active, readout, forbidDiagonal, onHover, axes }: MaskCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const stroke = useRef<Stroke | null>(null);
  /** the keyboard's cell, outlined while the canvas has focus */
  const cursor = useRef<Cell>({ row: 0, col: 0 });
  const focused = useRef(false);
  const redraw = useRef<(dirty: CellRect | null) => void>(() => undefined);

  useEffect(() => {
    const renderer = new GridRenderer(canvas.current!);
    renderer.layout(rows, cols, cellWidth, cellHeight);
    const style = { active, forbidDiagonal };
    cursor.current = { row: Math.min(cursor.current.row, rows - 1), col: Math.min(cursor.current.col, cols - 1) };
    redraw.current = (dirty) => {
      const masks = painter.masks?.[name];
      if (!masks) return;
      renderer.draw(masks, style, dirty);
      if (focused.current) renderer.drawCursor(cursor.current);
    };
    painter.setRedraw(name, redraw.current);
    return () => painter.setRedraw(name, null);
  }, [painter, name, rows, cols, cellWidth, cellHeight, active, forbidDiagonal]);

  const cellRect = ({ row, col }: Cell): CellRect => ({ top: row, left: col, bottom: row, right: col });
  const showCursor = (on: boolean) => {
    focused.current = on;
    redraw.current(cellRect(cursor.current));
    if (on) hover(cursor.current);
  };

  /** Arrows move the cursor (with Shift, 8 cells); Space or Enter paints the brush there, as one edit. */
  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const step = event.shiftKey ? 8 : 1;
    const moves: Record<string, [number, number]> = { ArrowUp: [-step, 0], ArrowDown: [step, 0], ArrowLeft: [0, -step], ArrowRight: [0, step] };
    const from = cursor.current;
    if (event.key in moves) {
      event.preventDefault();
      const [dr, dc] = moves[event.key];
      cursor.current = { row: Math.max(0, Math.min(rows - 1, from.row + dr)), col: Math.max(0, Math.min(cols - 1, from.col + dc)) };
      redraw.current(cellRect(from));
      showCursor(true);
    } else if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      if (!painter.beginStroke()) return;
      const { layer, radius, value } = settings.current;
      painter.paint(name, layer, (grid) => paintBrush(grid, from, radius, value));
      painter.endStroke();
      hover(from);
    }
  };

  const cellOf = (event: ReactPointerEvent): Cell => {
    const box = canvas.current!.getBoundingClientRect();
    return { row: Math.floor(((event.clientY - box.top) / box.height) * rows), col: Math.floor(((event.clientX - box.left) / box.width) * cols) };
  };

  const hover = (cell: Cell) => {
    const masks = painter.masks?.[name];
    const inside = cell.row >= 0 && cell.row < rows && cell.col >= 0 && cell.col < cols;
    onHover(masks && inside ? describeCell(name, cell.row, cell.col, masks, readout) : null);
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    const cell = cellOf(event);
    // the keyboard continues from where the pointer went down
    if (cell.row >= 0 && cell.row < rows && cell.col >= 0 && cell.col < cols) {
      if (focused.current) redraw.current(cellRect(cursor.current));
      cursor.current = cell;
    }
    canvas.current!.focus();
    if (!painter.beginStroke()) return;
    const current = { ...settings.current };
    if (current.tool === 'fill') {
      painter.paint(name, current.layer, (grid) => floodFill(grid, cell, current.value));
      painter.endStroke();
      return;
    }
    event.currentTarget.setPointerCapture(event.pointerId);
    stroke.current = { settings: current, anchor: cell, last: cell, rect: null };
    paintTo(cell);
  };

  const paintTo = (cell: Cell) => {
    const s = stroke.current;
    if (!s) return;
    const { layer, tool, value, radius } = s.settings;
    if (tool === 'brush') {
      const from = s.last;
      painter.paint(name, layer, (grid) => paintLine(grid, from, cell, radius, value));
      s.last = cell;
    } else {
      s.rect = painter.preview(name, layer, s.rect, (grid) => paintRect(grid, s.anchor, cell, value));
    }
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const cell = cellOf(event);
    hover(cell);
    paintTo(cell);
  };

  const endStroke = () => {
    if (!stroke.current) return;
    stroke.current = null;
    painter.endStroke();
  };

  return (
    <canvas
      ref={canvas}
      className="mask-grid"
      data-testid={`mask-grid-${name}`}
      data-rows={rows}
      data-cols={cols}
      tabIndex={0}
      role="img"
      aria-label={`${MATRIX_LABELS[name]} mask, ${rows} × ${cols}: ${axes}. Arrow keys move, Space paints.`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endStroke}
      onPointerCancel={endStroke}
      onLostPointerCapture={endStroke}
      onPointerLeave={() => onHover(null)}
      onKeyDown={onKeyDown}
      onFocus={() => showCursor(true)}
      onBlur={() => showCursor(false)}
    />
  );
}
