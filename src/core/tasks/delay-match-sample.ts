/**
 * Delayed match-to-sample (NeuroGym `DelayMatchSample`, `neurogym/envs/native/delaymatchsample.py`; after Miller,
 * Erickson & Desimone 1996, "Neural mechanisms of visual working memory in prefrontal cortex of the macaque"). A
 * sample stimulus, a delay, a test stimulus; in the decision period report whether the test matched the sample.
 *
 * Protocol (NeuroGym's): `dim_ring` input channels at the angles θ_i = 2π·i/dim_ring. A trial draws the sample
 * angle from those θ_i and match / non-match with equal odds; the test angle is the sample's (match) or the
 * opposite one, sample + π (non-match). A stimulus at angle θ drives channel i with 0.5·cos(θ_i − θ) + 0.5. The
 * periods are fixed and laid end to end (half-open, start ≤ t < end): fixation 300, sample 500, delay 1000,
 * test 500, decision 300 ms by default (NeuroGym's decision: 900 ms, see below).
 * - sample: x = stimulus(sample angle) + noise; test: x = stimulus(test angle) + noise; x = 0 elsewhere;
 *   the noise is N(0, (sigma/√dt)²) per channel and step, in the sample and test periods only (NeuroGym's);
 * - decision: y[choice] = 1, y[1 − choice] = 0.2, mask 1; choice 0 = match, 1 = non-match; mask 0 elsewhere.
 *
 * Deliberate differences from NeuroGym, for PsychRNN's conventions:
 * - no fixation input or output: the decision period follows the test directly, so its onset is in the inputs,
 *   and the mask (0 outside the decision period) replaces the fixation action;
 * - two outputs, match and non-match, with PsychRNN's hi 1 / lo 0.2 targets and its argmax accuracy, where
 *   NeuroGym has three actions (fixate, match, non-match) scored by reward;
 * - the decision period lasts 300 ms by default, not 900: the whole of it is trained (NeuroGym's agent answers
 *   once, anywhere in it), and with 900 ms networks of 32–50 units stayed at chance for 20 000–40 000 trials
 *   (Adam, learning rate 0.001 or 0.003), where with 300 ms they learned within 15 000 (dt 20, tau 100, N_rec 50,
 *   Adam 0.001, three seeds);
 * - durations are not rounded to multiples of dt; T must hold every period, and the sample, the test and the
 *   decision period must each hold a time step (`delayMatchSampleIssues`).
 */
import { addNoise, CHOICE_HI, CHOICE_LO, defineTask, inPeriod, someStepIn, stepCount, targetChoice, type TaskIssue } from './api.ts';

/** The periods in order, each with the option that sets its duration. */
export const DMS_PERIODS = [
  ['fixation', 'fixation_duration'],
  ['sample', 'sample_duration'],
  ['delay', 'delay_duration'],
  ['test', 'test_duration'],
  ['decision', 'decision_duration'],
] as const;

type DurationKey = (typeof DMS_PERIODS)[number][1];
type Durations = Readonly<Record<DurationKey, number>>;

/** The periods that must hold a time step: without one the network sees no sample or test, or is never scored. */
const NEEDS_A_STEP: readonly string[] = ['sample', 'test', 'decision'];

/** The ring's channel angles, θ_i = 2π·i/dim_ring (numpy's `linspace(0, 2π, dim_ring + 1)[:-1]`). */
export function ringAngles(dimRing: number): number[] {
  return Array.from({ length: dimRing }, (_, i) => (2 * Math.PI * i) / dimRing);
}

/** Adds the stimulus at `angle` to `x`: channel i gets 0.5·cos(θ_i − angle) + 0.5. */
export function addRingStimulus(angle: number, x: Float32Array): void {
  const n = x.length;
  for (let i = 0; i < n; i++) x[i] += 0.5 * Math.cos((2 * Math.PI * i) / n - angle) + 0.5;
}

/** The opposite angle on the ring, (θ + π) mod 2π. */
export function oppositeAngle(angle: number): number {
  return (angle + Math.PI) % (2 * Math.PI);
}

/**
 * The rules the options must meet together: T holds all five periods, and the sample, the test and the decision
 * period (the only masked one) each hold a time step.
 */
