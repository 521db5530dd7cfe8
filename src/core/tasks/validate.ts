/**
 * Parameter checks for task constructors. Each error names the owner, the parameter, the value
 * it got and what is allowed, so a person can fix the spec without reading the code.
 */

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function fail(owner: string, name: string, allowed: string, value: unknown): never {
  throw new Error(`${owner}: ${name} must be ${allowed}, got ${show(value)}`);
}

/** A finite number > 0 (dt, tau, T). */
export function requirePositive(owner: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(owner, name, 'a finite number > 0', value);
  }
  return value;
}

/** An integer ≥ `min` (N_batch, N_in, N_out). */
export function requireInteger(owner: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    fail(owner, name, `an integer ≥ ${min}`, value);
  }
  return value;
}

/** A finite number ≥ 0, or null/undefined meaning "draw at random each trial". */
export function optionalNonNegative(owner: string, name: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(owner, name, 'a finite number ≥ 0, or null for a random draw per trial', value);
  }
  return value;
}

/** One of `allowed`, or null/undefined meaning "draw at random each trial". */
export function optionalOneOf<T>(owner: string, name: string, value: unknown, allowed: readonly T[]): T | null {
  if (value === undefined || value === null) return null;
  if (!allowed.includes(value as T)) {
    fail(owner, name, `one of ${allowed.map(show).join(', ')}, or null for a random draw per trial`, value);
  }
  return value as T;
}
