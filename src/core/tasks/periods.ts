/**
 * Declared trial periods in NeuroGym's style (`timing` dicts, `add_period`): a task names its periods in order and
 * gives each a duration — a fixed number of ms, or a distribution drawn per trial — and they are laid end to end
 * from t = 0. A trial's periods are plain data, `{ name: [start, end] }` in ms in the declared order, so they travel
 * with its trial params to the plots (which shade them) and a trial function asks `periodAt(time, p.periods)`
 * instead of juggling `a <= t < b` by hand.
 *
 * Difference from NeuroGym: durations are not rounded to multiples of dt (PsychRNN's tasks do not round either); a
 * time step t = k·dt belongs to the period with start ≤ t < end.
 */

/** A random duration, drawn per trial (ms). */
export type DurationDistribution =
  /** uniform on [min, max) */
  | { dist: 'uniform'; min: number; max: number }
  /** one of the values, each equally likely */
  | { dist: 'choice'; values: readonly number[] }
  /** min + an exponential of mean `mean` truncated below max − min (NeuroGym's `TruncExp`) */
  | { dist: 'truncated_exponential'; mean: number; min: number; max: number };

/** A period's duration in ms: a fixed value or a distribution. */
export type Duration = number | DurationDistribution;

/** Period names in order, each with its duration. */
export type Timing = Readonly<Record<string, Duration>>;

/** A trial's periods: `{ name: [start, end] }` in ms, in the declared order, end to end from 0. */
export type Periods = Readonly<Record<string, readonly [number, number]>>;

/** The draws `drawPeriods` needs. */
export interface DurationRng {
  uniform(): number;
  int(n: number): number;
}

/** A duration drawn uniformly from [min, max) ms. */
export function uniform(min: number, max: number): DurationDistribution {
  return { dist: 'uniform', min, max };
}

/** A duration that is one of `values` (ms), each equally likely. */
export function choice(values: readonly number[]): DurationDistribution {
  return { dist: 'choice', values: [...values] };
}

/** min + Exp(mean) ms truncated to [min, max): short durations are likelier (NeuroGym's `TruncExp`). */
export function truncatedExponential(mean: number, min: number, max: number): DurationDistribution {
  return { dist: 'truncated_exponential', mean, min, max };
}

/** The shortest and longest value (supremum for `uniform`) a duration can take, ms. */
export function durationRange(duration: Duration): [number, number] {
  if (typeof duration === 'number') return [duration, duration];
  switch (duration.dist) {
    case 'uniform':
    case 'truncated_exponential':
      return [duration.min, duration.max];
    case 'choice':
      return [Math.min(...duration.values), Math.max(...duration.values)];
  }
}

/** Why a duration cannot be drawn, or null when it can: finite, ≥ 0, min ≤ max, a non-empty choice. */
export function durationProblem(duration: Duration): string | null {
  const finite = (x: number) => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  if (typeof duration === 'number') return finite(duration) ? null : `must be a finite number of ms ≥ 0, got ${duration}`;
  switch (duration.dist) {
    case 'uniform':
      return finite(duration.min) && finite(duration.max) && duration.min <= duration.max
        ? null
        : `uniform(${duration.min}, ${duration.max}) needs finite 0 ≤ min ≤ max`;
    case 'choice':
      return duration.values.length > 0 && duration.values.every(finite)
        ? null
        : `choice([${duration.values.join(', ')}]) needs at least one finite value ≥ 0`;
    case 'truncated_exponential':
      return finite(duration.min) && finite(duration.max) && duration.min < duration.max && duration.mean > 0
        ? null
        : `truncatedExponential(${duration.mean}, ${duration.min}, ${duration.max}) needs mean > 0 and finite 0 ≤ min < max`;
    default:
      return `must be a number of ms, uniform(min, max), choice([...]) or truncatedExponential(mean, min, max)`;
  }
}

/** One draw of `duration`, ms. */
export function drawDuration(rng: DurationRng, duration: Duration): number {
  if (typeof duration === 'number') return duration;
  switch (duration.dist) {
    case 'uniform':
      return duration.min + (duration.max - duration.min) * rng.uniform();
    case 'choice':
      return duration.values[rng.int(duration.values.length)];
    case 'truncated_exponential': {
      // inverse CDF of Exp(mean) truncated to [0, span): one draw, however narrow the window
      const span = duration.max - duration.min;
      const x = -duration.mean * Math.log1p(-rng.uniform() * -Math.expm1(-span / duration.mean));
      return duration.min + Math.min(x, span * (1 - Number.EPSILON));
    }
  }
}

/** Draws each period's duration in the declared order and lays the periods end to end from 0. */
export function drawPeriods(rng: DurationRng, timing: Timing): Periods {
  const periods: Record<string, readonly [number, number]> = {};
  let start = 0;
  for (const [name, duration] of Object.entries(timing)) {
    const problem = durationProblem(duration);
    if (problem) throw new Error(`period '${name}': ${problem}`);
    const end = start + drawDuration(rng, duration);
    periods[name] = [start, end];
    start = end;
  }
  return periods;
}

/** The period holding `time` (start ≤ time < end), or null after the last one. */
export function periodAt(time: number, periods: Periods): string | null {
  for (const name in periods) {
    const [start, end] = periods[name];
    if (time >= start && time < end) return name;
  }
  return null;
}

/** Whether `time` lies in the period `name` (or in any of `names`). */
export function inPeriod(time: number, periods: Periods, name: string | readonly string[]): boolean {
  const names = typeof name === 'string' ? [name] : name;
  return names.some((n) => {
    const span = periods[n];
    return span !== undefined && time >= span[0] && time < span[1];
  });
}

/** When the last period ends, ms (0 for none). */
export function periodsEnd(periods: Periods): number {
  let end = 0;
  for (const name in periods) end = Math.max(end, periods[name][1]);
  return end;
}

/** Whether `value` looks like drawn periods (trial params carry them under `periods`). */
export function isPeriods(value: unknown): value is Periods {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value).every(
    (span) => Array.isArray(span) && span.length === 2 && typeof span[0] === 'number' && typeof span[1] === 'number',
  );
}
