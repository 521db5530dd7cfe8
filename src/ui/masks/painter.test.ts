import { describe, expect, it } from 'vitest';
import { cellAt } from '../../core/masks/grid.ts';
import { paintBrush, paintRect } from '../../core/masks/paint.ts';
import { daleOrdering } from '../../core/masks/presets.ts';
import { defaultSpec, type ExperimentSpec, safeParseSpec } from '../../core/spec/spec.ts';
import { MaskPainter } from './painter.ts';

const SHAPE = { N_rec: 4, N_in: 2, N_out: 2 };

/** A painter over a spec held here, written as the store writes it (parsed; refused with the spec's message). */
function setUp() {
  const spec0 = defaultSpec();
  spec0.model.N_rec = 4;
  const state = { spec: spec0, writes: 0 };
  const painter = new MaskPainter({
    editSpec(edit) {
      const result = safeParseSpec(edit(structuredClone(state.spec)));
      if (!result.ok) return result.error.message;
      state.spec = result.spec;
      state.writes++;
      return null;
    },
    constraints: () => state.spec.model.constraints,
  });
  const sync = () => painter.sync(state.spec.model.constraints, SHAPE);
  sync();
  const stroke = (paint: () => void) => {
    expect(painter.beginStroke()).toBe(true);
    paint();
    painter.endStroke();
    sync();
  };
  return { state, painter, sync, stroke, constraints: () => state.spec.model.constraints };
}

function paintCell(painter: MaskPainter, row: number, col: number, layer: 'connectivity' | 'plasticity', value: 0 | 1) {
  painter.paint('rec', layer, (grid) => paintBrush(grid, { row, col }, 0, value));
}

describe('MaskPainter', () => {
  it('writes a stroke to the spec once, exactly the cells painted', () => {
    const { state, painter, stroke, constraints } = setUp();
    stroke(() => {
      paintCell(painter, 0, 1, 'connectivity', 0);
      paintCell(painter, 2, 3, 'connectivity', 0);
    });
    expect(state.writes).toBe(1);
    expect(constraints().rec_connectivity).toEqual([[1, 0, 1, 1], [1, 1, 1, 1], [1, 1, 1, 0], [1, 1, 1, 1]]);
    expect(constraints().fixed_weights).toBeNull();
    expect(painter.view.canUndo).toBe(true);
  });

  it('a stroke that changes no cell writes nothing and adds no step', () => {
    const { state, painter, stroke } = setUp();
    stroke(() => paintCell(painter, 1, 1, 'connectivity', 1));
    expect(state.writes).toBe(0);
    expect(painter.view.canUndo).toBe(false);
  });

  it('undo and redo restore each step exactly', () => {
    const { painter, stroke, sync, constraints } = setUp();
    stroke(() => painter.paint('rec', 'plasticity', (grid) => paintRect(grid, { row: 0, col: 0 }, { row: 1, col: 1 }, 1)));
    const afterFirst = structuredClone(constraints());
    stroke(() => paintCell(painter, 3, 3, 'connectivity', 0));
    const afterSecond = structuredClone(constraints());
    painter.undo();
    sync();
    expect(constraints()).toEqual(afterFirst);
    painter.undo();
    sync();
    expect(constraints().fixed_weights).toBeNull();
    expect(constraints().rec_connectivity).toBeNull();
    expect(painter.view.canUndo).toBe(false);
    painter.redo();
    painter.redo();
    sync();
    expect(constraints()).toEqual(afterSecond);
    expect(painter.view.canRedo).toBe(false);
  });

  it('undoing a preset that set the Dale ratio restores it; undoing a stroke keeps a ratio typed since', () => {
    const { state, painter, sync, stroke, constraints } = setUp();
    const dale = daleOrdering(SHAPE, 0.5);
    if (!dale.ok) throw new Error(dale.message);
    painter.applyPreset(dale.paint);
    sync();
    expect(constraints().dale_ratio).toBe(0.5);
    stroke(() => paintCell(painter, 0, 1, 'connectivity', 0));
    // the Dale ratio field changes it (another part of the page)
    state.spec = { ...state.spec, model: { ...state.spec.model, constraints: { ...constraints(), dale_ratio: 0.75 } } } as ExperimentSpec;
    sync();
    painter.undo(); // the stroke
    sync();
    expect(constraints().rec_connectivity).toBeNull();
    expect(constraints().dale_ratio).toBe(0.75);
    painter.undo(); // the preset
    sync();
    expect(constraints().dale_ratio).toBeNull();
  });

  it('a mask the spec refuses is said, the masks go back to the spec, and no step is added', () => {
    const { state, painter, constraints } = setUp();
    const before = structuredClone(constraints());
    expect(painter.beginStroke()).toBe(true);
    painter.paint('out', 'connectivity', (grid) => paintRect(grid, { row: 0, col: 0 }, { row: 0, col: 3 }, 0));
    painter.endStroke();
    expect(painter.view.message).toMatch(/^This mask was not applied: .*must connect output 0 to at least one unit/);
    expect(constraints()).toEqual(before);
    expect(cellAt(painter.masks!.out.connectivity, 0, 0)).toBe(1);
    expect(painter.view.canUndo).toBe(false);
    expect(state.writes).toBe(0);
  });

  it('while blocked (training runs) nothing is painted or undone, and the reason is shown', () => {
    const { painter, stroke, constraints } = setUp();
    stroke(() => paintCell(painter, 0, 1, 'connectivity', 0));
    const before = structuredClone(constraints());
    painter.setBlocked('Training is running');
    expect(painter.beginStroke()).toBe(false);
    expect(painter.view.message).toBe('Training is running');
    painter.undo();
    expect(constraints()).toEqual(before);
    painter.setBlocked(null);
    expect(painter.view.message).toBeNull();
    painter.undo();
    expect(constraints().rec_connectivity).toBeNull();
  });

  it('masks changed elsewhere (a file, a new shape) replace the painted ones and clear the history', () => {
    const { state, painter, sync, stroke } = setUp();
    stroke(() => paintCell(painter, 0, 1, 'connectivity', 0));
    const fromFile = structuredClone(state.spec);
    fromFile.model.constraints.rec_connectivity = [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 0]];
    state.spec = fromFile;
    sync();
    expect(cellAt(painter.masks!.rec.connectivity, 3, 3)).toBe(0);
    expect(cellAt(painter.masks!.rec.connectivity, 0, 1)).toBe(1);
    expect(painter.view.canUndo).toBe(false);
  });
});
