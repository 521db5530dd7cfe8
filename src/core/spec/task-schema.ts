/**
 * The spec's schema for a task, derived from its definition: `name`, the timing (dt, tau, T, N_batch with the
 * task's defaults) and one field per declared option, typed and bounded as declared, its message the option's own
 * `describeOption`. So the schema, the form fields and a task's own check of its values are one source.
 */
import { z } from 'zod';
import type { AnyTaskDefinition } from '../tasks/api.ts';
import { describeOption, type TaskOption, type TaskOptions, TIMING_DEFAULTS } from '../tasks/options.ts';
import { BUILTIN_TASK_NAMES, BUILTIN_TASKS, CUSTOM_TASK } from '../tasks/registry.ts';
import { buildNum, num, strict, union } from './fields.ts';

/** A declared option as a schema field: its type and bounds, null when it says what null means, its default. */
export function optionSchema(option: TaskOption): z.ZodType {
  const error = `must be ${describeOption(option)}`;
  let field: z.ZodType;
  switch (option.type) {
    case 'number':
      field = buildNum({ ...option, int: option.integer }, error);
      break;
    case 'choice':
      field = z.literal(option.values as [number | string, ...(number | string)[]], { error });
      break;
    case 'boolean':
      field = z.boolean({ error });
      break;
    case 'numbers': {
      let list = z.array(buildNum(option, error), { error });
      if (option.minLength !== undefined) list = list.min(option.minLength, { error });
      if (option.maxLength !== undefined) list = list.max(option.maxLength, { error });
      field = list;
      break;
    }
  }
  const nullable = option.nullMeans === undefined ? field : field.nullable();
  const fallback = Array.isArray(option.default) ? [...option.default] : option.default;
  return nullable.default(fallback as never);
}

/** The schema of one task: strict, so a misspelt option is an error listing the task's keys. */
export function taskSchemaOf(definition: AnyTaskDefinition) {
  const defaults = { ...TIMING_DEFAULTS, ...definition.defaults };
  const options = Object.fromEntries(
    Object.entries(definition.options as TaskOptions).map(([key, option]) => [key, optionSchema(option)]),
  );
  return strict({
    name: z.literal(definition.name),
    dt: num({ gt: 0 }).default(defaults.dt),
    tau: num({ gt: 0 }).default(defaults.tau),
    T: num({ gt: 0 }).default(defaults.T),
    N_batch: num({ int: true, min: 1 }).default(defaults.N_batch),
    ...options,
  });
}

/** A parsed task: its name, the timing and its option values (see the task's definition for their types). */
export interface TaskSpec {
  name: string;
  dt: number;
  tau: number;
  T: number;
  N_batch: number;
  [option: string]: unknown;
}

/**
 * A person's own task: its TypeScript source (compiled and run only in a worker or the CLI), the file name its
 * errors are reported against, its option values (checked against the options its source declares when it is
 * compiled, before any trial is drawn) and the channel counts its source gives for them — recorded here so the
 * network's shapes are known without running the code, and checked against the code when the task is built.
 */
export const customTaskSchema = strict({
  name: z.literal(CUSTOM_TASK),
  source: z.string({ error: 'must be the TypeScript source of a task file (a string)' }).min(1, { error: 'must not be empty: write a task with defineTask' }),
  file: z.string({ error: 'must be a file name (a string)' }).default('task.ts'),
  dt: num({ gt: 0 }).default(TIMING_DEFAULTS.dt),
  tau: num({ gt: 0 }).default(TIMING_DEFAULTS.tau),
  T: num({ gt: 0 }).default(TIMING_DEFAULTS.T),
  N_batch: num({ int: true, min: 1 }).default(TIMING_DEFAULTS.N_batch),
  N_in: num({ int: true, min: 1 }),
  N_out: num({ int: true, min: 1 }),
  options: z.record(z.string(), z.unknown(), { error: 'must be an object of option values' }).default({}),
});

/** Any task: a built-in one by name, or "custom" with its source. An unknown name lists the allowed ones. */
export function taskSpecSchema(): z.ZodType<TaskSpec> {
  const [first, ...rest] = BUILTIN_TASKS.map(taskSchemaOf);
  return union('name', [...BUILTIN_TASK_NAMES, CUSTOM_TASK], [first, ...rest, customTaskSchema]) as unknown as z.ZodType<TaskSpec>;
}
