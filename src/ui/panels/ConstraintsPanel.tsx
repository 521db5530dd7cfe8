/**
 * Constraints: the mask painter (issue 11). Two layers over W_rec, W_in and W_out — connectivity (allowed /
 * forbidden: PsychRNN's *_connectivity) and plasticity (trained / fixed at its initial value: fixed_weights) —
 * painted with a brush, a rectangle or a fill, inverted or cleared, undone and redone (Ctrl+Z, Ctrl+Shift+Z), or
 * started from a preset. The masks live in the spec (so they reach the worker, the CLI and files); the painter writes
 * them once per edit. Training locks the painter (the worker trains on the spec it started with); the LSTM takes no
 * masks at all.
 */
import { type KeyboardEvent, memo, type RefObject, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { excitatoryCount, type MaskLayer, MATRICES, type MatrixName } from '../../core/masks/mask-set.ts';
import { fillGrid, invertGrid } from '../../core/masks/paint.ts';
import { taskShape } from '../../core/tasks/registry.ts';
import { type MaskTool, type ToolSettings } from '../masks/MaskCanvas.tsx';
import { MaskGrids, THIN_MIN_PX } from '../masks/MaskGrids.tsx';
import { MaskLegend } from '../masks/MaskLegend.tsx';
import { MaskPainter } from '../masks/painter.ts';
import { PresetControls } from '../masks/PresetControls.tsx';
import { useAppStore } from '../store.ts';
import { GATED_MODEL_NAMES, type GatedModel, gatedModel } from './AdvancedLstm.ts';
import { SelectField } from './fields.tsx';
import '../masks/masks.css';

export const TRAINING_LOCK = 'Training is running: Stop it to change the masks (the network trains on the masks it started with).';
export const gatedLock = (model: GatedModel) =>
  `Constraints do not apply to the ${GATED_MODEL_NAMES[model]} (it has no Dale rule and no connectivity or fixed-weight masks): choose the Rate RNN (Basic) model to paint masks.`;

const VALUES = {
  connectivity: [
    { value: 'forbid', label: 'Forbid (0)', cell: 0 },
    { value: 'allow', label: 'Allow (1)', cell: 1 },
  ],
  plasticity: [
    { value: 'fix', label: 'Fix (1)', cell: 1 },
    { value: 'train', label: 'Train (0)', cell: 0 },
  ],
} as const;

const BRUSHES = [0, 1, 2, 4, 8];
const TARGETS: Record<'all' | MatrixName, { label: string; names: readonly MatrixName[] }> = {
  rec: { label: 'W_rec', names: ['rec'] },
  in: { label: 'W_in', names: ['in'] },
  out: { label: 'W_out', names: ['out'] },
  all: { label: 'all three', names: MATRICES },
};
/** the widest W_rec drawn, in CSS pixels: 256 units at 2 px, 50 at 11 px, 8 at the 24 px cap */
const MAX_GRID_PX = 560;
const MAX_CELL_PX = 24;

/** W_rec's cell size, so that W_in and W_rec fit `width` side by side. */
function cellSize(width: number, N_rec: number, N_in: number): number {
  const fit = Math.floor((width - 72 - N_in * THIN_MIN_PX) / (N_rec + 1));
  return Math.max(1, Math.min(MAX_CELL_PX, Math.floor(MAX_GRID_PX / N_rec), fit));
}

/** The width of `element`, followed as it resizes. */
function useWidth(element: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(600);
  useEffect(() => {
    const node = element.current;
    if (!node) return;
    setWidth(node.clientWidth);
    const observer = new ResizeObserver(() => setWidth(node.clientWidth));
    observer.observe(node);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

// the panel re-renders on every spec edit (it shows the constraints); the grids and presets only when their props change
const Grids = memo(MaskGrids);
const Presets = memo(PresetControls);

export function ConstraintsPanel({ locked }: { locked: boolean }) {
  const constraints = useAppStore((s) => s.spec.model.constraints);
  const N_rec = useAppStore((s) => s.spec.model.N_rec);
  const N_in = useAppStore((s) => taskShape(s.spec.task).N_in);
  const N_out = useAppStore((s) => taskShape(s.spec.task).N_out);
  const gated = useAppStore((s) => gatedModel(s.spec.model.type));
  const maskless = gated !== null; // the LSTM and the GRU have no masks
  const seed = useAppStore((s) => s.spec.seed);
  const shape = useMemo(() => ({ N_rec, N_in, N_out }), [N_rec, N_in, N_out]);
  const [painter] = useState(() => new MaskPainter({ editSpec: useAppStore.getState().editSpec, constraints: () => useAppStore.getState().spec.model.constraints }));
  const view = useSyncExternalStore(painter.subscribe, painter.getView);

  const [layer, setLayer] = useState<MaskLayer>('connectivity');
  const [tool, setTool] = useState<MaskTool>('brush');
  const [values, setValues] = useState({ connectivity: 'forbid', plasticity: 'fix' } as Record<MaskLayer, string>);
  const [radius, setRadius] = useState(0);
  const [target, setTarget] = useState<'all' | MatrixName>('rec');
  const value = VALUES[layer].find((v) => v.value === values[layer])!;
  const settings = useRef<ToolSettings>({ layer, tool, value: value.cell, radius });
  settings.current = { layer, tool, value: value.cell, radius };

  const blocked = locked ? TRAINING_LOCK : gated ? gatedLock(gated) : null;
  useEffect(() => painter.setBlocked(blocked), [painter, blocked]);
  // after setBlocked, so that a spec the LSTM refuses masks for is never written back
  useEffect(() => painter.sync(constraints, shape), [painter, constraints, shape]);

  const readoutLine = useRef<HTMLParagraphElement>(null);
  const onHover = useCallback((text: string | null) => {
    if (readoutLine.current) readoutLine.current.textContent = text ?? 'Hover over a cell to read it.';
  }, []);
  const container = useRef<HTMLDivElement>(null);
  const cellPx = cellSize(useWidth(container), N_rec, N_in);
  const readout = useMemo(() => ({ nE: excitatoryCount(constraints.dale_ratio, N_rec), noAutapses: !constraints.autapses }), [constraints.dale_ratio, constraints.autapses, N_rec]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key !== 'z' && key !== 'y') return;
    if ((event.target as HTMLElement).closest('input, select, textarea')) return; // a field's own undo
    event.preventDefault();
    if (key === 'y' || event.shiftKey) painter.redo();
    else painter.undo();
  };
  const layerName = (l: MaskLayer) => (l === 'connectivity' ? 'Connectivity (allowed / forbidden)' : 'Plasticity (trained / fixed)');
  const neutral = layer === 'connectivity' ? 1 : 0;

  return (
    <section className="card constraints" aria-labelledby="constraints-heading" onKeyDown={onKeyDown}>
      <h2 id="constraints-heading">Constraints</h2>
      <p className="field-hint">
        Masks of PsychRNN's W[i][j], presynaptic j → postsynaptic i: connectivity (*_connectivity) and plasticity (fixed_weights). Undo with Ctrl+Z, redo with Ctrl+Shift+Z; on a focused grid the arrow keys move and Space paints.
      </p>
      {maskless && (
        <p className="task-note" data-testid="mask-lstm-note" role="status">
          {gatedLock(gated)}
        </p>
      )}
      <div className="mask-controls">
        <SelectField label="Layer" testId="mask-layer" value={layer} disabled={maskless} onChange={setLayer} options={(['connectivity', 'plasticity'] as const).map((l) => ({ value: l, label: layerName(l) }))} />
        <SelectField label="Tool" testId="mask-tool" value={tool} disabled={maskless} onChange={setTool} options={[{ value: 'brush', label: 'Brush' }, { value: 'rectangle', label: 'Rectangle' }, { value: 'fill', label: 'Fill' }]} />
        <SelectField label="Paint" testId="mask-value" value={values[layer]} disabled={maskless} onChange={(v) => setValues({ ...values, [layer]: v })} options={VALUES[layer]} />
        <SelectField
          label="Brush size"
          testId="mask-brush"
          value={String(radius)}
          disabled={maskless || tool !== 'brush'}
          onChange={(v) => setRadius(Number(v))}
          options={BRUSHES.map((r) => ({ value: String(r), label: `${2 * r + 1} × ${2 * r + 1}` }))}
        />
      </div>
      <div className="mask-controls">
        <SelectField label="Invert / Clear on" testId="mask-target" value={target} disabled={maskless} onChange={setTarget} options={Object.entries(TARGETS).map(([v, t]) => ({ value: v as 'all' | MatrixName, label: t.label }))} />
        <div className="buttons mask-buttons">
          <button type="button" data-testid="mask-invert" disabled={maskless} onClick={() => painter.edit(TARGETS[target].names, layer, invertGrid)}>
            Invert
          </button>
          <button type="button" data-testid="mask-clear" disabled={maskless} title={layer === 'connectivity' ? 'All allowed' : 'All trained'} onClick={() => painter.edit(TARGETS[target].names, layer, (g) => fillGrid(g, neutral))}>
            Clear
          </button>
          <button type="button" data-testid="mask-undo" disabled={maskless || !view.canUndo} onClick={() => painter.undo()}>
            Undo
          </button>
          <button type="button" data-testid="mask-redo" disabled={maskless || !view.canRedo} onClick={() => painter.redo()}>
            Redo
          </button>
        </div>
      </div>
      <Presets painter={painter} shape={shape} daleRatio={constraints.dale_ratio} seed={seed} disabled={maskless} />
      {view.message && (
        <p className="field-error mask-message" data-testid="mask-message" role="alert">
          {view.message}
        </p>
      )}
      <p className="mask-readout" data-testid="mask-readout" ref={readoutLine}>
        Hover over a cell to read it.
      </p>
      <div className={`mask-area${maskless ? ' disabled' : ''}`} ref={container}>
        <Grids painter={painter} shape={shape} cellPx={cellPx} settings={settings} active={layer} readout={readout} onHover={onHover} />
      </div>
      <MaskLegend active={layer} />
    </section>
  );
}
