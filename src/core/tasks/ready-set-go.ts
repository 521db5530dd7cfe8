/**
 * Ready-Set-Go interval reproduction (NeuroGym `ReadySetGo`, `neurogym/envs/native/readysetgo.py`; Jazayeri &
 * Shadlen 2010, "Temporal context calibrates interval timing", and Remington et al. 2018, the paper NeuroGym cites).
 * A Ready pulse, then a Set pulse an interval t_s later; the network must respond ("Go") gain × t_s after Set.
 *
 * Protocol: a trial draws t_s from `intervals` (each equally likely; by default the 11 values 494…847 ms of
 * Jazayeri & Shadlen's short prior). Periods, half-open (start ≤ t < end), with F = fixation_duration and
 * P = pulse_duration: fixation [0, F); ready [F, F + P); measure [F + P, F + t_s); set [F + t_s, F + t_s + P);
 * production [F + t_s + P, s + 2·gain·t_s), with s = F + t_s the Set onset. So Ready to Set is t_s, onset to onset,
 * as in NeuroGym (its measure period starts with Ready).
 * - inputs: x[0] = 1 during ready, x[1] = 1 during set, 0 elsewhere (no noise, as NeuroGym);
 * - target (one output): 0 before s, then the ramp y = (t − s) / (2·gain·t_s) up to the trial's end s + 2·gain·t_s,
 *   so it crosses GO_THRESHOLD = 0.5 at the go time s + gain·t_s; mask 1 from 0 to the trial's end (the network
 *   learns to hold still before Set), 0 after it (the shorter intervals' trials end before T);
 * - a trial's produced interval is the time after s at which the output first reaches 0.5 (linearly
 *   interpolated between steps); it is correct when |produced − gain·t_s| ≤ prod_margin·gain·t_s + 25 ms
 *   (NeuroGym's rewarded window). Accuracy is the fraction of correct trials.
 *
 * Why a ramp: it errs at every step after Set in proportion to the timing error, so the gradient says "earlier"
 * or "later" throughout the production period, where a step target (0, then 1 from the go time) errs only between
 * the produced and the true go time.
 *
 * Deliberate differences from NeuroGym:
 * - no fixation input or action: the Set pulse marks the production period, and the mask with target 0 before Set
 *   replaces the fixation action;
 * - the target is the ramp above and the score reads the output's first crossing of 0.5 after Set, with
 *   `accuracyFunction` and `measure` (produced vs. target interval), where NeuroGym's ground truth is a one-step
 *   "go" pulse; NeuroGym sets that pulse gain·t_s after the Set pulse *ends* but rewards a response gain·t_s after
 *   Set *begins*; here both the target and the score use Set's onset;
 * - t_s is drawn from a list (NeuroGym: uniform on [800, 1500) ms), and the production period ends 2·gain·t_s
 *   after Set's onset (NeuroGym: after its end);
 * - T is fixed for the batch, so it must hold the longest trial; the rules also ask that each pulse holds a time
 *   step and that the go time comes after the Set pulse (`readySetGoIssues`).
 */
import { defineTask, drawPeriods, inPeriod, type Periods, someStepIn, stepCount, type TaskIssue } from './api.ts';

/** The output level whose first crossing after Set is the response ("Go"). */
export const GO_THRESHOLD = 0.5;

/** NeuroGym's absolute slack on top of prod_margin × the target interval, ms. */
export const MARGIN_MS = 25;

/** Jazayeri & Shadlen's (2010) short prior: 11 intervals evenly spaced from 494 to 847 ms, rounded to ms. */
export const SHORT_PRIOR_MS: readonly number[] = [494, 529, 565, 600, 635, 671, 706, 741, 776, 812, 847];

interface Layout {
  fixation_duration: number;
  pulse_duration: number;
  gain: number;
}

/**
 * The rules the options must meet together: Set comes after the Ready pulse, each pulse holds a time step, the go
 * time comes after the Set pulse, and T holds the longest trial.
 */
