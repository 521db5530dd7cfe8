/** Command-line option parsing on node:util's parseArgs, with messages that say what is allowed. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * `--seed -1` → `--seed=-1`: parseArgs refuses a string option's value that starts with a dash, so a negative
 * number would get its "ambiguous argument" message instead of the option's own check saying what is allowed.
 */
function joinNegativeValues(args: string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') return [...out, ...args.slice(i)];
    const name = args[i].startsWith('--') ? args[i].slice(2) : '';
    const next = args[i + 1];
    if (options[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d|Infinity)/.test(next)) {
      out.push(`${args[i]}=${next}`);
      i++;
    } else {
      out.push(args[i]);
    }
  }
  return out;
}

export function parseOptions(command: string, args: string[], options: OptionSpec, usage: string): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args: joinNegativeValues(args, options),
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Parsed['values'], positionals };
  } catch (error) {
    const message = (error as Error).message
      .replace(/\s*\n\s*/g, ' ')
      .replace(/\.? To specify a positional argument.*$/, '')
      .replace(/\.$/, '');
    throw new UsageError(`${command}: ${message}; usage: ${usage}`);
  }
}

/** A numeric option: an integer (≥ min) or undefined when absent. */
export function integerOption(command: string, name: string, raw: string | boolean | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(value) || value < min) {
    throw new UsageError(`${command}: --${name} got ${JSON.stringify(raw)}; it must be an integer ≥ ${min}`);
  }
  return value;
}

/** A numeric option: a finite number > 0 or undefined when absent. */
export function positiveOption(command: string, name: string, raw: string | boolean | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${command}: --${name} got ${JSON.stringify(raw)}; it must be a number > 0`);
  }
  return value;
}

export function choiceOption<T extends string>(
  command: string,
  name: string,
  raw: string | boolean | undefined,
  allowed: readonly T[],
): T | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !allowed.includes(raw as T)) {
    throw new UsageError(`${command}: --${name} got ${JSON.stringify(raw)}; allowed: ${allowed.join(', ')}`);
  }
  return raw as T;
}

export function requiredString(command: string, name: string, raw: string | boolean | undefined, usage: string): string {
  if (typeof raw !== 'string' || raw === '') throw new UsageError(`${command}: --${name} is required; usage: ${usage}`);
  return raw;
}
