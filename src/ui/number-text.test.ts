/** The text of a number field: what is a number, what is empty, and the messages for the rest. */
import { describe, expect, it } from 'vitest';
import { parseNumberText } from './number-text.ts';

describe('parseNumberText', () => {
  it.each([
    ['12', 12],
    [' 2500 ', 2500],
    ['-0.5', -0.5],
    ['.5', 0.5],
    ['0.', 0],
    ['1e3', 1000],
    ['+7', 7],
    ['1E-3', 0.001],
  ])('reads %j as %d', (text, value) => {
    expect(parseNumberText(text, 'T (ms)')).toEqual({ ok: true, value });
  });

  it.each(['abc', '0x10', '1_000', 'Infinity', 'NaN', '1,5', '--1', '1e', '1.2.3'])('refuses %j as not a number', (text) => {
    expect(parseNumberText(text, 'T (ms)')).toEqual({ ok: false, message: `T (ms): "${text}" is not a number` });
  });

  it('names a number too large for a double as written', () => {
    expect(parseNumberText('1e400', 'T (ms)')).toEqual({ ok: false, message: 'T (ms): 1e400 is too large for a number (the largest is about 1.8e308)' });
    expect(parseNumberText('-1e400', 'Seed')).toMatchObject({ ok: false, message: expect.stringMatching(/^Seed: -1e400 is too large/) });
  });

  it('an empty field is null where the field allows it, else refused', () => {
    expect(parseNumberText('  ', 'Coherence', 'random')).toEqual({ ok: true, value: null });
    expect(parseNumberText('', 'T (ms)')).toEqual({ ok: false, message: 'T (ms) needs a number' });
  });
});
