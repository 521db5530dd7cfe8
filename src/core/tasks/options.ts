/**
 * A task's options: each one typed, with its default, bounds, unit and a help line. They are the single source of
 * the spec's schema for the task (`spec/task-schema.ts`), the task panel's form fields and the validation of a
 * custom task's values — so a value the schema accepts is one the task can use.
 */

interface OptionCommon {
  /** The form label; the key when absent. */
  label?: string;
  /** One line: what the option does. */
  help: string;
  /**
   * What null means ("random per trial"); when given, null is allowed (and may be the default). Without it the
   * option always has a value.
   */
  nullMeans?: string;
}

/** A number (or integer) in bounds. */
export interface NumberOption extends OptionCommon {
  type: 'number';
  default: number | null;
  integer?: boolean;
  /** value ≥ min */
  min?: number;
  /** value > gt */
  gt?: number;
  /** value ≤ max */
  max?: number;
  /** value < lt */
  lt?: number;
  /** e.g. "ms", "Hz" */
  unit?: string;
}

/** One of a list of values. */
export interface ChoiceOption extends OptionCommon {
  type: 'choice';
  values: readonly (number | string)[];
  default: number | string | null;
}

export interface BooleanOption extends OptionCommon {
  type: 'boolean';
  default: boolean;
}

/** A list of numbers, each in bounds. */
export interface NumberListOption extends OptionCommon {
  type: 'numbers';
  default: readonly number[];
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  unit?: string;
}

export type TaskOption = NumberOption | ChoiceOption | BooleanOption | NumberListOption;

/** A task's options by key (snake_case, as PsychRNN spells constructor arguments). */
export type TaskOptions = Readonly<Record<string, TaskOption>>;

type Nullable<O> = O extends { nullMeans: string } ? null : never;

/** The value type of one option. */
export type OptionValue<O extends TaskOption> =
  | (O extends NumberOption
      ? number
      : O extends ChoiceOption
        ? O['values'][number]
        : O extends BooleanOption
          ? boolean
          : O extends NumberListOption
            ? number[]
            : never)
  | Nullable<O>;

/** The values of a task's options, by key. */
export type OptionValues<O extends TaskOptions> = { -readonly [K in keyof O]: OptionValue<O[K]> };

/** The keys every task has besides its options (ms for times). */
export const TIMING_KEYS = ['dt', 'tau', 'T', 'N_batch'] as const;

/** Default dt, τ, T (ms) and batch size, PsychRNN's (reference §1). */
export const TIMING_DEFAULTS = { dt: 10, tau: 100, T: 2000, N_batch: 128 } as const;

export type TimingValues = { dt: number; tau: number; T: number; N_batch: number };

/** "a number in [0, 1]", "an integer ≥ 2", … — what an option allows, for messages and hints. */
export function describeOption(option: TaskOption): string {
  const orNull = option.nullMeans ? ` or null (${option.nullMeans})` : '';
  switch (option.type) {
    case 'number':
      return describeBounds(option.integer ? 'an integer' : 'a number', option) + orNull;
    case 'choice':
      return `one of ${option.values.map((v) => JSON.stringify(v)).join(', ')}${orNull}`;
    case 'boolean':
      return 'true or false';
    case 'numbers': {
      const { minLength, maxLength } = option;
      const count =
        minLength !== undefined && maxLength !== undefined
          ? minLength === maxLength
            ? `${minLength} `
            : `${minLength} to ${maxLength} `
          : minLength !== undefined && minLength > 0
            ? `${minLength} or more `
            : maxLength !== undefined
              ? `up to ${maxLength} `
              : '';
      return `a list of ${count}${describeBounds('numbers', option)}${orNull}`;
    }
  }
}

interface Bounds {
  min?: number;
  gt?: number;
  max?: number;
  lt?: number;
}

/** "a number in [0, 1)", "a number > 0", "numbers ≥ 0". */
export function describeBounds(kind: string, { min, gt, max, lt }: Bounds): string {
  const lo = min ?? gt;
  const hi = max ?? lt;
  if (lo !== undefined && hi !== undefined)
    return `${kind} in ${min !== undefined ? '[' : '('}${lo}, ${hi}${max !== undefined ? ']' : ')'}`;
  if (lo !== undefined) return `${kind} ${min !== undefined ? '≥' : '>'} ${lo}`;
  if (hi !== undefined) return `${kind} ${max !== undefined ? '≤' : '<'} ${hi}`;
  return kind;
}

/** Whether `value` is allowed by `option` (the same rule the spec schema applies). */
export function optionAllows(option: TaskOption, value: unknown): boolean {
  if (value === null) return option.nullMeans !== undefined;
  switch (option.type) {
    case 'number':
      return typeof value === 'number' && inBounds(value, option) && (!option.integer || Number.isInteger(value));
    case 'choice':
      return option.values.includes(value as number | string);
    case 'boolean':
      return typeof value === 'boolean';
    case 'numbers':
      return (
        Array.isArray(value) &&
        value.length >= (option.minLength ?? 0) &&
        value.length <= (option.maxLength ?? Infinity) &&
        value.every((v) => typeof v === 'number' && inBounds(v, option))
      );
  }
}

function inBounds(x: number, { min, gt, max, lt }: Bounds): boolean {
  return (
    Number.isFinite(x) &&
    (min === undefined || x >= min) &&
    (gt === undefined || x > gt) &&
    (max === undefined || x <= max) &&
    (lt === undefined || x < lt)
  );
}

/** Why a declared option cannot work (a default it does not allow, bounds that cross), or null. */
export function optionDeclarationProblem(key: string, option: TaskOption): string | null {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return `option name ${JSON.stringify(key)} must be an identifier (letters, digits, _)`;
  if ((TIMING_KEYS as readonly string[]).includes(key) || key === 'name') {
    return `option '${key}' is set by every task (name, dt, tau, T, N_batch); choose another name`;
  }
  const types = ['number', 'choice', 'boolean', 'numbers'];
  if (option === null || typeof option !== 'object' || !types.includes(option.type)) {
    return `option '${key}' must be { type: ${types.map((t) => `'${t}'`).join(' | ')}, default, help, … }`;
  }
  if (typeof option.help !== 'string') return `option '${key}': help must be a string (one line saying what it does)`;
  if (option.type === 'choice' && option.values.length === 0) return `option '${key}': a choice needs at least one value`;
  if (!optionAllows(option, option.default)) {
    return `option '${key}': its default ${JSON.stringify(option.default)} is not ${describeOption(option)}`;
  }
  return null;
}
