/**
 * A task's settings from a config (its name, the timing and its option values): unknown keys and values outside
 * their declared options are errors naming the key, the value and what is allowed; absent options take their
 * defaults; then N_in / N_out are derived and the definition's rules are checked. So a task — a built-in or a
 * person's own — is checked against its declarations before any trial is drawn.
 */
import type { AnyTaskDefinition, OptionSettings, TaskSettings } from './api.ts';
import { describeOption, optionAllows, type TaskOptions, TIMING_DEFAULTS, TIMING_KEYS } from './options.ts';
import { stepCount } from './steps.ts';
import { requireInteger, requirePositive, throwIfIssues } from './validate.ts';

/** A task by name: the timing plus that task's options (absent ones take their defaults). */
export interface TaskConfig {
  name: string;
  dt?: number;
  tau?: number;
  T?: number;
  N_batch?: number;
  [key: string]: unknown;
}

function show(value: unknown): string {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
}

/** The option values of `config` with defaults filled in; throws on an unknown key or a value not allowed. */
export function optionSettings(definition: AnyTaskDefinition, config: TaskConfig): OptionSettings {
  const { name, options } = definition;
  const allowed = ['name', ...TIMING_KEYS, ...Object.keys(options)];
  for (const key of Object.keys(config)) {
    if (!allowed.includes(key)) throw new Error(`${name}: unknown option ${JSON.stringify(key)}; allowed keys: ${allowed.join(', ')}`);
  }
  const defaults = { ...TIMING_DEFAULTS, ...definition.defaults };
  const settings: Record<string, unknown> = {
    dt: requirePositive(name, 'dt (ms)', config.dt ?? defaults.dt),
    tau: requirePositive(name, 'tau (ms)', config.tau ?? defaults.tau),
    T: requirePositive(name, 'T (ms)', config.T ?? defaults.T),
    N_batch: requireInteger(name, 'N_batch', config.N_batch ?? defaults.N_batch, 1),
  };
  for (const [key, option] of Object.entries(options as TaskOptions)) {
    const value = config[key] === undefined ? option.default : config[key];
    if (!optionAllows(option, value)) throw new Error(`${name}: ${key} must be ${describeOption(option)}, got ${show(value)}`);
    settings[key] = Array.isArray(value) ? [...value] : value;
  }
  return settings as OptionSettings;
}

/** A channel count: the definition's number, or its function of the options, checked to be an integer ≥ 1. */
function channels(definition: AnyTaskDefinition, key: 'N_in' | 'N_out', settings: OptionSettings): number {
  const declared = definition[key];
  const n = typeof declared === 'function' ? declared(settings) : declared;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${definition.name}: ${key} must be an integer ≥ 1, got ${show(n)}`);
  return n;
}

/** The task's full settings (frozen): options, timing, N_in, N_out, N_steps, alpha; throws on the first problem. */
export function taskSettings(definition: AnyTaskDefinition, config: TaskConfig): Readonly<TaskSettings> {
  const options = optionSettings(definition, config);
  throwIfIssues(definition.name, definition.rules?.(options) ?? [], options);
  return Object.freeze({
    ...options,
    N_in: channels(definition, 'N_in', options),
    N_out: channels(definition, 'N_out', options),
    N_steps: stepCount(options.T, options.dt),
    alpha: options.dt / options.tau,
  });
}

/** N_in and N_out of a config whose options are well formed (as the spec schema guarantees). */
export function taskChannels(definition: AnyTaskDefinition, config: TaskConfig): { N_in: number; N_out: number } {
  const options = optionSettings(definition, config);
  return { N_in: channels(definition, 'N_in', options), N_out: channels(definition, 'N_out', options) };
}
