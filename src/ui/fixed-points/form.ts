/**
 * The fixed-points card's form as text, and what it means: the input menu's keys ("strongest", "zero",
 * "period:<name>", "custom") as input choices, and the typed numbers (starts, q tolerance, iterations, a custom u)
 * parsed, every one that is not a number named with what it needs. The ranges are the worker's to check.
 */
import type { FixedPointSearchOptions, InputChoice } from '../../worker/fixed-points-protocol.ts';
import { parseNumberText } from '../number-text.ts';

export interface FixedPointForm {
  /** a condition's label, or null for zero input over every condition */
  condition: string | null;
  inputKey: string;
  /** a custom u, e.g. "1, 1.5" */
  customU: string;
  startCount: string;
  qTolerance: string;
  maxIterations: string;
}

export const DEFAULT_FORM: FixedPointForm = { condition: null, inputKey: 'strongest', customU: '', startCount: '64', qTolerance: '1e-8', maxIterations: '5000' };

export function inputKey(choice: InputChoice): string {
  return choice.kind === 'period' ? `period:${choice.name}` : choice.kind;
}

export type ParsedForm = { ok: true; input: InputChoice; options: FixedPointSearchOptions } | { ok: false; messages: string[] };

/** The values in a custom u's text: numbers separated by commas or spaces. */
function parseVector(text: string, nIn: number): { ok: true; values: number[] } | { ok: false; message: string } {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  const values: number[] = [];
  for (const part of parts) {
    const parsed = parseNumberText(part, 'Input u');
    if (!parsed.ok || parsed.value === null) return { ok: false, message: `Input u: "${part}" is not a number` };
    values.push(parsed.value);
  }
  if (values.length !== nIn) {
    return { ok: false, message: `Input u needs ${nIn} number${nIn === 1 ? '' : 's'}, one per input channel (N_in = ${nIn}), separated by commas; got ${values.length}` };
  }
  return { ok: true, values };
}

export function parseForm(form: FixedPointForm, nIn: number): ParsedForm {
  const messages: string[] = [];
  const number = (text: string, label: string): number => {
    const parsed = parseNumberText(text, label);
    if (!parsed.ok) messages.push(parsed.message);
    return parsed.ok && parsed.value !== null ? parsed.value : NaN;
  };
  const options = {
    startCount: number(form.startCount, 'Starts'),
    qTolerance: number(form.qTolerance, 'q tolerance'),
    maxIterations: number(form.maxIterations, 'Max iterations'),
  };
  let input: InputChoice = { kind: 'zero' };
  if (form.condition !== null) {
    if (form.inputKey === 'custom') {
      const u = parseVector(form.customU, nIn);
      if (u.ok) input = { kind: 'custom', values: u.values };
      else messages.push(u.message);
    } else if (form.inputKey.startsWith('period:')) {
      input = { kind: 'period', name: form.inputKey.slice('period:'.length) };
    } else if (form.inputKey === 'strongest' || form.inputKey === 'zero') {
      input = { kind: form.inputKey };
    } else {
      messages.push(`Input: "${form.inputKey}" is not one of the inputs offered`);
    }
  }
  return messages.length > 0 ? { ok: false, messages } : { ok: true, input, options };
}

/** "[1.00, 1.50]" */
export function vectorText(u: readonly number[]): string {
  return `[${u.map((v) => (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(Math.abs(v) >= 100 ? 0 : 3) : v.toExponential(2))).join(', ')}]`;
}
