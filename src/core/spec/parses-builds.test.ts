/**
 * Parses ⇒ builds: every spec the schema accepts builds its tasks (the target and each curriculum stage), draws a
 * batch from each, and builds its network, so no check is left to a constructor that would throw later (while
 * the page draws a preview, or after a run has started). Random specs lean on the edges of every rule: T against
 * dt and the tasks' fixed periods, zero durations, Dale ratios that leave no excitatory unit, empty masks.
 */
import * as fc from 'fast-check';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng.ts';
import { safeParseSpec } from './spec.ts';
import type { AnyTaskDefinition } from '../tasks/api.ts';
import { type TaskOption, type TaskOptions, optionAllows } from '../tasks/options.ts';
import { BUILTIN_TASKS, createTask, taskShape } from '../tasks/registry.ts';
import { Trainer } from '../train/trainer.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const edgy = (values: number[], lo: number, hi: number) =>
  fc.oneof(fc.constantFrom(...values), fc.double({ min: lo, max: hi, noNaN: true }));
const orNull = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 3 });
/** mostly `usual`, now and then `rare` (the values a type check refuses) */
const mostly = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: usual, weight: 12 }, { arbitrary: rare, weight: 1 });

const timing = fc.record({
  dt: edgy([0.5, 1, 10, 90, 100, 799, 800, 1000, 2000], 0.25, 2500),
  tau: mostly(fc.constant(5000), edgy([1, 10, 100, 1000], 0.5, 5000)),
  T: edgy([1, 3, 5, 30, 31, 40, 100, 180, 1999, 2000, 2001, 2400, 3000], 0.5, 3000),
  N_batch: fc.integer({ min: 1, max: 6 }),
});

/** Values of one declared option, leaning on its bounds and default; now and then one the declaration refuses. */
function optionArb(option: TaskOption): fc.Arbitrary<unknown> {
  const nullable = <T>(a: fc.Arbitrary<T>) => (option.nullMeans ? orNull(a) : a);
  switch (option.type) {
    case 'number': {
      const lo = option.min ?? option.gt ?? 0;
      const hi = option.max ?? option.lt ?? (option.unit === 'ms' ? 2000 : Math.max(10, 4 * Math.abs(lo), 2 * Math.abs(option.default ?? 0)));
      const edges = [lo, hi, option.default ?? lo, lo + 1, lo + 5, lo + 10, (lo + hi) / 8, (lo + hi) / 2].filter((v) => optionAllows(option, v));
      const inside = option.integer
        ? fc.oneof(fc.constantFrom(...edges.map(Math.round).filter((v) => optionAllows(option, v))), fc.integer({ min: Math.ceil(lo), max: Math.floor(Math.min(hi, lo + 30)) }))
        : edgy(edges, lo, hi);
      // the default half the time: a task with many options is then still often accepted as a whole
      const usual = option.default === null ? inside : fc.oneof(fc.constant(option.default), inside);
      return nullable(mostly(usual, fc.constantFrom(lo - 1, hi + 1, option.integer ? lo + 0.5 : Number.NaN)));
    }
    case 'choice':
      return nullable(mostly(fc.constantFrom(...option.values), fc.constant('not a choice')));
    case 'boolean':
      return fc.boolean();
    case 'numbers': {
      const lo = option.min ?? 0;
      const hi = option.max ?? lo + 10;
      const list = fc.array(edgy([lo, hi], lo, hi), { minLength: option.minLength ?? 0, maxLength: Math.min(option.maxLength ?? 5, 5) });
      return nullable(mostly(fc.oneof(fc.constant([...option.default]), list), fc.constant<number[]>([lo - 1])));
    }
  }
}

/** A task's default T, and just above and below it. */
function ownTs(definition: AnyTaskDefinition): number[] {
  const T = definition.defaults?.T ?? 2000;
  return [T, T + 1, T * 1.5, T - 1];
}

