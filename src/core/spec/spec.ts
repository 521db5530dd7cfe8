/**
 * The experiment spec: the one JSON structure that flows UI → share URL → training worker → CLI → files.
 * Names and defaults are PsychRNN's (reference §3.1, §4, §5, §6, §8); parsing fills every default in, so a
 * parsed spec is explicit and `specToJson(parseSpec(x))` parses back to the same value. Objects are strict:
 * a misspelt key is an error, never silently ignored.
 */
import { z } from 'zod';
import { TRANSFER_FUNCTIONS } from '../model/transfer.ts';
import { N_steps, crossCheck, daleRatioInEffect, taskShape } from './checks.ts';
import { SpecError, type SpecIssue, fromZodError, oversizedNumbers, parseJsonText } from './errors.ts';
import { bitMatrix, bitVector, bool, num, numOrNull, oneOf, strict, union } from './fields.ts';
import { type TaskSpec, taskSpecSchema } from './task-schema.ts';
import { type PerturbationSpec, perturbationSchema } from './perturbation.ts';

export { N_steps, SpecError, type SpecIssue, type TaskSpec, daleRatioInEffect, taskShape };
export type { PerturbationSpec };

/**
 * Version 2 added custom tasks (`task.name: "custom"` with its TypeScript source); version 3 the GRU model and
 * perturbations. Files of versions 1 and 2 load unchanged (every field they can hold means the same in version 3).
 */
export const SPEC_VERSION = 3;
/** The versions this CogRNN reads; older ones are migrated on parsing (`migrate`). */
export const READABLE_VERSIONS = [1, 2, 3] as const;
/** "1, 2 and 3" / "1, 2 or 3" */
const readable = (last: string) => `${READABLE_VERSIONS.slice(0, -1).join(', ')} ${last} ${READABLE_VERSIONS.at(-1)}`;

export const MODEL_TYPES = ['basic', 'lstm', 'gru'] as const;
export const INITIALIZER_TYPES = ['GaussianSpectralRadius', 'AlphaIdentity', 'WeightInitializer'] as const;
export const RAND_INITS = ['glorot_gauss', 'glorot_unif', 'const_gauss', 'const_unif'] as const;
export const LOSS_FUNCTIONS = ['mean_squared_error', 'binary_cross_entropy'] as const;
export const OPTIMIZER_TYPES = ['adam', 'sgd', 'momentum', 'rmsprop'] as const;
export const CURRICULUM_METRICS = ['accuracy', 'loss', 'iterations'] as const;

// ---------------------------------------------------------------------------------------------------
// Tasks (reference §1, §2): each built-in task's schema derives from its definition's options, and a custom task
// carries its source (`task-schema.ts`).

const taskSchema = taskSpecSchema();

// ---------------------------------------------------------------------------------------------------
// Model (reference §3, §4)

const initializerCommon = {
  which_rand_init: oneOf(RAND_INITS).default('glorot_gauss'),
  /** defaults to which_rand_init; GaussianSpectralRadius ignores it (its W_rec is N(0,1) rescaled) */
  which_rand_W_rec_init: oneOf(RAND_INITS).optional(),
  /** bounds of const_unif */
  init_minval: num().default(-0.1),
  init_maxval: num().default(0.1),
};

const initializerSchema = union('type', INITIALIZER_TYPES, [
  strict({ type: z.literal('GaussianSpectralRadius'), spec_rad: num({ gt: 0 }).default(1.1), ...initializerCommon }),
  /** W_rec = alpha·I. Required: PsychRNN's AlphaIdentity(**params) would silently take alpha = dt/tau */
  strict({ type: z.literal('AlphaIdentity'), alpha: num(), ...initializerCommon }),
  strict({ type: z.literal('WeightInitializer'), ...initializerCommon }),
]).transform((init) => ({ ...init, which_rand_W_rec_init: init.which_rand_W_rec_init ?? init.which_rand_init }));

