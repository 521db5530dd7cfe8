/**
 * The mask painter's state outside React: the working masks (painted into in place during a stroke, so a pointer
 * move re-renders nothing), the undo history, and the one write to the spec at the end of each edit. The canvases
 * register a redraw per matrix; the panel reads `view` (message, undo/redo availability) through
 * useSyncExternalStore. A spec change from elsewhere (a file, a new task shape, N_rec) replaces the masks; one that
 * changes the grids themselves clears the history, whose steps belong to the masks before it.
 */
import { type CellRect, gridsEqual, type MaskGrid, unionRect } from '../../core/masks/grid.ts';
import { EditHistory, type HistoryStep } from '../../core/masks/history.ts';
import {
  cloneMasks,
  constraintsWithMasks,
  gridsOfMasksEqual,
  type MaskLayer,
  type MaskSet,
  masksFromConstraints,
  MATRICES,
  type MatrixName,
  type NetworkShape,
  specMatrices,
} from '../../core/masks/mask-set.ts';
import { applyPreset, type PresetPaint } from '../../core/masks/presets.ts';
import type { ConstraintsSpec, ExperimentSpec } from '../../core/spec/spec.ts';

export interface PainterView {
  /** why the last edit was not made (the spec refused the mask, training is running), or null */
  message: string | null;
  canUndo: boolean;
  canRedo: boolean;
}

/** The part of the store the painter uses. */
export interface SpecAccess {
  /** replaces the spec, or returns why not */
  editSpec: (edit: (spec: ExperimentSpec) => unknown) => string | null;
  constraints: () => ConstraintsSpec;
}
type Redraw = (dirty: CellRect | null) => void;

const LAYERS = ['connectivity', 'plasticity'] as const;

/** The layers a step changed (the others are as the spec has them, and are not written). */
function differingLayers(step: HistoryStep<MaskSet>): (name: MatrixName, layer: MaskLayer) => boolean {
  return (name, layer) => !gridsEqual(step.before[name][layer], step.after[name][layer]);
}

const sameShape = (a: NetworkShape | null, b: NetworkShape) => a !== null && a.N_rec === b.N_rec && a.N_in === b.N_in && a.N_out === b.N_out;

export class MaskPainter {
  masks: MaskSet | null = null;
  private shape: NetworkShape | null = null;
  private constraints: ConstraintsSpec | null = null;
  /** the spec's matrices the masks were last read from or written to (specMatrices) */
  private known: unknown[] = [];
  private readonly history = new EditHistory<MaskSet>(100);
  private strokeStart: MaskSet | null = null;
  /** the layers the stroke under way painted into ("rec.connectivity"): only those are compared and written */
  private readonly touched = new Set<string>();
  private readonly redraws = new Map<MatrixName, Redraw>();
  private readonly listeners = new Set<() => void>();
  private blockedBy: string | null = null;
  view: PainterView = { message: null, canUndo: false, canRedo: false };

  constructor(private readonly spec: SpecAccess) {}

  // ---- React and the canvases

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getView = () => this.view;

  /** A canvas's redraw for `name` (null to unregister); it is called once at once. */
  setRedraw(name: MatrixName, redraw: Redraw | null): void {
    if (redraw) {
      this.redraws.set(name, redraw);
      redraw(null);
    } else this.redraws.delete(name);
  }

  /** Why no edit may be made now (training runs, the LSTM takes no masks), or null. */
  setBlocked(reason: string | null): void {
    this.blockedBy = reason;
    if (reason === null && this.view.message !== null) this.update(null);
  }

  /** Takes the spec's masks, unless they are the ones painted already. */
  sync(constraints: ConstraintsSpec, shape: NetworkShape): void {
    this.constraints = constraints;
    const matrices = specMatrices(constraints);
    // the same matrices (the painter's own write coming back, or an edit of another field): nothing to read
    if (this.masks && sameShape(this.shape, shape) && matrices.every((m, k) => m === this.known[k])) {
      this.masks.daleRatio = constraints.dale_ratio;
      return;
    }
    this.known = matrices;
    const fresh = masksFromConstraints(constraints, shape);
    const current = this.masks;
    if (current && sameShape(this.shape, shape) && gridsOfMasksEqual(fresh, current)) {
      current.daleRatio = fresh.daleRatio;
      return;
    }
    if (this.strokeStart) this.strokeStart = null; // a stroke under way is dropped: the spec it started from is gone
    this.history.clear();
    this.masks = fresh;
    this.shape = shape;
    this.redrawAll();
    this.update(this.view.message);
  }

  /** Shows `message` (an attempt while blocked, a preset's refusal), or clears it with null. */
  say(message: string | null): void {
    this.update(message);
  }

  // ---- strokes

  /** Starts a stroke; false (and why, shown) when no edit may be made. */
  beginStroke(): boolean {
    if (this.blockedBy) {
      this.update(this.blockedBy);
      return false;
    }
    if (!this.masks) return false;
    this.strokeStart = cloneMasks(this.masks);
    this.touched.clear();
    return true;
  }