/** Every built-in task, its options drawn from their declarations (a task's rules then refuse or accept them). */
const taskArb = fc.oneof(
  ...BUILTIN_TASKS.map((definition) =>
    fc.record({
      name: fc.constant(definition.name),
      // the task's own T (and near it) now and then, so tasks that need long trials are accepted often enough
      T: fc.option(fc.constantFrom(...ownTs(definition)), { nil: undefined, freq: 2 }),
      ...Object.fromEntries(Object.entries(definition.options as TaskOptions).map(([key, option]) => [key, optionArb(option)])),
    }),
  ),
);

/** N_out of a drawn task, or 2 when its options are ones the schema will refuse anyway. */
function outputsOf(task: Record<string, unknown>): number {
  try {
    return taskShape(task as { name: string }).N_out;
  } catch {
    return 2;
  }
}

const bits = (rows: number, cols: number) =>
  fc.array(fc.array(fc.constantFrom(0, 1, 1), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });

const specArb = fc
  .record({
    timing,
    task: taskArb,
    N_rec: mostly(fc.integer({ min: 1, max: 12 }), fc.constantFrom(0, 1e5, 20000)),
    type: mostly(fc.constant('basic'), fc.constant('lstm')),
    dale: fc.option(edgy([0, 0.01, 0.1, 0.5, 0.8, 0.99], 0, 1), { nil: null, freq: 1 }),
    autapses: fc.boolean(),
    initializer: fc.constantFrom('GaussianSpectralRadius', 'WeightInitializer'),
    frozen: mostly(fc.constant(false), fc.constant(true)),
    stages: fc.option(fc.array(timing.map((t) => t.T), { minLength: 1, maxLength: 3 }), { nil: null, freq: 1 }),
    withOutputMask: fc.boolean(),
  })
  .chain((s) => {
    const N_out = outputsOf(s.task);
    const N_rec = Math.min(s.N_rec, 12);
    return fc.record({ s: fc.constant(s), outputMask: s.withOutputMask ? bits(N_out, N_rec) : fc.constant(null) });
  })
  .map(({ s, outputMask }) => {
    const task = Object.fromEntries(Object.entries({ ...s.timing, ...s.task }).filter(([, v]) => v !== undefined));
    const dale = s.type === 'lstm' ? null : s.dale;
    const frozen = { W_in: false, W_rec: false, W_out: false, b_rec: false, b_out: false, init_state: false };
    return {
      version: 1,
      task,
      model: {
        type: s.type,
        N_rec: s.N_rec,
        initializer: { type: s.initializer },
        constraints: {
          dale_ratio: dale,
          autapses: s.type === 'lstm' || s.autapses,
          output_connectivity: s.type === 'lstm' ? null : outputMask,
          ...(s.frozen ? { trainable: frozen } : {}),
        },
      },
      training: { training_iters: 1 },
      curriculum: s.stages ? { stages: s.stages.map((T) => ({ ...task, T })) } : null,
    };
  });

describe('every spec that parses builds', () => {
  it('its tasks draw a batch and its network builds (random specs at the rules’ edges)', () => {
    let accepted = 0;
    const acceptedByTask = new Map<string, number>();
    fc.assert(
      fc.property(specArb, (json) => {
        const result = safeParseSpec(json);
        if (!result.ok) {
          // refused with a message that names a field
          expect(result.error.issues.length).toBeGreaterThan(0);
          for (const issue of result.error.issues) expect(issue.message).not.toBe('');
          return;
        }
        accepted++;
        const { spec } = result;
        acceptedByTask.set(spec.task.name, (acceptedByTask.get(spec.task.name) ?? 0) + 1);
        for (const task of [spec.task, ...(spec.curriculum?.stages ?? [])]) {
          const batch = createTask(task, new Rng(1)).getTrialBatch();
          expect(batch.x.data.every(Number.isFinite)).toBe(true);
        }
        const trainer = new Trainer(spec);
        trainer.dispose();
      }),
      { numRuns: 1000, seed: 20261201 },
    );
    // the generator must reach both sides of the rules, or the property says little
    expect(accepted).toBeGreaterThan(40);
    for (const { name } of BUILTIN_TASKS) expect(acceptedByTask.get(name) ?? 0, `${name} specs accepted`).toBeGreaterThanOrEqual(5);
  });
});
