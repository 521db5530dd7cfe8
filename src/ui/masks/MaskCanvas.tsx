/**
 * One matrix's mask grid (W_rec, W_in or W_out) as a canvas whose bounding box is exactly its cells: rows are
 * postsynaptic i (row 0 at the top), columns presynaptic j (column 0 at the left). Pointer strokes paint straight
 * into the painter's masks and redraw only the changed cells; nothing here re-renders React while painting, and the
 * spec is written once, when the stroke ends.
 */
import { type PointerEvent as ReactPointerEvent, type RefObject, useEffect, useRef } from 'react';
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

  useEffect(() => {
    const renderer = new GridRenderer(canvas.current!);
    renderer.layout(rows, cols, cellWidth, cellHeight);
    const style = { active, forbidDiagonal };
    painter.setRedraw(name, (dirty) => {
      const masks = painter.masks?.[name];
      if (masks) renderer.draw(masks, style, dirty);
    });
    return () => painter.setRedraw(name, null);
  }, [painter, name, rows, cols, cellWidth, cellHeight, active, forbidDiagonal]);

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
    canvas.current!.focus();
    if (!painter.beginStroke()) return;
    const current = { ...settings.current };
    const cell = cellOf(event);
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
      aria-label={`${MATRIX_LABELS[name]} mask, ${rows} × ${cols}: ${axes}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endStroke}
      onPointerCancel={endStroke}
      onLostPointerCapture={endStroke}
      onPointerLeave={() => onHover(null)}
    />
  );
}
