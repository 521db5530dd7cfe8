/** Command-line option parsing on node:util's parseArgs, with messages that say what is allowed. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parseOptions(command: string, args: string[], options: OptionSpec, usage: string): Parsed {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
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
