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
 */
import type { Rng } from '../rng.ts';
import { inInterval, stepCount, Task, type TrialStep } from './task.ts';
import { optionalNonNegative, optionalOneOf, type TaskIssue, throwIfIssues } from './validate.ts';

export interface PerceptualDiscriminationParams {
  dt: number;
  tau: number;
  T: number;
  N_batch: number;
  /** Fixed coherence for every trial; null/absent draws from `PD_COHERENCES`. */
  coherence?: number | null;
  /** Fixed higher channel for every trial; null/absent draws 0 or 1. */
  direction?: 0 | 1 | null;
}

export interface PerceptualDiscriminationTrialParams {
  /** How much higher the `direction` channel's mean input is. */
  coherence: number;
  /** The channel with the higher mean input, and the correct output. */
  direction: 0 | 1;
  /** Scales the input noise; 0.1. */
  stim_noise: number;
  /** Stimulus onset, ms: U[0, 1) · T/2. */
  onset_time: number;
  /** Stimulus duration, ms: U[0, 1) · T/4 + T/8. */
  stim_duration: number;
}

/** Coherences drawn uniformly when none is fixed (PsychRNN's docstring wrongly says exponential). */
export const PD_COHERENCES: readonly number[] = [0.1, 0.3, 0.5, 0.7];

/** Delay between stimulus offset and the start of the non-zero target, ms. */
export const TARGET_DELAY_MS = 20;

/**
 * Std of the per-step input noise of PerceptualDiscrimination and DelayedDiscrimination:
 * sqrt(2 · 0.01 · sqrt(10) · sqrt(dt) · stim_noise²) = stim_noise · sqrt(0.02 · sqrt(10 · dt)),
 * ≈ 0.0447 at dt = 10 and stim_noise = 0.1. It does not depend on tau.
 */
export function stimulusNoiseStd(dt: number, stimNoise: number): number {
  return Math.sqrt(2 * 0.01 * Math.sqrt(10) * Math.sqrt(dt) * stimNoise * stimNoise);
}

/**
 * Whether a trial of T ms at dt ms can hold anything to learn: some step strictly inside a stimulus (which lies
 * within (0, 7T/8)) and some masked step with a target (t > offset + 20 ms, and the offset can be as early as T/8).
 */
function trialFits(T: number, dt: number, N_steps: number): boolean {
  const lastStep = (N_steps - 1) * dt;
  return N_steps >= 2 && dt < (7 * T) / 8 && lastStep > T / 8 + TARGET_DELAY_MS;
}

/** The rules the options must meet beyond their types (checked by the spec and the constructor). */
export function perceptualDiscriminationIssues(p: PerceptualDiscriminationParams): TaskIssue[] {
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

export class PerceptualDiscrimination extends Task<PerceptualDiscriminationTrialParams> {
  /** Low value of the one-hot target. */
  readonly lo = 0.2;
  /** High value of the one-hot target. */
  readonly hi = 1.0;
  readonly coherence: number | null;
  readonly direction: 0 | 1 | null;

  constructor(params: PerceptualDiscriminationParams, rng: Rng) {
    super({ N_in: 2, N_out: 2, dt: params.dt, tau: params.tau, T: params.T, N_batch: params.N_batch }, rng);
    this.coherence = optionalNonNegative('PerceptualDiscrimination', 'coherence', params.coherence);
    this.direction = optionalOneOf('PerceptualDiscrimination', 'direction', params.direction, [0, 1] as const);
    throwIfIssues('PerceptualDiscrimination', perceptualDiscriminationIssues(params), params);
  }

  generateTrialParams(): PerceptualDiscriminationTrialParams {
    const coherence = this.coherence ?? this.rng.choice(PD_COHERENCES);
    const direction = this.direction ?? (this.rng.int(2) as 0 | 1);
    return {
      coherence,
      direction,
      stim_noise: 0.1,
      onset_time: (this.rng.uniform() * this.T) / 2,
      stim_duration: (this.rng.uniform() * this.T) / 4 + this.T / 8,
    };
  }

  trialFunction(time: number, p: PerceptualDiscriminationTrialParams, out: TrialStep): void {
    const std = stimulusNoiseStd(this.dt, p.stim_noise);
    for (let i = 0; i < this.N_in; i++) out.x[i] = std * this.rng.normal();

    const dir = p.direction;
    const offset = p.onset_time + p.stim_duration;
    if (inInterval(time, p.onset_time, offset, '()')) {
      out.x[dir] += 1 + p.coherence;
      out.x[1 - dir] += 1;
    }
    if (time > offset + TARGET_DELAY_MS) {
      out.y[dir] = this.hi;
      out.y[1 - dir] = this.lo;
    }
    out.mask.fill(time < offset ? 0 : 1);
  }

  protected override ownTaskParams(): Record<string, unknown> {
    return { coherence: this.coherence, direction: this.direction, lo: this.lo, hi: this.hi };
  }
}
