/**
 * The perturbation's fields, bound to the spec's `perturbation` through the store's spec-update path (so autosave,
 * files and share links carry it): the window, which units are silenced (none, all, E, I, or a list typed as
 * "0-9, 20" or painted), the W_rec connections to cut (painted), state noise σ, W_rec's scale and each input's scale.
 * Editing any of them creates the perturbation; a value the spec refuses is shown with its message and the rest stays.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { daleRatioInEffect, type ExperimentSpec, type PerturbationSpec, taskShape } from '../../core/spec/spec.ts';
import { emptyPerturbation, type Silence } from '../../core/spec/perturbation.ts';
import { FieldMessage, NumberField, SelectField, useFieldRegistration, useSpecEdit } from '../panels/fields.tsx';
import { useAppStore } from '../store.ts';
import { CellPainter } from './CellPainter.tsx';
import { formatUnits, parseUnits } from './units-text.ts';

type Mode = 'none' | 'all' | 'E' | 'I' | 'units';

const modeOf = (silence: Silence): Mode => (silence === null ? 'none' : Array.isArray(silence) ? 'units' : silence);

/** The draft's perturbation with `patch` applied (created from the defaults when there is none). */
function patch(draft: ExperimentSpec, change: Partial<PerturbationSpec>): void {
  draft.perturbation = { ...(draft.perturbation ?? emptyPerturbation()), ...change };
}

/** W_rec's cell size in the connection painter: 50 units at 6 px, within 2–12 px. */
const cellPxFor = (N_rec: number) => Math.max(2, Math.min(12, Math.floor(300 / N_rec)));

function UnitsField({ units }: { units: number[] }) {
  const id = useId();
  const edit = useSpecEdit();
  const [text, setText] = useState(formatUnits(units));
  const [error, setError] = useState<string | null>(null);
  useFieldRegistration(id, 'Silenced units', error);
  // painted or restored elsewhere: show the spec's units unless the text already says them
  useEffect(() => {
    const parsed = parseUnits(text);
    if (!(parsed.ok && parsed.units.join() === units.join())) {
      setText(formatUnits(units));
      setError(null);
    }
    // only the spec's units re-run this
  }, [units]);
  const commit = (raw: string) => {
    setText(raw);
    const parsed = parseUnits(raw);
    if (!parsed.ok) return setError(parsed.message);
    const failure = edit((draft) => patch(draft, { silence: parsed.units }));
    setError(failure ? failure.split('\n')[0] : null);
  };
  return (
    <div className="field perturb-units">
      <label htmlFor={id}>Silenced units</label>
      <input id={id} type="text" data-testid="perturb-units" value={text} placeholder="e.g. 0-9, 20" aria-invalid={error !== null} onChange={(e) => commit(e.target.value)} />
      <FieldMessage id={id} error={error} hint="Indices from 0, ranges inclusive." />
    </div>
  );
}

function SilenceFields({ silence, N_rec, dale }: { silence: Silence; N_rec: number; dale: boolean }) {
  const edit = useSpecEdit();
  const mode = modeOf(silence);
  const units = useMemo(() => (Array.isArray(silence) ? silence : []), [silence]);
  const strip = useMemo(() => Array.from({ length: N_rec }, (_, i) => (units.includes(i) ? 1 : 0)), [units, N_rec]);
  const options: { value: Mode; label: string }[] = [
    { value: 'none', label: 'No unit' },
    { value: 'all', label: 'All units' },
    ...(dale ? ([{ value: 'E', label: 'Excitatory (E) units' }, { value: 'I', label: 'Inhibitory (I) units' }] as const) : []),
    { value: 'units', label: 'Chosen units' },
  ];
  const choose = (m: Mode) => edit((draft) => patch(draft, { silence: m === 'none' ? null : m === 'units' ? units : m }));
  return (
    <>
      <SelectField label="Silence" testId="perturb-silence" value={mode} options={options} onChange={choose} hint={dale ? 'E are the first ⌊dale_ratio·N_rec⌋ units (Dale).' : undefined} />
      {mode === 'units' && (
        <>
          <UnitsField units={units} />
          <div className="perturb-painter">
            <span className="field-hint">Paint the units to silence (unit 0 at the left):</span>
            <CellPainter testId="perturb-unit-strip" label="Silenced units" rows={1} cols={N_rec} marked={strip} cellPx={Math.max(4, cellPxFor(N_rec))} onCommit={(marked) => edit((draft) => patch(draft, { silence: marked.flatMap((m, i) => (m ? [i] : [])) }))} />
          </div>
        </>
      )}
    </>
  );
}

