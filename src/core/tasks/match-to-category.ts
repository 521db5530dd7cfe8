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
import type { Rng } from '../rng.ts';
import { inInterval, stepCount, Task, type TrialStep } from './task.ts';
import { someStepIn, type TaskIssue, throwIfIssues } from './validate.ts';

export interface MatchToCategoryParams {
  dt: number;
  tau: number;
  T: number;
  N_batch: number;
  /** Input channels on the ring; 16 when absent. */
  N_in?: number;
  /** Categories (equal arcs of the ring); 2 when absent. */
  N_out?: number;
}

export interface MatchToCategoryTrialParams {
  /** Centre of the input bump, radians in [0, 2π). */
  angle: number;
  /** The arc holding the angle: floor(angle / (2π / N_out)). */
  category: number;
  /** Stimulus onset, ms: 200. */
  onset_time: number;
  /** Stimulus duration, ms: 1000. */
  input_dur: number;
  /** Output period duration, ms: 800. */
  output_dur: number;
  /** Scales the input noise; 0.1. */
  stim_noise: number;
}

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
 * The rules the options must meet beyond their types: T holds the whole fixed protocol, and a time step falls in
 * the stimulus and in the output period (the only masked one); dt ≤ 800 ms always gives both.
 */
export function matchToCategoryIssues(p: MatchToCategoryParams): TaskIssue[] {
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

export class MatchToCategory extends Task<MatchToCategoryTrialParams> {
  /** Angle of each input channel on the ring, `[N_in]`. */
  readonly channelAngles: Float64Array;
  /** The bump for `bumpAngle`, cached because a trial repeats it on every stimulus step. */
  private readonly bump: Float64Array;
  private bumpAngle = Number.NaN;

  constructor(params: MatchToCategoryParams, rng: Rng) {
    const { dt, tau, T, N_batch, N_in = 16, N_out = 2 } = params;
    super({ N_in, N_out, dt, tau, T, N_batch }, rng);
    throwIfIssues('MatchToCategory', matchToCategoryIssues(params), params);
    this.channelAngles = ringChannelAngles(this.N_in);
    this.bump = new Float64Array(this.N_in);
  }

  generateTrialParams(): MatchToCategoryTrialParams {
    const angle = 2 * Math.PI * this.rng.uniform();
    return {
      angle,
      category: Math.min(this.N_out - 1, Math.floor(angle / ((2 * Math.PI) / this.N_out))),
      onset_time: MTC_ONSET_MS,
      input_dur: MTC_INPUT_DUR_MS,
      output_dur: MTC_OUTPUT_DUR_MS,
      stim_noise: 0.1,
    };
  }

  trialFunction(time: number, p: MatchToCategoryTrialParams, out: TrialStep): void {
    const std = (1 / (2 * this.dt)) * p.stim_noise;
    for (let i = 0; i < this.N_in; i++) out.x[i] = std * this.rng.normal();

    const stimulusEnd = p.onset_time + p.input_dur;
    if (inInterval(time, p.onset_time, stimulusEnd)) {
      if (p.angle !== this.bumpAngle) {
        gaussianRingInput(p.angle, this.channelAngles, this.bump);
        this.bumpAngle = p.angle;
      }
      for (let i = 0; i < this.N_in; i++) out.x[i] += this.bump[i];
    }
    if (inInterval(time, stimulusEnd, stimulusEnd + p.output_dur)) {
      out.y[p.category] = 1;
      out.mask.fill(1);
    }
  }
}