export function readySetGoIssues(p: Layout & { intervals: number[]; T: number; dt: number }): TaskIssue[] {
  const { fixation_duration: F, pulse_duration: P, gain, dt } = p;
  const issues: TaskIssue[] = [];
  const shortest = Math.min(...p.intervals);
  const longest = Math.max(...p.intervals);
  if (shortest < P) {
    issues.push({ key: 'intervals', message: `must each be ≥ pulse_duration = ${P} ms (Set comes after the Ready pulse), but ${shortest} ms is shorter` });
  }
  const steps = stepCount(p.T, dt);
  const pulses: [string, number][] = [['Ready pulse', F], ...p.intervals.map((t): [string, number] => [`Set pulse after ${t} ms`, F + t])];
  const missed = pulses.find(([, start]) => !someStepIn(start, start + P, dt, steps));
  if (missed) {
    const [name, start] = missed;
    issues.push({ key: 'dt', message: `is too coarse: no time step falls in the ${name} (${start} to ${start + P} ms); dt ≤ pulse_duration = ${P} ms works` });
  }
  if (gain * shortest < P) {
    const works = ceilToDigits(P / shortest, 3);
    issues.push({ key: 'gain', message: `is too small: the go time, gain × ${shortest} ms after Set, must come after the ${P} ms Set pulse; gain ≥ ${works} works` });
  }
  const end = F + (1 + 2 * gain) * longest;
  if (p.T < end) {
    const why = `fixation ${F} + interval ${longest} + production 2 × ${gain} × ${longest}`;
    issues.push({ key: 'T', message: `must hold the longest trial: ${why} = ${Number(end.toPrecision(6))} ms; T ≥ ${Math.ceil(end)} ms works` });
  }
  return issues;
}

/**
 * The time after `setOnset` at which `output` (channel `channel` of a row-major `[N_steps × N_out]` trial) first
 * reaches GO_THRESHOLD, searched over the steps in [setOnset, end) and linearly interpolated between the step below
 * the threshold and the one at or above it; null when it never does. An output already at the threshold on the
 * first step after Set gives that step's time.
 */
export function producedInterval(
  output: ArrayLike<number>,
  N_out: number,
  channel: number,
  dt: number,
  setOnset: number,
  end: number,
): number | null {
  const N_steps = output.length / N_out;
  let k = Math.max(0, Math.floor(setOnset / dt));
  while (k * dt < setOnset) k++; // the first step at or after Set (time / dt is rounded)
  let previous: number | null = null;
  for (; k < N_steps && k * dt < end; k++) {
    const value = output[k * N_out + channel];
    if (value >= GO_THRESHOLD) {
      const t = previous === null ? k * dt : (k - 1) * dt + (dt * (GO_THRESHOLD - previous)) / (value - previous);
      return t - setOnset;
    }
    previous = value;
  }
  return null;
}

/** Whether a produced interval is within NeuroGym's window of the target: prod_margin × target + 25 ms. */
export function isCorrectInterval(produced: number | null, target: number, prodMargin: number): boolean {
  return produced !== null && Math.abs(produced - target) <= prodMargin * target + MARGIN_MS;
}

/** What scoring a trial needs: its periods (Set's onset, the trial's end) and the interval to produce (ms). */
interface GoTrial {
  production: number;
  periods: Periods;
}

/** The produced interval of a trial's output (`[N_steps × N_out]`, channel 0), or null when it never crosses. */
function producedOf(p: GoTrial, output: ArrayLike<number>, N_out: number, dt: number): number | null {
  return producedInterval(output, N_out, 0, dt, p.periods.set[0], p.periods.production[1]);
}