const constraintsSchema = strict({
  /**
   * Fraction of excitatory units (the first ⌊dale_ratio·N_rec⌋). PsychRNN tests `if dale_ratio:`, so 0 means
   * no Dale rule, like null; use `daleRatioInEffect`. 1 is excluded: balancing divides by 1 − dale_ratio.
   */
  dale_ratio: numOrNull({ min: 0, lt: 1 }),
  autapses: bool().default(true),
  /** [N_rec][N_in], null = all ones */
  input_connectivity: bitMatrix.nullable().default(null),
  /** [N_rec][N_rec], W[i][j] connects presynaptic j to postsynaptic i; null = all ones */
  rec_connectivity: bitMatrix.nullable().default(null),
  /** [N_out][N_rec], null = all ones */
  output_connectivity: bitMatrix.nullable().default(null),
  /** 1 = entry never changes (its gradient is masked before clipping); init_state is [1][N_rec] like the variable */
  fixed_weights: strict({
    W_in: bitMatrix.optional(),
    W_rec: bitMatrix.optional(),
    W_out: bitMatrix.optional(),
    b_rec: bitVector.optional(),
    b_out: bitVector.optional(),
    init_state: bitMatrix.optional(),
  })
    .nullable()
    .default(null),
  /** PsychRNN's W_in_train, W_rec_train, …: false keeps the whole variable at its initial value */
  trainable: strict({
    W_in: bool().default(true),
    W_rec: bool().default(true),
    W_out: bool().default(true),
    b_rec: bool().default(true),
    b_out: bool().default(true),
    init_state: bool().default(true),
  }).prefault({}),
});

const modelSchema = strict({
  type: oneOf(MODEL_TYPES).default('basic'),
  N_rec: num({ int: true, min: 1 }).default(50),
  transfer_function: oneOf(TRANSFER_FUNCTIONS).default('relu'),
  rec_noise: num({ min: 0 }).default(0),
  initializer: initializerSchema.prefault({ type: 'GaussianSpectralRadius' }),
  constraints: constraintsSchema.prefault({}),
});

// ---------------------------------------------------------------------------------------------------
// Loss, regularisation, training (reference §5, §6). Optimizer defaults are TF1's.

const regularizationSchema = strict({
  L1_in: num({ min: 0 }).default(0),
  L1_rec: num({ min: 0 }).default(0),
  L1_out: num({ min: 0 }).default(0),
  L2_in: num({ min: 0 }).default(0),
  L2_rec: num({ min: 0 }).default(0),
  L2_out: num({ min: 0 }).default(0),
  L2_firing_rate: num({ min: 0 }).default(0),
});

const learning_rate = num({ gt: 0 }).default(0.001);
const optimizerSchema = union('type', OPTIMIZER_TYPES, [
  strict({
    type: z.literal('adam'),
    learning_rate,
    beta1: num({ min: 0, lt: 1 }).default(0.9),
    beta2: num({ min: 0, lt: 1 }).default(0.999),
    epsilon: num({ gt: 0 }).default(1e-8),
  }),
  strict({ type: z.literal('sgd'), learning_rate }),
  strict({
    type: z.literal('momentum'),
    learning_rate,
    momentum: num({ min: 0 }).default(0.9),
    use_nesterov: bool().default(false),
  }),
  strict({
    type: z.literal('rmsprop'),
    learning_rate,
    decay: num({ min: 0, lt: 1 }).default(0.9),
    momentum: num({ min: 0 }).default(0),
    epsilon: num({ gt: 0 }).default(1e-10),
  }),
]);

const trainingSchema = strict({
  optimizer: optimizerSchema.prefault({ type: 'adam' }),
  /** counted in trials, like PsychRNN: ceil(training_iters / N_batch) optimiser steps */
  training_iters: num({ int: true, min: 1 }).default(50000),
  /** record the loss every loss_epoch steps */
  loss_epoch: num({ int: true, min: 1 }).default(10),
  /** clip each gradient tensor separately to L2 norm 1 */
  clip_grads: bool().default(true),
  /** stop once this measure, on a fresh batch after each step, reaches performance_cutoff */
  performance_measure: z.literal('accuracy', { error: 'must be "accuracy" or null' }).nullable().default(null),
  performance_cutoff: numOrNull(),
});

/**
 * Training draws batches from `stages` in order; `task` still fixes the network's shapes and time step
 * (it is the task to test on afterwards). `metric` is checked every `metric_epoch` steps; a stage ends when
 * accuracy ≥ threshold or loss ≤ threshold (both on a fresh batch of the stage's task), or when the training steps
 * (batches) taken in the stage ≥ threshold ("iterations" is ours: PsychRNN has only its accuracy metric).
 */
const curriculumSchema = strict({
  stages: z.array(taskSchema, { error: 'must be an array of tasks' }).min(1, { error: 'must hold at least 1 task' }),
  /** one per stage; default 0.9 each */
  thresholds: z.array(num(), { error: 'must be an array of numbers, one per stage' }).optional(),
  metric_epoch: num({ int: true, min: 1 }).default(10),
  metric: oneOf(CURRICULUM_METRICS).default('accuracy'),
}).transform((c) => ({ ...c, thresholds: c.thresholds ?? c.stages.map(() => 0.9) }));

