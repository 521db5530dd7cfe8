/**
 * Two-alternative forced-choice discrimination (PsychRNN `PerceptualDiscrimination`, reference §2.1;
 * loosely Britten et al. 1992). Two noisy input channels; during the stimulus one of them (the
 * `direction`) is higher by `coherence`; after the stimulus the network drives output `direction`
 * to `hi` = 1 and the other to `lo` = 0.2.
 *
 * Protocol, with offset = onset_time + stim_duration (inequalities exactly as PsychRNN's):
 * - every step: x = stimulusNoiseStd(dt, stim_noise) · N(0, 1) per channel;
 * - stimulus, onset < t < offset (strict both sides): x[dir] += 1 + coherence, x[1 − dir] += 1;
 * - target, t > offset + 20 ms: y[dir] = hi, y[1 − dir] = lo; 0 before;
 * - mask: 0 for t < offset, 1 from the offset on (so the first 20 ms after it train towards 0).
 *
 * Deliberate difference: PsychRNN stores its `direction` argument but always draws the direction at
 * random (a bug); here a given `direction` is honoured, and the draw only happens when it is null.
 *
 * The coherences drawn per trial are the list below: fork this task to change it.
 */
import { addNoise, defineTask, formatSigned, inInterval, signedCoherence, stepCount, stimulusNoiseStd, type TaskIssue } from './api.ts';

/** Coherences drawn uniformly when none is fixed (PsychRNN's docstring wrongly says exponential). */
export const PD_COHERENCES: readonly number[] = [0.1, 0.3, 0.5, 0.7];

/** Delay between stimulus offset and the start of the non-zero target, ms. */
export const TARGET_DELAY_MS = 20;

/** Low and high value of the one-hot target. */
const LO = 0.2;
const HI = 1.0;

/**
 * Whether a trial of T ms at dt ms can hold anything to learn: some step strictly inside a stimulus (which lies
 * within (0, 7T/8)) and some masked step with a target (t > offset + 20 ms, and the offset can be as early as T/8).
 */
function trialFits(T: number, dt: number, N_steps: number): boolean {
  const lastStep = (N_steps - 1) * dt;
  return N_steps >= 2 && dt < (7 * T) / 8 && lastStep > T / 8 + TARGET_DELAY_MS;
}

/** The rules T and dt must meet: a step inside the stimulus and a masked step with a target. */
export function perceptualDiscriminationIssues(p: { T: number; dt: number }): TaskIssue[] {
  const steps = stepCount(p.T, p.dt);
  if (trialFits(p.T, p.dt, steps)) return [];
  // T = n·dt fits once (n − 1)·dt > n·dt/8 + 20, i.e. n > 8(dt + 20) / 7dt
  let n = Math.max(2, Math.floor((8 * (p.dt + TARGET_DELAY_MS)) / (7 * p.dt)) + 1);
  while (!trialFits(n * p.dt, p.dt, n)) n++;
  const works = Number((n * p.dt).toPrecision(6));
  const what =
    p.dt >= (7 * p.T) / 8
      ? 'no time step falls inside a stimulus (every stimulus ends before 7T/8)'
      : `its ${steps} time step${steps === 1 ? '' : 's'} end before any trial's target starts (at least T/8 + ${TARGET_DELAY_MS} ms in)`;
  return [{ key: 'T', message: `is too short for dt = ${p.dt} ms: ${what}, so there is nothing to learn; T ≥ ${works} ms works` }];
}

export default defineTask({
  name: 'PerceptualDiscrimination',
  title: 'Perceptual discrimination',
  description:
    'Two noisy inputs; during the stimulus one is higher by the coherence. After the stimulus, ' +
    'drive the output of the higher channel to 1 and the other to 0.2 (Britten et al. 1992).',
  options: {
    coherence: {
      type: 'number',
      label: 'Coherence',
      default: null,
      min: 0,
      nullMeans: 'drawn per trial from 0.1, 0.3, 0.5, 0.7',
      help: 'How much higher the correct channel is during the stimulus; 0 is no evidence.',
    },
    direction: {
      type: 'choice',
      label: 'Direction',
      values: [0, 1],
      default: null,
      nullMeans: 'drawn per trial',
      help: 'The channel that is higher, and the correct output.',
    },
  },
  N_in: 2,
  N_out: 2,
  rules: (task) => perceptualDiscriminationIssues(task),

  generateTrialParams(rng, task) {
    const coherence = task.coherence ?? rng.choice(PD_COHERENCES);
    const direction = (task.direction ?? rng.int(2)) as 0 | 1;
    return {
      coherence,
      direction,
      /** scales the input noise */
      stim_noise: 0.1,
      /** stimulus onset, ms: U[0, 1) · T/2 */
      onset_time: (rng.uniform() * task.T) / 2,
      /** stimulus duration, ms: U[0, 1) · T/4 + T/8 */
      stim_duration: (rng.uniform() * task.T) / 4 + task.T / 8,
    };
  },

  trialFunction(time, p, step, rng, task) {
    addNoise(step.x, stimulusNoiseStd(task.dt, p.stim_noise), rng);
    const dir = p.direction;
    const offset = p.onset_time + p.stim_duration;
    if (inInterval(time, p.onset_time, offset, '()')) {
      step.x[dir] += 1 + p.coherence;
      step.x[1 - dir] += 1;
    }
    if (time > offset + TARGET_DELAY_MS) {
      step.y[dir] = HI;
      step.y[1 - dir] = LO;
    }
    step.mask.fill(time < offset ? 0 : 1);
  },

  evidenceAxis: 'signed coherence',
  condition: (p) => {
    const s = signedCoherence(p.coherence, p.direction);
    return { label: formatSigned(s), order: [s], evidence: s };
  },
  describeTrial: (p) => `coherence ${Number(p.coherence.toFixed(3))} → output ${p.direction}`,
  taskParams: () => ({ lo: LO, hi: HI }),
});