export default defineTask({
  name: 'ReadySetGo',
  title: 'Ready-Set-Go',
  description:
    'Ready and Set pulses an interval apart; respond gain × that interval after Set: the output ramps from 0 at Set ' +
    'and must cross 0.5 at the go time (NeuroGym ReadySetGo; Jazayeri & Shadlen 2010).',
  options: {
    intervals: {
      type: 'numbers',
      label: 'Intervals',
      default: SHORT_PRIOR_MS,
      min: 1,
      max: 10000,
      minLength: 1,
      unit: 'ms',
      help: 'The Ready-to-Set intervals, one drawn per trial, each equally likely (default: the short prior of Jazayeri & Shadlen 2010).',
    },
    gain: {
      type: 'number',
      label: 'Gain',
      default: 1,
      gt: 0,
      max: 10,
      help: 'Produce gain × the interval between Set and Go.',
    },
    prod_margin: {
      type: 'number',
      label: 'Tolerance',
      default: 0.2,
      min: 0,
      help: 'A trial is correct when its produced interval is within prod_margin × the target + 25 ms of it (NeuroGym).',
    },
    fixation_duration: {
      type: 'number',
      label: 'Fixation duration',
      default: 100,
      min: 0,
      unit: 'ms',
      help: 'Time before the Ready pulse, ms.',
    },
    pulse_duration: {
      type: 'number',
      label: 'Pulse duration',
      default: 83,
      gt: 0,
      unit: 'ms',
      help: 'How long the Ready and the Set pulse last, ms (NeuroGym: 83).',
    },
  },
  // T = 100 + 3 × 847 ms rounded up to a step: the longest default trial
  defaults: { dt: 20, tau: 100, T: 2660, N_batch: 64 },
  N_in: 2,
  N_out: 1,
  rules: (task) => readySetGoIssues(task),

  generateTrialParams(rng, task) {
    const interval = rng.choice(task.intervals);
    const P = task.pulse_duration;
    const production = task.gain * interval;
    return {
      /** the Ready-to-Set interval t_s, ms */
      interval,
      /** the interval to produce after Set, gain × t_s, ms */
      production,
      // laid end to end; production ends 2·gain·t_s after Set's onset
      periods: drawPeriods(rng, { fixation: task.fixation_duration, ready: P, measure: interval - P, set: P, production: 2 * production - P }),
    };
  },

  trialFunction(time, p, step) {
    if (inPeriod(time, p.periods, 'ready')) step.x[0] = 1;
    if (inPeriod(time, p.periods, 'set')) step.x[1] = 1;
    const setOnset = p.periods.set[0];
    const end = p.periods.production[1];
    if (time >= end) return;
    step.mask[0] = 1;
    if (time >= setOnset) step.y[0] = (time - setOnset) / (2 * p.production);
  },

  accuracyFunction(_correct, output, _mask, params, task) {
    const [N_batch, N_steps, N_out] = output.shape;
    if (params.length !== N_batch) throw new Error(`needs each trial's params (its Set onset and interval) to score it: got ${params.length} for ${N_batch} trials`);
    let hits = 0;
    params.forEach((p, b) => {
      const trial = output.data.subarray(b * N_steps * N_out, (b + 1) * N_steps * N_out);
      if (isCorrectInterval(producedOf(p, trial, N_out, task.dt), p.production, task.prod_margin)) hits++;
    });
    return hits / N_batch;
  },

  measure: {
    axes: ['target interval (ms)', 'produced interval (ms)'],
    point(p, output, _mask, task) {
      const produced = producedOf(p, output, task.N_out, task.dt);
      return produced === null ? null : [p.production, produced];
    },
  },

  condition: (p) => ({ label: `interval ${p.interval} ms`, order: [p.interval] }),
  describeTrial: (p) => `interval ${p.interval} ms, go ${Number(p.production.toFixed(1))} ms after Set → output 0 crosses ${GO_THRESHOLD}`,
  taskParams: () => ({ go_threshold: GO_THRESHOLD, margin_ms: MARGIN_MS }),
});

/** `x` rounded up to `digits` significant digits, so that a suggested bound still works. */
function ceilToDigits(x: number, digits: number): number {
  const scale = 10 ** (Math.floor(Math.log10(x)) - digits + 1);
  return Number((Math.ceil(x / scale) * scale).toPrecision(digits));
}
