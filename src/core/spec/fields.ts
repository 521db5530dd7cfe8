/**
 * Field builders of the experiment spec: each carries one message saying what is allowed, used for every way the
 * field can fail (wrong type, out of bounds), so an error names the field, the value and what is allowed.
 */
import { z } from 'zod';
import { describeBounds } from '../tasks/options.ts';
import { unknownKeysMessage } from './errors.ts';

export interface NumRule {
  int?: boolean;
  min?: number;
  gt?: number;
  max?: number;
  lt?: number;
}

export function describeNum(rule: NumRule): string {
  return describeBounds(rule.int ? 'an integer' : 'a number', rule);
}

export function buildNum(rule: NumRule, error: string) {
  let s = z.number({ error });
  if (rule.int) s = s.int({ error });
  if (rule.min !== undefined) s = s.min(rule.min, { error });
  if (rule.gt !== undefined) s = s.gt(rule.gt, { error });
  if (rule.max !== undefined) s = s.max(rule.max, { error });
  if (rule.lt !== undefined) s = s.lt(rule.lt, { error });
  return s;
}

export const num = (rule: NumRule = {}) => buildNum(rule, `must be ${describeNum(rule)}`);
/** A number or null; parsing fills null in when the key is absent. */
export const numOrNull = (rule: NumRule = {}) =>
  buildNum(rule, `must be ${describeNum(rule)} or null`).nullable().default(null);

export const listed = (values: readonly (string | number)[]) => values.map((v) => JSON.stringify(v)).join(', ');
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${listed(values)}` });
export const bool = () => z.boolean({ error: 'must be true or false' });

/** A strict object: unknown keys are errors naming the allowed keys. */
export function strict<T extends z.core.$ZodLooseShape>(shape: T) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? unknownKeysMessage(iss.keys, allowed)
        : `must be an object with keys ${allowed.join(', ')}`,
  });
}

const BIT = 'must be 0 or 1';
const VECTOR = 'must be an array of 0/1 entries';
const MATRIX = 'must be an array of rows of 0/1 entries';

type Ctx = z.core.$RefinementCtx<unknown>;

/** Reports every entry of `row` that is not 0 or 1, at path [...at, j]. */
function checkBits(row: unknown[], at: number[], ctx: Ctx): void {
  for (let j = 0; j < row.length; j++) {
    const v = row[j];
    if (v !== 0 && v !== 1) ctx.addIssue({ code: 'custom', path: [...at, j], input: v, message: BIT });
  }
}

/**
 * 0/1 vector; shape checked against the network in `crossCheck`. Checked by one loop rather than a zod schema per
 * entry: a 256 × 256 mask is 65,536 entries, and the page validates the spec after every painted stroke.
 */
export const bitVector = z.custom<number[]>().superRefine((value, ctx) => {
  if (!Array.isArray(value)) ctx.addIssue({ code: 'custom', input: value, message: VECTOR });
  else checkBits(value, [], ctx);
});
/** 0/1 matrix as an array of rows, [rows][cols]; shape checked in `crossCheck`. */
export const bitMatrix = z.custom<number[][]>().superRefine((value, ctx) => {
  if (!Array.isArray(value)) return ctx.addIssue({ code: 'custom', input: value, message: MATRIX });
  value.forEach((row: unknown, i) => {
    if (!Array.isArray(row)) ctx.addIssue({ code: 'custom', path: [i], input: row, message: VECTOR });
    else checkBits(row, [i], ctx);
  });
});

/** A discriminated union whose errors list the allowed values of the discriminator. */
export function union<const O extends readonly [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]]>(
  discriminator: string,
  names: readonly string[],
  options: O,
) {
  return z.discriminatedUnion(discriminator, options, {
    error: (iss) =>
      iss.code === 'invalid_union'
        ? `must be one of ${listed(names)}`
        : `must be an object with "${discriminator}": one of ${listed(names)}`,
  });
}