// ---------------------------------------------------------------------------------------------------
// The spec

export const experimentSpecSchema = strict({
  version: z.literal(SPEC_VERSION, { error: `must be ${readable('or')} (the spec format version)` }),
  name: z.string({ error: 'must be a string' }).optional(),
  seed: num({ int: true, min: 0 }).default(0),
  task: taskSchema,
  model: modelSchema.prefault({}),
  loss: oneOf(LOSS_FUNCTIONS).default('mean_squared_error'),
  regularization: regularizationSchema.prefault({}),
  training: trainingSchema.prefault({}),
  curriculum: curriculumSchema.nullable().default(null),
  /** what the perturbation lab does to the trained network (perturbation.ts); null = nothing */
  perturbation: perturbationSchema.nullable().default(null),
}).superRefine(crossCheck, { when: (payload) => payload.issues.length === 0 }); // only once every field is well formed

export type ExperimentSpec = z.output<typeof experimentSpecSchema>;
export type ExperimentSpecInput = z.input<typeof experimentSpecSchema>;
export type ModelSpec = ExperimentSpec['model'];
export type InitializerSpec = ModelSpec['initializer'];
export type ConstraintsSpec = ModelSpec['constraints'];
export type RegularizationSpec = ExperimentSpec['regularization'];
export type TrainingSpec = ExperimentSpec['training'];
export type OptimizerSpec = TrainingSpec['optimizer'];
export type CurriculumSpec = NonNullable<ExperimentSpec['curriculum']>;

// ---------------------------------------------------------------------------------------------------
// Parsing and printing

type SafeResult = { ok: true; spec: ExperimentSpec } | { ok: false; error: SpecError };

/** Parse and validate a spec (a JSON value), filling defaults in; never throws. */
export function safeParseSpec(json: unknown): SafeResult {
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof json === 'object' && json !== null && typeof version === 'number' && !(READABLE_VERSIONS as readonly number[]).includes(version)) {
    const message = `this file is spec version ${version}; this CogRNN reads versions ${readable('and')}`;
    return { ok: false, error: new SpecError([{ path: 'version', value: version, message }]) };
  }
  const result = experimentSpecSchema.safeParse(migrate(json), { reportInput: true });
  return result.success ? { ok: true, spec: result.data } : { ok: false, error: fromZodError(result.error) };
}

/** A version-1 or -2 spec as version 3 (the same fields: later versions only add choices); other values as they are. */
function migrate(json: unknown): unknown {
  const spec = json as { version?: unknown } | null;
  const older = spec !== null && typeof spec === 'object' && (spec.version === 1 || spec.version === 2);
  return older ? { ...spec, version: SPEC_VERSION } : json;
}

/** Parse and validate a spec (a JSON value), filling defaults in; throws SpecError. */
export function parseSpec(json: unknown): ExperimentSpec {
  const result = safeParseSpec(json);
  if (!result.ok) throw result.error;
  return result.spec;
}

/** Parse a spec from JSON text; syntax errors are SpecErrors naming line and column. */
export function parseSpecText(text: string): ExperimentSpec {
  const result = safeParseSpec(parseJsonText(text));
  if (result.ok) return result.spec;
  const oversized = oversizedNumbers(text);
  if (oversized.size === 0) throw result.error;
  throw new SpecError(result.error.issues.map((issue) => ({ ...issue, raw: oversized.get(issue.path) ?? issue.raw })));
}

/** PsychRNN's Fig. 2 setup: PerceptualDiscrimination and every other default. */
export function defaultSpec(): ExperimentSpec {
  return parseSpec({ version: SPEC_VERSION, task: { name: 'PerceptualDiscrimination' } });
}

/**
 * Stable, pretty JSON: keys in schema order, 2-space indent, arrays of numbers on one line (so a matrix is a row
 * per line). Re-validates, so it throws SpecError for a spec that was edited into an invalid state.
 */
export function specToJson(spec: ExperimentSpec): string {
  return `${formatJson(parseSpec(spec), '')}\n`;
}

function formatJson(value: unknown, indent: string): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const flat = value.every((v) => v === null || typeof v !== 'object');
    if (flat) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const lines = entries.map(([key, v]) => `${inner}${JSON.stringify(key)}: ${formatJson(v, inner)}`);
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
