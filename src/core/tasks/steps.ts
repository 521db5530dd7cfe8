/** A trial's time steps: t = 0, dt, …, (N_steps − 1)·dt, with N_steps = ceil(T / dt) (reference §1). */

/** `ceil(T / dt)`, snapping to the nearest integer when T/dt is within float rounding of it. */
export function stepCount(T: number, dt: number): number {
  const ratio = T / dt;
  const nearest = Math.round(ratio);
  const steps = Math.abs(ratio - nearest) <= 1e-9 * Math.max(1, nearest) ? nearest : Math.ceil(ratio);
  return Math.max(1, steps);
}

/** Which ends of an interval are included: `'[)'` is start ≤ t < end, `'()'` is start < t < end. */
export type IntervalBounds = '[)' | '()' | '[]' | '(]';

/** Whether `time` lies in the interval; PsychRNN's tasks mix `a <= t < b` and `a < t < b`. */
export function inInterval(time: number, start: number, end: number, bounds: IntervalBounds = '[)'): boolean {
  const afterStart = bounds[0] === '[' ? time >= start : time > start;
  const beforeEnd = bounds[1] === ']' ? time <= end : time < end;
  return afterStart && beforeEnd;
}
