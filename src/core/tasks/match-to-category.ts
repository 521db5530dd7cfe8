/**
 * Match-to-category on a ring (PsychRNN `MatchToCategory`, reference §2.3; loosely Freedman & Assad
 * 2006). N_in input channels sit on a ring; a gaussian bump centred on a random angle drives them;
 * the network then reports which of N_out equal arcs (starting at angle 0) holds the angle.
 *
 * Protocol (fixed times, ms): stimulus [200, 1200): x += gaussianRingInput(angle); output
 * [1200, 2000): y[category] = 1 (others 0), mask = 1; mask 0 elsewhere. Noise on every step is
 * x = (1 / (2·dt)) · stim_noise · N(0, 1) per channel (std 0.005 at dt = 10), a different formula
 * from the other two tasks, kept as PsychRNN has it.
 *
 * Quirk kept: the channel angles are `linspace(0, 2π, N_in)` with both endpoints, so channels 0 and
 * N_in − 1 both sit at angle 0 ≡ 2π and the ring has N_in − 1 distinct positions.
 * Differences: T < 2000 ms is an error (PsychRNN would silently cut the output period, down to an
 * empty mask); the category is clamped to N_out − 1 against float rounding at angle → 2π.
 */
import { defineTask, inPeriod, someStepIn, stepCount, type TaskIssue } from './api.ts';

export const MTC_ONSET_MS = 200;
export const MTC_INPUT_DUR_MS = 1000;
export const MTC_OUTPUT_DUR_MS = 800;
/** Shortest T (ms) that holds the whole output period. */
export const MTC_MIN_T_MS = MTC_ONSET_MS + MTC_INPUT_DUR_MS + MTC_OUTPUT_DUR_MS;

/** The channel angles, numpy's `linspace(0, 2π, N_in)` with both endpoints included. */
export function ringChannelAngles(N_in: number): Float64Array {
  const angles = new Float64Array(N_in);
  if (N_in === 1) return angles;
  const step = (2 * Math.PI) / (N_in - 1);
  for (let i = 0; i < N_in; i++) angles[i] = i * step;
  angles[N_in - 1] = 2 * Math.PI;
  return angles;
}

/**
 * Writes into `out[i]` the normal pdf (std `scale`) of the angle from `angle` to channel i, wrapped
 * once into [−π, π]: exp(−(e/scale)²/2) / (sqrt(2π)·scale), peak ≈ 0.3989 for scale 1.
 */
export function gaussianRingInput(
  angle: number,
  channelAngles: ArrayLike<number>,
  out: Float64Array | Float32Array,
  scale = 1,
): void {
  for (let i = 0; i < channelAngles.length; i++) {
    let e = channelAngles[i] - angle;
    if (e > Math.PI) e -= 2 * Math.PI;
    else if (e < -Math.PI) e += 2 * Math.PI;
    const z = e / scale;
    out[i] = Math.exp(-(z * z) / 2) / (Math.sqrt(2 * Math.PI) * scale);
  }
}

/**
 * The rules the options must meet together: T holds the whole fixed protocol, and a time step falls in the stimulus
 * and in the output period (the only masked one); dt ≤ 800 ms always gives both.
 */
export function matchToCategoryIssues(p: { T: number; dt: number }): TaskIssue[] {
  if (p.T < MTC_MIN_T_MS) {
    const protocol = `onset ${MTC_ONSET_MS} + input ${MTC_INPUT_DUR_MS} + output ${MTC_OUTPUT_DUR_MS}`;
    return [{ key: 'T', message: `must be ≥ ${MTC_MIN_T_MS} ms for MatchToCategory (its fixed periods: ${protocol} ms)` }];
  }
  const steps = stepCount(p.T, p.dt);
  const stimulusEnd = MTC_ONSET_MS + MTC_INPUT_DUR_MS;
  const periods: [string, number, number][] = [
    ['stimulus', MTC_ONSET_MS, stimulusEnd],
    ['output period', stimulusEnd, stimulusEnd + MTC_OUTPUT_DUR_MS],
  ];
  for (const [name, start, end] of periods) {
    if (!someStepIn(start, end, p.dt, steps)) {
      const message = `is too coarse: no time step falls in the ${name} (${start} to ${end} ms), so there is nothing to learn; dt ≤ ${MTC_OUTPUT_DUR_MS} ms works`;
      return [{ key: 'dt', message }];
    }
  }
  return [];
}

/** The last bump drawn, kept because a trial repeats it on every stimulus step. */
const bumpCache: { angle: number; channels: Float64Array; bump: Float64Array } = { angle: Number.NaN, channels: new Float64Array(0), bump: new Float64Array(0) };

/** The ring input for `angle` on `N_in` channels (cached for the last angle and ring size). */
function ringBump(angle: number, N_in: number): Float64Array {
  if (bumpCache.angle !== angle || bumpCache.bump.length !== N_in) {
    if (bumpCache.channels.length !== N_in) bumpCache.channels = ringChannelAngles(N_in);
    bumpCache.bump = new Float64Array(N_in);
    gaussianRingInput(angle, bumpCache.channels, bumpCache.bump);
    bumpCache.angle = angle;
  }
  return bumpCache.bump;
}

const categories = (label: string, min: number, fallback: number, help: string) =>
  ({ type: 'number', label, integer: true, min, default: fallback, help }) as const;

export default defineTask({
  name: 'MatchToCategory',
  title: 'Match to category',
  description:
    'A gaussian bump on a ring of inputs; report which of N_out equal arcs holds its centre ' +
    '(Freedman & Assad 2006). Needs T ≥ 2000 ms.',
  options: {
    N_in: categories('Inputs (ring)', 2, 16, 'Input channels on the ring.'),
    N_out: categories('Categories', 2, 2, 'Categories: equal arcs of the ring, starting at angle 0.'),
  },
  N_in: (task) => task.N_in,
  N_out: (task) => task.N_out,
  rules: (task) => matchToCategoryIssues(task),
  timing: { fixation: MTC_ONSET_MS, stimulus: MTC_INPUT_DUR_MS, decision: MTC_OUTPUT_DUR_MS },

  generateTrialParams(rng, task) {
    const angle = 2 * Math.PI * rng.uniform();
    return {
      /** centre of the input bump, radians in [0, 2π) */
      angle,
      /** the arc holding the angle: floor(angle / (2π / N_out)) */
      category: Math.min(task.N_out - 1, Math.floor(angle / ((2 * Math.PI) / task.N_out))),
      onset_time: MTC_ONSET_MS,
      input_dur: MTC_INPUT_DUR_MS,
      output_dur: MTC_OUTPUT_DUR_MS,
      /** scales the input noise */
      stim_noise: 0.1,
    };
  },

  trialFunction(time, p, step, rng, task) {
    const std = (1 / (2 * task.dt)) * p.stim_noise;
    for (let i = 0; i < task.N_in; i++) step.x[i] = std * rng.normal();
    if (inPeriod(time, p.periods, 'stimulus')) {
      const bump = ringBump(p.angle, task.N_in);
      for (let i = 0; i < task.N_in; i++) step.x[i] += bump[i];
    }
    if (inPeriod(time, p.periods, 'decision')) {
      step.y[p.category] = 1;
      step.mask.fill(1);
    }
  },

  condition: (p) => ({ label: `category ${p.category}`, order: [p.category] }),
  describeTrial: (p) => `angle ${((p.angle * 180) / Math.PI).toFixed(0)}° → output ${p.category}`,
});
