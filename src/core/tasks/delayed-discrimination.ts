/**
 * Delayed (vibrotactile) frequency discrimination, the Romo task (PsychRNN `DelayedDiscrimination`,
 * file `delayed_discrim.py`, reference §2.2; loosely Romo et al. 1999). Two frequencies f1 and f2
 * arrive one after the other, separated by a delay; in the decision period the network drives
 * output 0 if f1 > f2 and output 1 if f1 < f2 (hi = 1, lo = 0.2).
 *
 * Each frequency f enters as x[0] += scaleP(f) and x[1] += scaleN(f) (the inverse ordering), on top
 * of the same noise as PerceptualDiscrimination. Periods are half-open and laid end to end:
 * [stimulus_1, delay) stimulus 1, [delay, stimulus_2) delay, [stimulus_2, decision) stimulus 2,
 * [decision, end) decision; the mask is 1 only in the decision period (also 0 after `end`).
 *
 * Durations are drawn per trial (onset U·T/8, stimuli and delay U·T/4 each, decision U·T/8) unless
 * fixed in the constructor; a fixed value is an absolute time in ms (PsychRNN's docstring says "in
 * terms of T", but its code uses the value as ms). Differences: fixed values must be finite and
 * ≥ 0, and fixed values that leave stimulus 1, stimulus 2 or the decision period without a time step in
 * every trial are an error (`delayedDiscriminationIssues`): the network would see no evidence, or the mask
 * would be empty.
 */
import type { Rng } from '../rng.ts';
import { stimulusNoiseStd } from './perceptual-discrimination.ts';
import { periodAt, stepCount, Task, type TrialStep } from './task.ts';
import { optionalNonNegative, someStepIn, type TaskIssue, throwIfIssues } from './validate.ts';

export interface DelayedDiscriminationParams {
  dt: number;
  tau: number;
  T: number;
  N_batch: number;
  /** Fixed fore period before stimulus 1, ms; null/absent draws U·T/8. */
  onset_time?: number | null;
  /** Fixed stimulus 1 duration, ms; null/absent draws U·T/4. */
  stim_duration_1?: number | null;
  /** Fixed delay duration, ms; null/absent draws U·T/4. */
  delay_duration?: number | null;
  /** Fixed stimulus 2 duration, ms; null/absent draws U·T/4. */
  stim_duration_2?: number | null;
  /** Fixed decision duration, ms; null/absent draws U·T/8. */
  decision_duration?: number | null;
}

/** Per-trial parameters; the first five are period start times in ms, as PsychRNN stores them. */
export interface DelayedDiscriminationTrialParams {
  stimulus_1: number;
  delay: number;
  stimulus_2: number;
  decision: number;
  end: number;
  /** Scales the input noise; 0.1. */
  stim_noise: number;
  /** Frequency of stimulus 1, Hz. */
  f1: number;
  /** Frequency of stimulus 2, Hz. */
  f2: number;
  /** Correct output: 0 when f1 > f2, 1 when f1 < f2. */
  choice: 0 | 1;
}

/** (higher, lower) frequency pairs, Hz. */
export const FREQUENCY_PAIRS: readonly (readonly [number, number])[] = [
  [18, 10],
  [22, 14],
  [26, 18],
  [30, 22],
  [34, 26],
];
export const DECISION_OPTIONS = ['>', '<'] as const;

/** Channel-0 scaling, increasing in f: maps [10, 34] Hz onto [0.4, 1.2]. */
export function scaleP(f: number): number {
  return 0.4 + (0.8 * (f - 10)) / (34 - 10);
}

/** Channel-1 scaling, decreasing in f: maps [10, 34] Hz onto [1.2, 0.4]. */
export function scaleN(f: number): number {
  return 0.4 + (0.8 * (34 - f)) / (34 - 10);
}

const PERIODS = ['stimulus_1', 'delay', 'stimulus_2', 'decision'] as const;
const FIXED_KEYS = ['onset_time', 'stim_duration_1', 'delay_duration', 'stim_duration_2', 'decision_duration'] as const;
type FixedKey = (typeof FIXED_KEYS)[number];
/** A random duration is U[0, 1) · T · this fraction. */
const FRACTION_OF_T: Record<FixedKey, number> = {
  onset_time: 1 / 8,
  stim_duration_1: 1 / 4,
  delay_duration: 1 / 4,
  stim_duration_2: 1 / 4,
  decision_duration: 1 / 8,
};

function fixedDurations(params: DelayedDiscriminationParams): Record<FixedKey, number | null> {
  const fixed = {} as Record<FixedKey, number | null>;
  for (const key of FIXED_KEYS) fixed[key] = optionalNonNegative('DelayedDiscrimination', key, params[key]);
  return fixed;
}

