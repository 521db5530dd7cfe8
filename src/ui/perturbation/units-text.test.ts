import { describe, expect, it } from 'vitest';
import { formatUnits, parseUnits } from './units-text.ts';

describe('the units field', () => {
  it('reads indices and inclusive ranges, with commas or spaces, into distinct ascending units', () => {
    expect(parseUnits('0-3, 20')).toEqual({ ok: true, units: [0, 1, 2, 3, 20] });
    expect(parseUnits(' 7 2 5 – 6,2 ')).toEqual({ ok: true, units: [2, 5, 6, 7] });
    expect(parseUnits('')).toEqual({ ok: true, units: [] });
    // ≥ N_rec is for the spec check, which knows N_rec
    expect(parseUnits('999')).toEqual({ ok: true, units: [999] });
  });

  it('refuses what is not an index or a range, saying what is allowed', () => {
    expect(parseUnits('0-3, x')).toEqual({ ok: false, message: '"x" is not a unit index or range: use indices from 0 and ranges like "0-9", separated by commas' });
    expect(parseUnits('-1')).toEqual({ ok: false, message: '"-1" is not a unit index or range: use indices from 0 and ranges like "0-9", separated by commas' });
    expect(parseUnits('9-3')).toEqual({ ok: false, message: '"9-3": a range goes from the lower unit to the higher, e.g. "3-9"' });
  });

  it('writes runs of three or more as ranges, and reads back what it writes', () => {
    expect(formatUnits([20, 0, 1, 2, 3, 5, 6])).toBe('0-3, 5, 6, 20');
    expect(parseUnits(formatUnits([4, 8, 9, 10, 11]))).toEqual({ ok: true, units: [4, 8, 9, 10, 11] });
    expect(formatUnits([])).toBe('');
  });
});
