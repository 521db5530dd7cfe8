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
 * The periods are declared (`timing`): fixation, stimulus_1, delay, stimulus_2, decision. Durations are drawn per
 * trial (onset U·T/8, stimuli and delay U·T/4 each, decision U·T/8) unless
 * fixed in the constructor; a fixed value is an absolute time in ms (PsychRNN's docstring says "in
 * terms of T", but its code uses the value as ms). Differences: fixed values must be finite and
 * ≥ 0, and fixed values that leave stimulus 1, stimulus 2 or the decision period without a time step in
 * every trial are an error (`delayedDiscriminationIssues`): the network would see no evidence, or the mask
 * would be empty.
 */
import { addNoise, CHOICE_HI, CHOICE_LO, defineTask, type Duration, periodAt, someStepIn, stepCount, stimulusNoiseStd, targetChoice, type TaskIssue, uniform } from './api.ts';

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

const FIXED_KEYS = ['onset_time', 'stim_duration_1', 'delay_duration', 'stim_duration_2', 'decision_duration'] as const;
type FixedKey = (typeof FIXED_KEYS)[number];
type Fixed = Readonly<Record<FixedKey, number | null>>;
/** A random duration is U[0, 1) · T · this fraction. */
const FRACTION_OF_T: Record<FixedKey, number> = {
  onset_time: 1 / 8,
  stim_duration_1: 1 / 4,
  delay_duration: 1 / 4,
  stim_duration_2: 1 / 4,
  decision_duration: 1 / 8,
};

/** The periods a trial must be able to reach, each after the periods before it, with the duration key that sets it. */
const CHECKED_PERIODS = [
  { name: 'stimulus 1', duration: 'stim_duration_1', after: ['onset_time'] },
  { name: 'stimulus 2', duration: 'stim_duration_2', after: ['onset_time', 'stim_duration_1', 'delay_duration'] },
  { name: 'decision period', duration: 'decision_duration', after: ['onset_time', 'stim_duration_1', 'delay_duration', 'stim_duration_2'] },
] as const;

/**
 * The rules the options must meet together: stimulus 1, stimulus 2 and the decision period (the only masked one)
 * must each be able to hold a time step in some trial, given the fixed durations and the random ones' ranges;
 * otherwise the network would see no evidence or never be scored.
 */
export function delayedDiscriminationIssues(p: Fixed & { T: number; dt: number }): TaskIssue[] {
  const steps = stepCount(p.T, p.dt);
  const longest = (key: FixedKey) => p[key] ?? FRACTION_OF_T[key] * p.T; // a random one's supremum
  for (const period of CHECKED_PERIODS) {
    const length = p[period.duration];
    if (length === 0) return [{ key: period.duration, message: `must be > 0 ms: a ${period.name} of 0 ms holds no time step` }];
    const earliest = period.after.reduce((sum, key) => sum + (p[key] ?? 0), 0);
    const latest = period.after.reduce((sum, key) => sum + longest(key), 0);
    if (!someStepIn(earliest, latest + longest(period.duration), p.dt, steps)) {
      const fixedKeys = [...period.after, period.duration].filter((key) => p[key] !== null);
      const because = fixedKeys.length > 0 ? `with ${fixedKeys.map((key) => `${key} = ${p[key]}`).join(', ')} ms ` : '';
      const what = `${because}no time step of a trial (0 to ${(steps - 1) * p.dt} ms at dt = ${p.dt}) can fall in ${period.name}`;
      return [{ key: 'T', message: `is too short: ${what}, so there is nothing to learn; lengthen T or shorten the fixed durations` }];
    }
  }
  return [];
}

/** A fixed duration when the option is set, else U[0, T · its fraction of T). */
const duration = (task: Fixed & { T: number }, key: FixedKey): Duration => task[key] ?? uniform(0, task.T * FRACTION_OF_T[key]);

const fixedDuration = (label: string, random: string) =>
  ({
    type: 'number',
    label,
    default: null,
    min: 0,
    unit: 'ms',
    nullMeans: `drawn per trial, ${random}`,
    help: `A fixed ${label.toLowerCase()} for every trial, ms.`,
  }) as const;

export default defineTask({
  name: 'DelayedDiscrimination',
  title: 'Delayed discrimination',
  description:
    'Two frequencies separated by a delay; in the decision period report whether the first was ' +
    'higher or lower than the second (Romo et al. 1999).',
  options: {
    onset_time: fixedDuration('Onset time', 'U·T/8'),
    stim_duration_1: fixedDuration('Stimulus 1 duration', 'U·T/4'),
    delay_duration: fixedDuration('Delay duration', 'U·T/4'),
    stim_duration_2: fixedDuration('Stimulus 2 duration', 'U·T/4'),
    decision_duration: fixedDuration('Decision duration', 'U·T/8'),
  },
  N_in: 2,
  N_out: 2,
  rules: (task) => delayedDiscriminationIssues(task),
  timing: (task) => ({
    fixation: duration(task, 'onset_time'),
    stimulus_1: duration(task, 'stim_duration_1'),
    delay: duration(task, 'delay_duration'),
    stimulus_2: duration(task, 'stim_duration_2'),
    decision: duration(task, 'decision_duration'),
  }),

  generateTrialParams(rng, _task, { periods }) {
    const [higher, lower] = FREQUENCY_PAIRS[rng.int(FREQUENCY_PAIRS.length)];
    const f1IsHigher = rng.choice(DECISION_OPTIONS) === '>';
    return {
      // period start times in ms, as PsychRNN stores them
      stimulus_1: periods.stimulus_1[0],
      delay: periods.delay[0],
      stimulus_2: periods.stimulus_2[0],
      decision: periods.decision[0],
      end: periods.decision[1],
      /** scales the input noise */
      stim_noise: 0.1,
      /** frequency of stimulus 1, Hz */
      f1: f1IsHigher ? higher : lower,
      /** frequency of stimulus 2, Hz */
      f2: f1IsHigher ? lower : higher,
      /** correct output: 0 when f1 > f2, 1 when f1 < f2 */
      choice: (f1IsHigher ? 0 : 1) as 0 | 1,
    };
  },

  trialFunction(time, p, step, rng, task) {
    addNoise(step.x, stimulusNoiseStd(task.dt, p.stim_noise), rng);
    switch (periodAt(time, p.periods)) {
      case 'stimulus_1':
        addFrequency(p.f1, step.x);
        break;
      case 'stimulus_2':
        addFrequency(p.f2, step.x);
        break;
      case 'decision':
        targetChoice(step, p.choice);
        break;
    }
  },

  condition: (p) => {
    const relation = p.f1 > p.f2 ? '>' : p.f1 < p.f2 ? '<' : '=';
    return { label: `f1 ${p.f1} ${relation} f2 ${p.f2}`, order: [p.f1, p.f2] };
  },
  describeTrial: (p) => `f1 ${p.f1} Hz, f2 ${p.f2} Hz → output ${p.choice}`,
  taskParams: () => ({
    frequency_pairs: FREQUENCY_PAIRS.map((pair) => [...pair]),
    decision_options: [...DECISION_OPTIONS],
    lo: CHOICE_LO,
    hi: CHOICE_HI,
  }),
});

function addFrequency(f: number, x: Float32Array): void {
  x[0] += scaleP(f);
  x[1] += scaleN(f);
}