/** The periods a trial must be able to reach, each after the periods before it, with the duration key that sets it. */
const CHECKED_PERIODS = [
  { name: 'stimulus 1', duration: 'stim_duration_1', after: ['onset_time'] },
  { name: 'stimulus 2', duration: 'stim_duration_2', after: ['onset_time', 'stim_duration_1', 'delay_duration'] },
  { name: 'decision period', duration: 'decision_duration', after: ['onset_time', 'stim_duration_1', 'delay_duration', 'stim_duration_2'] },
] as const;

/**
 * The rules the options must meet beyond their types: stimulus 1, stimulus 2 and the decision period (the only
 * masked one) must each be able to hold a time step in some trial, given the fixed durations and the random ones'
 * ranges; otherwise the network would see no evidence or never be scored.
 */
export function delayedDiscriminationIssues(p: DelayedDiscriminationParams): TaskIssue[] {
  const fixed = fixedDurations(p);
  const steps = stepCount(p.T, p.dt);
  const longest = (key: FixedKey) => fixed[key] ?? FRACTION_OF_T[key] * p.T; // a random one's supremum
  for (const period of CHECKED_PERIODS) {
    const length = fixed[period.duration];
    if (length === 0) return [{ key: period.duration, message: `must be > 0 ms: a ${period.name} of 0 ms holds no time step` }];
    const earliest = period.after.reduce((sum, key) => sum + (fixed[key] ?? 0), 0);
    const latest = period.after.reduce((sum, key) => sum + longest(key), 0);
    if (!someStepIn(earliest, latest + longest(period.duration), p.dt, steps)) {
      const fixedKeys = [...period.after, period.duration].filter((key) => fixed[key] !== null);
      const because = fixedKeys.length > 0 ? `with ${fixedKeys.map((key) => `${key} = ${fixed[key]}`).join(', ')} ms ` : '';
      const what = `${because}no time step of a trial (0 to ${(steps - 1) * p.dt} ms at dt = ${p.dt}) can fall in ${period.name}`;
      return [{ key: 'T', message: `is too short: ${what}, so there is nothing to learn; lengthen T or shorten the fixed durations` }];
    }
  }
  return [];
}

export class DelayedDiscrimination extends Task<DelayedDiscriminationTrialParams> {
  /** Low value of the one-hot target. */
  readonly lo = 0.2;
  /** High value of the one-hot target. */
  readonly hi = 1.0;
  /** The fixed durations in ms; null means drawn per trial. */
  readonly fixed: Readonly<Record<FixedKey, number | null>>;

  constructor(params: DelayedDiscriminationParams, rng: Rng) {
    super({ N_in: 2, N_out: 2, dt: params.dt, tau: params.tau, T: params.T, N_batch: params.N_batch }, rng);
    this.fixed = fixedDurations(params);
    throwIfIssues('DelayedDiscrimination', delayedDiscriminationIssues(params), params);
  }

  /** The fixed value of `key`, else U[0, 1) · T · its fraction of T. */
  private duration(key: FixedKey): number {
    return this.fixed[key] ?? this.rng.uniform() * this.T * FRACTION_OF_T[key];
  }

  generateTrialParams(): DelayedDiscriminationTrialParams {
    const onset = this.duration('onset_time');
    const stim1 = this.duration('stim_duration_1');
    const delay = this.duration('delay_duration');
    const stim2 = this.duration('stim_duration_2');
    const decision = this.duration('decision_duration');

    const [higher, lower] = FREQUENCY_PAIRS[this.rng.int(FREQUENCY_PAIRS.length)];
    const f1IsHigher = this.rng.choice(DECISION_OPTIONS) === '>';
    return {
      stimulus_1: onset,
      delay: onset + stim1,
      stimulus_2: onset + stim1 + delay,
      decision: onset + stim1 + delay + stim2,
      end: onset + stim1 + delay + stim2 + decision,
      stim_noise: 0.1,
      f1: f1IsHigher ? higher : lower,
      f2: f1IsHigher ? lower : higher,
      choice: f1IsHigher ? 0 : 1,
    };
  }

  trialFunction(time: number, p: DelayedDiscriminationTrialParams, out: TrialStep): void {
    const std = stimulusNoiseStd(this.dt, p.stim_noise);
    for (let i = 0; i < this.N_in; i++) out.x[i] = std * this.rng.normal();

    switch (periodAt(time, PERIODS, p, p.end)) {
      case 'stimulus_1':
        addFrequency(p.f1, out.x);
        break;
      case 'stimulus_2':
        addFrequency(p.f2, out.x);
        break;
      case 'decision':
        out.y[p.choice] = this.hi;
        out.y[1 - p.choice] = this.lo;
        out.mask.fill(1);
        break;
    }
  }

  protected override ownTaskParams(): Record<string, unknown> {
    return {
      ...this.fixed,
      frequency_pairs: FREQUENCY_PAIRS.map((pair) => [...pair]),
      decision_options: [...DECISION_OPTIONS],
      lo: this.lo,
      hi: this.hi,
    };
  }
}

function addFrequency(f: number, x: Float32Array): void {
  x[0] += scaleP(f);
  x[1] += scaleN(f);
}
