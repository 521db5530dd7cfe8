/**
 * The hover read-out of one mask cell, in PsychRNN's convention W[i][j]: presynaptic j → postsynaptic i, e.g.
 * "W_rec[12][40]: post 12 ← pre 40 · E→I · allowed · trained".
 */
import { cellAt } from '../../core/masks/grid.ts';
import type { MatrixMasks, MatrixName } from '../../core/masks/mask-set.ts';

export interface ReadoutContext {
  /** excitatory units (the first nE) under Dale's principle, or null */
  nE: number | null;
  /** autapses: false — W_rec's diagonal is forbidden by the constraint whatever is painted */
  noAutapses: boolean;
}

export const MATRIX_LABELS: Record<MatrixName, string> = { rec: 'W_rec', in: 'W_in', out: 'W_out' };

export function describeCell(name: MatrixName, row: number, col: number, masks: MatrixMasks, { nE, noAutapses }: ReadoutContext): string {
  const type = (unit: number) => (nE === null ? '' : unit < nE ? 'E' : 'I');
  const parts: string[] = [];
  if (name === 'rec') {
    parts.push(`post ${row} ← pre ${col}`);
    if (nE !== null) parts.push(`${type(col)}→${type(row)}`);
  } else if (name === 'in') {
    parts.push(`unit ${row} ← input ${col}`);
    if (nE !== null) parts.push(`input→${type(row)}`);
  } else {
    parts.push(`output ${row} ← unit ${col}`);
    if (nE !== null) parts.push(type(col) === 'E' ? 'E→output' : 'I→output: under Dale only E units drive the outputs');
  }
  const diagonal = name === 'rec' && noAutapses && row === col;
  parts.push(diagonal ? 'forbidden (No autapses)' : cellAt(masks.connectivity, row, col) === 1 ? 'allowed' : 'forbidden');
  parts.push(cellAt(masks.plasticity, row, col) === 1 ? 'fixed' : 'trained');
  return `${MATRIX_LABELS[name]}[${row}][${col}]: ${parts.join(' · ')}`;
}