  /** Paints into one layer of one matrix during a stroke, and redraws what changed. */
  paint(name: MatrixName, layer: MaskLayer, operation: (grid: MaskGrid) => CellRect | null): void {
    if (!this.masks || !this.strokeStart) return;
    this.touched.add(`${name}.${layer}`);
    const dirty = operation(this.masks[name][layer]);
    if (dirty) this.redraws.get(name)?.(dirty);
  }

  /**
   * A stroke whose shape follows the pointer (the rectangle): the layer goes back to how the stroke found it, then
   * `operation` paints; `previous` is the rect the last preview painted, redrawn with the new one.
   */
  preview(name: MatrixName, layer: MaskLayer, previous: CellRect | null, operation: (grid: MaskGrid) => CellRect | null): CellRect | null {
    if (!this.masks || !this.strokeStart) return null;
    this.touched.add(`${name}.${layer}`);
    this.masks[name][layer].cells.set(this.strokeStart[name][layer].cells);
    const rect = operation(this.masks[name][layer]);
    const dirty = unionRect(previous, rect);
    if (dirty) this.redraws.get(name)?.(dirty);
    return rect;
  }

  /** Ends the stroke: a stroke that changed cells is written to the spec (one write) and can be undone. */
  endStroke(): void {
    const before = this.strokeStart;
    this.strokeStart = null;
    const masks = this.masks;
    if (!before || !masks) return;
    const changed = (name: MatrixName, layer: MaskLayer) => this.touched.has(`${name}.${layer}`) && !gridsEqual(before[name][layer], masks[name][layer]);
    const layers = MATRICES.flatMap((name) => LAYERS.filter((layer) => changed(name, layer)).map((layer) => `${name}.${layer}`));
    if (layers.length === 0) return;
    this.commit({ before, after: cloneMasks(masks) }, 'record', (name, layer) => layers.includes(`${name}.${layer}`), true);
  }

  get stroking(): boolean {
    return this.strokeStart !== null;
  }

  // ---- one-step edits

  /** Invert or Clear (an operation on whole grids) as one edit. */
  edit(names: readonly MatrixName[], layer: MaskLayer, operation: (grid: MaskGrid) => CellRect | null): void {
    if (!this.beginStroke()) return;
    for (const name of names) this.paint(name, layer, operation);
    this.endStroke();
  }

  applyPreset(paint: PresetPaint): void {
    if (!this.beginStroke() || !this.masks || !this.strokeStart) return;
    const before = this.strokeStart;
    this.strokeStart = null;
    const after = cloneMasks(applyPreset(this.masks, paint));
    if (gridsOfMasksEqual(before, after) && before.daleRatio === after.daleRatio) return this.update(null);
    this.commit({ before, after }, 'record');
  }

  undo(): void {
    this.travel('undo');
  }

  redo(): void {
    this.travel('redo');
  }

  /** Undo or redo one step; a step the spec refuses stays where it was. */
  private travel(as: 'undo' | 'redo'): void {
    if (this.blockedBy) return this.update(this.blockedBy);
    if (this.stroking) return;
    const step = as === 'undo' ? this.history.undo() : this.history.redo();
    if (step && !this.commit(step, as)) {
      if (as === 'undo') this.history.cancelUndo();
      else this.history.cancelRedo();
    }
    this.update(this.view.message);
  }

  // ---- internals

  /**
   * Writes a step's `after` (or, for an undo, its `before`) to the spec; false when the spec refuses it, whose
   * message then shows and whose masks go back to the spec's. The Dale ratio changes only where the step changed
   * it, so undoing a stroke keeps a ratio typed in since.
   */
  private commit(step: HistoryStep<MaskSet>, as: 'record' | 'undo' | 'redo', changed = differingLayers(step), drawn = false): boolean {
    const target = cloneMasks(as === 'undo' ? step.before : step.after);
    if (step.before.daleRatio === step.after.daleRatio && this.masks) target.daleRatio = this.masks.daleRatio;
    this.masks = target;
    // a stroke is on the canvases already; a preset, an undo or a redo is not
    if (!drawn) this.redrawAll();
    const failure = this.spec.editSpec((spec) => ({ ...spec, model: { ...spec.model, constraints: constraintsWithMasks(spec.model.constraints, target, changed) } }));
    if (failure) {
      if (this.constraints && this.shape) this.masks = masksFromConstraints(this.constraints, this.shape);
      this.redrawAll();
      this.update(`This mask was not applied: ${failure.split('\n')[0]}`);
      return false;
    }
    this.constraints = this.spec.constraints();
    this.known = specMatrices(this.constraints);
    if (as === 'record') this.history.record(step);
    this.update(null);
    return true;
  }

  private redrawAll(): void {
    for (const name of MATRICES) this.redraws.get(name)?.(null);
  }

  private update(message: string | null): void {
    const view = { message, canUndo: this.history.canUndo, canRedo: this.history.canRedo };
    if (view.message === this.view.message && view.canUndo === this.view.canUndo && view.canRedo === this.view.canRedo) return;
    this.view = view;
    for (const listener of this.listeners) listener();
  }
}
