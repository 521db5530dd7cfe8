/**
 * Parameter checks for task constructors. Each error names the owner, the parameter, the value
 * it got and what is allowed, so a person can fix the spec without reading the code.
 */

function show(value: unknown): string {
  return typeof value === 'string' || Array.isArray(value) ? JSON.stringify(value) : String(value);
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

/**
 * A problem with a task's options that no single field's type shows (a period that never reaches a time step,
 * fixed durations that overrun T): the option it concerns and what is wrong and what is allowed. The spec check
 * reports these at `task.<key>`, and the task's constructor throws them, so a spec that parses builds its task.
 */
export interface TaskIssue {
  key: string;
  message: string;
}

/** Throws the first issue as `owner: key = value message`; the constructors' guard behind the spec check. */
export function throwIfIssues(owner: string, issues: readonly TaskIssue[], params: object): void {
  if (issues.length === 0) return;
  const { key, message } = issues[0];
  throw new Error(`${owner}: ${key} = ${show((params as Record<string, unknown>)[key])} ${message}`);
}

/** The first step k (time k·dt, as the batch computes it) with k·dt ≥ `time`. */
function firstStepAtOrAfter(time: number, dt: number): number {
  let k = Math.max(0, Math.ceil(time / dt));
  if (!Number.isSafeInteger(k)) return k;
  // time / dt is rounded, so its ceiling can be one off either way
  if (k > 0 && (k - 1) * dt >= time) k--;
  if (k * dt < time) k++;
  return k;
}

/** Whether a trial's step times 0, dt, …, (N_steps − 1)·dt include one in [lo, hi). */
export function someStepIn(lo: number, hi: number, dt: number, N_steps: number): boolean {
  const k = firstStepAtOrAfter(lo, dt);
  return k < N_steps && k * dt < hi;
}
