/**
 * The sweep file: a base experiment spec plus the values to vary, expanded into one spec per run (`expand.ts`).
 *
 *   { "version": 1, "name"?: string, "base": <experiment spec>,
 *     "vary": { "<dotted spec path>": [value, …], … }, "combine": "grid" | "zip", "seeds"?: [int, …] }
 *
 * `grid` runs every combination (the first path varies slowest), `zip` pairs the i-th values of every list.
 * `seeds` runs each combination once per seed: in a grid it is `vary.seed`, in a zip it crosses the zipped
 * conditions (K seeds per condition, PsychRNN paper Fig. 5C). Errors are SpecErrors naming the field.
 */
import { z } from 'zod';
import { fromZodError, SpecError } from '../spec/errors.ts';
import { num, oneOf, strict } from '../spec/fields.ts';

export const SWEEP_VERSION = 1;
export const COMBINE_MODES = ['grid', 'zip'] as const;
/** Runs one sweep may expand into: Slurm's default MaxArraySize is 1001, and a sweep past that wants a rethink. */
export const MAX_RUNS = 1000;

const jsonObject = (what: string) =>
  z.custom<Record<string, unknown>>((v) => v !== null && typeof v === 'object' && !Array.isArray(v), { error: `must be ${what}` });

const valueList = z
  .array(z.unknown(), { error: 'must be an array of the values to try' })
  .min(1, { error: 'must hold at least 1 value (an empty list would make no runs)' });

export const sweepSchema = strict({
  version: z.literal(SWEEP_VERSION, { error: `must be ${SWEEP_VERSION} (the sweep format version)` }),
  name: z.string({ error: 'must be a string' }).optional(),
  base: jsonObject('an experiment spec (a JSON object, as in examples/)'),
  vary: z
    .record(z.string(), valueList, { error: 'must be an object of dotted spec paths, each with an array of values' })
    .default({}),
  combine: oneOf(COMBINE_MODES).default('grid'),
  seeds: z
    .array(num({ int: true, min: 0 }), { error: 'must be an array of seeds (integers ≥ 0)' })
    .min(1, { error: 'must hold at least 1 seed' })
    .optional(),
});

export type SweepFile = z.output<typeof sweepSchema>;

/** Parses a sweep file's JSON value (not yet expanded); throws SpecError naming each bad field. */
export function parseSweep(json: unknown): SweepFile {
  const result = sweepSchema.safeParse(json, { reportInput: true });
  if (!result.success) throw fromZodError(result.error);
  const sweep = result.data;
  if (sweep.seeds && 'seed' in sweep.vary) {
    throw new SpecError([{ path: 'seeds', value: sweep.seeds, message: 'cannot be given beside vary.seed: keep one of them' }]);
  }
  if (Object.keys(sweep.vary).length === 0 && !sweep.seeds) {
    throw new SpecError([{ path: 'vary', value: sweep.vary, message: 'must name at least one spec path to vary (or give "seeds")' }]);
  }
  return sweep;
}
