/**
 * The three mask grids laid out as the network's matrices meet: W_in left of W_rec (they share the rows,
 * postsynaptic unit i), W_out below W_rec (they share the columns, presynaptic unit j). Axes are labelled in
 * PsychRNN's convention W[i][j]: presynaptic j → postsynaptic i. Under Dale's principle a band on each unit axis
 * marks the E units (the first nE) and the I units.
 */
import type { CSSProperties, RefObject } from 'react';
import type { MaskLayer, NetworkShape } from '../../core/masks/mask-set.ts';
import { MaskCanvas, type ToolSettings } from './MaskCanvas.tsx';
import type { MaskPainter } from './painter.ts';
import type { ReadoutContext } from './readout.ts';

interface MaskGridsProps {
  painter: MaskPainter;
  shape: NetworkShape;
  cellPx: number;
  settings: RefObject<ToolSettings>;
  active: MaskLayer;
  readout: ReadoutContext;
  onHover: (text: string | null) => void;
}

/** W_in's columns (inputs) and W_out's rows (outputs) are few: drawn at least this wide, so they stay paintable at N_rec 256 */
export const THIN_MIN_PX = 10;

const range = (n: number) => (n === 1 ? '0' : `0–${n - 1}`);

/** The E/I band along `n` units (E first), `direction` along the axis. */
function daleBand(nE: number, n: number, cellPx: number, direction: 'to right' | 'to bottom'): CSSProperties {
  const split = nE * cellPx;
  const length = n * cellPx;
  const background = `linear-gradient(${direction}, var(--mask-e) 0 ${split}px, var(--mask-i) ${split}px ${length}px)`;
  return direction === 'to right' ? { width: length, background } : { height: length, background };
}

export function MaskGrids({ painter, shape, cellPx, settings, active, readout, onHover }: MaskGridsProps) {
  const { N_rec, N_in, N_out } = shape;
  const { nE } = readout;
  const common = { painter, settings, active, readout, onHover };
  const thin = Math.max(cellPx, THIN_MIN_PX);
  const units = `presynaptic j ${range(N_rec)}`;
  return (
    <div className="mask-layout">
      <div />
      <div className="mask-axis top in" style={{ width: N_in * thin }}>
        <span className="mask-axis-label">
          <strong>W_in</strong>
          <span>input j {range(N_in)}</span>
        </span>
      </div>
      <div className="mask-axis top" style={{ width: N_rec * cellPx }}>
        <strong>W_rec</strong> {units} →
        {nE !== null && (
          <span className="mask-ei-legend" data-testid="mask-dale-axis">
            E {range(nE)} · I {nE}–{N_rec - 1}
          </span>
        )}
        {nE !== null && <div className="mask-ei-band horizontal" style={daleBand(nE, N_rec, cellPx, 'to right')} />}
      </div>

      <div className="mask-axis side">
        <span className="mask-axis-text">postsynaptic i {range(N_rec)} ↓</span>
        {nE !== null && <div className="mask-ei-band vertical" style={daleBand(nE, N_rec, cellPx, 'to bottom')} />}
      </div>
      <MaskCanvas name="in" rows={N_rec} cols={N_in} cellWidth={thin} cellHeight={cellPx} forbidDiagonal={false} axes={`rows postsynaptic unit i ${range(N_rec)}, columns input j ${range(N_in)}`} {...common} />
      <MaskCanvas
        name="rec"
        rows={N_rec}
        cols={N_rec}
        cellWidth={cellPx}
        cellHeight={cellPx}
        forbidDiagonal={readout.noAutapses}
        axes={`rows postsynaptic unit i ${range(N_rec)}, columns ${units}`}
        {...common}
      />

      <div />
      <div className="mask-axis side out">
        <span className="mask-axis-label">
          <strong>W_out</strong>
          <span>output i {range(N_out)}</span>
        </span>
      </div>
      <MaskCanvas name="out" rows={N_out} cols={N_rec} cellWidth={cellPx} cellHeight={thin} forbidDiagonal={false} axes={`rows output i ${range(N_out)}, columns ${units}`} {...common} />
    </div>
  );
}
