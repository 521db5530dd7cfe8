/** The fixed-points form: input keys and choices, typed numbers, a custom u, and what a bad entry is told. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM, inputKey, parseForm, vectorText } from './form.ts';

describe('parseForm', () => {
  it('reads the defaults, and zero input when no condition is chosen', () => {
    expect(parseForm(DEFAULT_FORM, 2)).toEqual({ ok: true, input: { kind: 'zero' }, options: { startCount: 64, qTolerance: 1e-8, maxIterations: 5000 } });
  });

  it("reads a condition's input: strongest, a period, or a custom u", () => {
    const form = { ...DEFAULT_FORM, condition: '+0.50' };
    expect(parseForm(form, 2)).toMatchObject({ ok: true, input: { kind: 'strongest' } });
    expect(parseForm({ ...form, inputKey: inputKey({ kind: 'period', name: 'stimulus 1' }) }, 2)).toMatchObject({ ok: true, input: { kind: 'period', name: 'stimulus 1' } });
    expect(parseForm({ ...form, inputKey: 'custom', customU: ' 1, 1.5 ' }, 2)).toMatchObject({ ok: true, input: { kind: 'custom', values: [1, 1.5] } });
  });

  it('names every entry that is not a number', () => {
    const form = { ...DEFAULT_FORM, condition: '+0.50', inputKey: 'custom', customU: '1', startCount: 'many', qTolerance: '' };
    expect(parseForm(form, 2)).toEqual({
      ok: false,
      messages: [
        'Starts: "many" is not a number',
        'q tolerance needs a number',
        'Input u needs 2 numbers, one per input channel (N_in = 2), separated by commas; got 1',
      ],
    });
    expect(parseForm({ ...form, startCount: '8', qTolerance: '1e-8', customU: '1, x' }, 2)).toEqual({ ok: false, messages: ['Input u: "x" is not a number'] });
  });
});

it('vectorText shows u to three decimals, tiny values in exponent form', () => {
  expect(vectorText([1, 1.5, 0, 2e-5])).toBe('[1.000, 1.500, 0.000, 2.00e-5]');
});
