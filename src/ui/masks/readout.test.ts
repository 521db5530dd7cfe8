import { describe, expect, it } from 'vitest';
import { createGrid } from '../../core/masks/grid.ts';
import { describeCell } from './readout.ts';

describe('describeCell', () => {
  const masks = { connectivity: createGrid(50, 50, 1), plasticity: createGrid(50, 50, 0) };
  masks.connectivity.cells[12 * 50 + 40] = 0;
  masks.plasticity.cells[12 * 50 + 40] = 1;

  it('names post i ← pre j, the E/I pair under Dale, and both layers', () => {
    expect(describeCell('rec', 12, 40, masks, { nE: 40, noAutapses: false })).toBe('W_rec[12][40]: post 12 ← pre 40 · I→E · forbidden · fixed');
    expect(describeCell('rec', 45, 3, masks, { nE: 40, noAutapses: false })).toBe('W_rec[45][3]: post 45 ← pre 3 · E→I · allowed · trained');
    expect(describeCell('rec', 3, 3, masks, { nE: null, noAutapses: true })).toBe('W_rec[3][3]: post 3 ← pre 3 · forbidden (No autapses) · trained');
  });

  it('inputs reach units, units drive outputs (only E under Dale)', () => {
    const small = { connectivity: createGrid(2, 50, 1), plasticity: createGrid(2, 50, 0) };
    expect(describeCell('out', 1, 45, small, { nE: 40, noAutapses: false })).toBe('W_out[1][45]: output 1 ← unit 45 · I→output: under Dale only E units drive the outputs · allowed · trained');
    expect(describeCell('in', 0, 1, { connectivity: createGrid(50, 2, 1), plasticity: createGrid(50, 2, 0) }, { nE: null, noAutapses: false })).toBe('W_in[0][1]: unit 0 ← input 1 · allowed · trained');
  });
});