function CutConnections({ cut, N_rec }: { cut: number[][] | null; N_rec: number }) {
  const edit = useSpecEdit();
  const marked = useMemo(() => (cut && cut.length === N_rec ? cut.flat() : new Array<number>(N_rec * N_rec).fill(0)), [cut, N_rec]);
  const count = useMemo(() => marked.reduce((n, m) => n + m, 0), [marked]);
  const commit = (cells: number[]) => {
    const rows = Array.from({ length: N_rec }, (_, i) => cells.slice(i * N_rec, (i + 1) * N_rec));
    edit((draft) => patch(draft, { cut_connections: cells.some((c) => c === 1) ? rows : null }));
  };
  return (
    <div className="perturb-painter">
      <span className="field-hint">
        Cut W_rec connections (row i postsynaptic, column j presynaptic): <span data-testid="perturb-cut-count">{count}</span> cut.
      </span>
      <CellPainter testId="perturb-cut-grid" label="Cut recurrent connections" rows={N_rec} cols={N_rec} marked={marked} cellPx={cellPxFor(N_rec)} onCommit={commit} />
      <button type="button" data-testid="perturb-cut-clear" disabled={count === 0} onClick={() => commit(new Array<number>(N_rec * N_rec).fill(0))}>
        Restore all connections
      </button>
    </div>
  );
}

export function PerturbationFields() {
  const perturbation = useAppStore((s) => s.spec.perturbation);
  const N_rec = useAppStore((s) => s.spec.model.N_rec);
  const N_in = useAppStore((s) => taskShape(s.spec.task).N_in);
  const T = useAppStore((s) => s.spec.task.T);
  const dale = useAppStore((s) => daleRatioInEffect(s.spec.model.constraints) !== null);
  const edit = useSpecEdit();
  const p = useMemo(() => perturbation ?? emptyPerturbation(), [perturbation]);
  return (
    <div className="perturb-fields">
      <div className="field-row">
        <NumberField label="Window start (ms)" testId="perturb-start" value={p.start} edit={(s, v) => patch(s, { start: v as number })} />
        <NumberField label="Window end (ms)" testId="perturb-end" value={p.end} emptyMeans={`trial end (${T} ms)`} edit={(s, v) => patch(s, { end: v })} />
      </div>
      <SilenceFields silence={p.silence} N_rec={N_rec} dale={dale} />
      <CutConnections cut={p.cut_connections} N_rec={N_rec} />
      <div className="field-row">
        <NumberField label="State noise σ" testId="perturb-noise" value={p.noise} edit={(s, v) => patch(s, { noise: v as number })} hint="adds √(2α)·σ·N(0, 1) per unit and step" />
        <NumberField label="W_rec scale" testId="perturb-wrec-scale" value={p.W_rec_scale} edit={(s, v) => patch(s, { W_rec_scale: v as number })} />
      </div>
      <div className="field-row">
        {Array.from({ length: N_in }, (_, k) => (
          <NumberField
            key={k}
            label={`Input u${k + 1} scale`}
            testId={`perturb-input-scale-${k}`}
            value={p.input_scale?.[k] ?? 1}
            edit={(s, v) => {
              const scale = s.perturbation?.input_scale?.slice() ?? new Array<number>(N_in).fill(1);
              scale[k] = v as number;
              patch(s, { input_scale: scale });
            }}
          />
        ))}
      </div>
      <button type="button" data-testid="perturb-clear" disabled={perturbation === null} onClick={() => edit((draft) => void (draft.perturbation = null))}>
        Remove the perturbation
      </button>
    </div>
  );
}