export function delayMatchSampleIssues(p: Durations & { T: number; dt: number }): TaskIssue[] {
  const total = DMS_PERIODS.reduce((sum, [, key]) => sum + p[key], 0);
  if (p.T < total) {
    const parts = DMS_PERIODS.map(([name, key]) => `${name} ${p[key]}`).join(' + ');
    return [{ key: 'T', message: `must hold the trial's periods: ${parts} = ${total} ms; T ≥ ${total} ms works` }];
  }
  const steps = stepCount(p.T, p.dt);
  let start = 0;
  for (const [name, key] of DMS_PERIODS) {
    const end = start + p[key];
    if (NEEDS_A_STEP.includes(name) && !someStepIn(start, end, p.dt, steps)) {
      const message = `is too short: at dt = ${p.dt} ms no time step falls in the ${name} period (${start} to ${end} ms), so the network would ${name === 'decision' ? 'never be scored' : `see no ${name}`}; ${key} ≥ dt works`;
      return [{ key, message }];
    }
    start = end;
  }
  return [];
}

const periodDuration = (name: string, fallback: number, bound: { min: 0 } | { gt: 0 }) =>
  ({
    type: 'number',
    label: `${name[0].toUpperCase()}${name.slice(1)} duration`,
    default: fallback,
    ...bound,
    unit: 'ms',
    help: `How long the ${name} period lasts, ms.`,
  }) as const;

/** An angle in whole degrees, for labels. */
const degrees = (angle: number) => `${Math.round((angle * 180) / Math.PI)}°`;

export default defineTask({
  name: 'DelayMatchSample',
  title: 'Delayed match-to-sample',
  description:
    'A sample on a ring of inputs, a delay, then a test stimulus: in the decision period report match (output 0) ' +
    'or non-match (output 1) (NeuroGym DelayMatchSample; Miller, Erickson & Desimone 1996).',
  options: {
    dim_ring: {
      type: 'number',
      label: 'Ring inputs',
      integer: true,
      min: 2,
      default: 2,
      help: 'Input channels on the ring; the sample is drawn from their angles (2: two opposite stimuli).',
    },
    sigma: {
      type: 'number',
      label: 'Input noise σ',
      default: 1,
      min: 0,
      help: 'Stimulus noise: std σ/√dt per channel and step, in the sample and test periods (0 turns it off).',
    },
    fixation_duration: periodDuration('fixation', 300, { min: 0 }),
    sample_duration: periodDuration('sample', 500, { gt: 0 }),
    delay_duration: periodDuration('delay', 1000, { min: 0 }),
    test_duration: periodDuration('test', 500, { gt: 0 }),
    decision_duration: periodDuration('decision', 300, { gt: 0 }),
  },
  defaults: { dt: 20, tau: 100, T: 2600, N_batch: 64 },
  N_in: (task) => task.dim_ring,
  N_out: 2,
  rules: (task) => delayMatchSampleIssues(task),
  timing: (task) => Object.fromEntries(DMS_PERIODS.map(([name, key]) => [name, task[key]])),

  generateTrialParams(rng, task) {
    const sample = rng.int(task.dim_ring);
    const match = rng.int(2) === 0;
    const sampleAngle = (2 * Math.PI * sample) / task.dim_ring;
    return {
      /** the sample's channel: its angle is 2π·sample/dim_ring */
      sample,
      /** sample angle, radians */
      sample_theta: sampleAngle,
      /** test angle, radians: the sample's (match) or the opposite one (non-match) */
      test_theta: match ? sampleAngle : oppositeAngle(sampleAngle),
      match,
      /** correct output: 0 = match, 1 = non-match */
      choice: (match ? 0 : 1) as 0 | 1,
    };
  },

  trialFunction(time, p, step, rng, task) {
    const stimulus = inPeriod(time, p.periods, 'sample') ? p.sample_theta : inPeriod(time, p.periods, 'test') ? p.test_theta : null;
    if (stimulus !== null) {
      addRingStimulus(stimulus, step.x);
      addNoise(step.x, task.sigma / Math.sqrt(task.dt), rng);
    }
    if (inPeriod(time, p.periods, 'decision')) {
      targetChoice(step, p.choice);
    }
  },

  condition: (p) => ({ label: `${p.match ? 'match' : 'non-match'}, sample ${degrees(p.sample_theta)}`, order: [p.choice, p.sample] }),
  describeTrial: (p) => `sample ${degrees(p.sample_theta)}, test ${degrees(p.test_theta)} → output ${p.choice} (${p.match ? 'match' : 'non-match'})`,
  taskParams: (task) => ({ theta: ringAngles(task.dim_ring), lo: CHOICE_LO, hi: CHOICE_HI }),
});
