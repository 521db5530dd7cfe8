import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.ts';
import perceptualDiscrimination, {
  PD_COHERENCES,
} from './perceptual-discrimination.ts';
import { stimulusNoiseStd } from './noise.ts';
import { buildTask, type ConfigOf, type ParamsOf } from './task.ts';
import { frequency, MomentAccumulator } from './test-stats.ts';

const BASE: ConfigOf<typeof perceptualDiscrimination> = { dt: 10, tau: 100, T: 2000, N_batch: 2000 };
const LO = Math.fround(0.2);

function makeBatch(params: ConfigOf<typeof perceptualDiscrimination> = {}, seed = 7) {
  const task = buildTask(perceptualDiscrimination, { ...BASE, ...params }, new Rng(seed));
  return { task, batch: task.getTrialBatch() };
}

describe('PerceptualDiscrimination (reference §2.1)', () => {
  const { task, batch } = makeBatch();
  const { x, y, mask, params } = batch;

  it('has N_in = N_out = 2 and [N_batch, N_steps, N] Float32 arrays', () => {
    expect(task.N_steps).toBe(200);
    expect(x.shape).toEqual([2000, 200, 2]);
    expect(y.shape).toEqual([2000, 200, 2]);
    expect(mask.shape).toEqual([2000, 200, 2]);
    expect(x.data).toBeInstanceOf(Float32Array);
    expect(params).toHaveLength(2000);
  });

  it('draws coherence from {0.1, 0.3, 0.5, 0.7} and direction from {0, 1}, uniformly', () => {
    const coherences = params.map((p) => p.coherence);
    expect(new Set(coherences)).toEqual(new Set(PD_COHERENCES));
    for (const c of PD_COHERENCES) expect(frequency(coherences, c)).toBeCloseTo(0.25, 1);
    expect(frequency(params.map((p) => p.direction), 1)).toBeCloseTo(0.5, 1);
    expect(params.every((p) => p.stim_noise === 0.1)).toBe(true);
  });

  it('draws onset in [0, T/2) and duration in [T/8, 3T/8), uniformly', () => {
    const onset = new MomentAccumulator();
    const duration = new MomentAccumulator();
    for (const p of params) {
      expect(p.onset_time).toBeGreaterThanOrEqual(0);
      expect(p.onset_time).toBeLessThan(1000);
      expect(p.stim_duration).toBeGreaterThanOrEqual(250);
      expect(p.stim_duration).toBeLessThan(750);
      onset.add(p.onset_time);
      duration.add(p.stim_duration);
    }
    const uniformStd = (width: number) => width / Math.sqrt(12);
    expect(onset.moments.mean).toBeCloseTo(500, -1.5);
    expect(onset.moments.std / uniformStd(1000)).toBeCloseTo(1, 1);
    expect(duration.moments.mean).toBeCloseTo(500, -1.5);
    expect(duration.moments.std / uniformStd(500)).toBeCloseTo(1, 1);
  });

  it('adds 1 + coherence / 1 strictly inside the stimulus, on noise of std ≈ 0.0447', () => {
    const expectedStd = stimulusNoiseStd(10, 0.1);
    expect(expectedStd).toBeCloseTo(0.1 * Math.sqrt(0.02 * Math.sqrt(100)), 12);
    expect(expectedStd).toBeCloseTo(0.0447, 4);
    const outside = new MomentAccumulator();
    const residual = new MomentAccumulator();
    let maxResidual = 0;
    params.forEach((p, b) => {
      for (let s = 0; s < 200; s++) {
        const t = s * 10;
        const inStimulus = p.onset_time < t && t < p.onset_time + p.stim_duration;
        for (let c = 0; c < 2; c++) {
          const v = x.data[(b * 200 + s) * 2 + c];
          const signal = inStimulus ? 1 + (c === p.direction ? p.coherence : 0) : 0;
          if (!inStimulus) outside.add(v);
          residual.add(v - signal);
          maxResidual = Math.max(maxResidual, Math.abs(v - signal));
        }
      }
    });
    expect(maxResidual).toBeLessThan(8 * expectedStd);
    expect(residual.moments.mean).toBeCloseTo(0, 3);
    expect(outside.moments.mean).toBeCloseTo(0, 3);
    expect(outside.moments.std / expectedStd).toBeCloseTo(1, 2);
  });

  it('targets lo/hi only after offset + 20 ms and masks everything before the offset', () => {
    let mismatches = 0;
    params.forEach((p, b) => {
      const offset = p.onset_time + p.stim_duration;
      for (let s = 0; s < 200; s++) {
        const t = s * 10;
        const i = (b * 200 + s) * 2;
        const target = t > offset + 20;
        const m = t < offset ? 0 : 1;
        if (y.data[i + p.direction] !== (target ? 1 : 0)) mismatches++;
        if (y.data[i + 1 - p.direction] !== (target ? LO : 0)) mismatches++;
        if (mask.data[i] !== m || mask.data[i + 1] !== m) mismatches++;
      }
    });
    expect(mismatches).toBe(0);
  });

  it('uses strict inequalities at the stimulus edges and the target start', () => {
    const p = { coherence: 0.5, direction: 0 as const, stim_noise: 0, onset_time: 100, stim_duration: 200, periods: {} };
    const trial = buildTask(perceptualDiscrimination, { ...BASE, N_batch: 1 }, new Rng(1)).generateTrial(p);
    // + 0 turns the noise-free −0 (0 · a negative normal) into 0
    const at = (a: Float32Array, t: number) => [a[(t / 10) * 2] + 0, a[(t / 10) * 2 + 1] + 0];
    expect(at(trial.x, 100)).toEqual([0, 0]);
    expect(at(trial.x, 110)).toEqual([1.5, 1]);
    expect(at(trial.x, 290)).toEqual([1.5, 1]);
    expect(at(trial.x, 300)).toEqual([0, 0]);
    expect(at(trial.mask, 290)).toEqual([0, 0]);
    expect(at(trial.mask, 300)).toEqual([1, 1]);
    expect(at(trial.y, 320)).toEqual([0, 0]);
    expect(at(trial.y, 330)).toEqual([1, LO]);
  });

  it('scales the noise with sqrt(sqrt(dt)), not with tau', () => {
    const { batch: coarse } = makeBatch({ dt: 40, tau: 7, N_batch: 200 });
    const noise = new MomentAccumulator();
    coarse.params.forEach((p, b) => {
      for (let s = 0; s < 50; s++) {
        const t = s * 40;
        if (p.onset_time <= t && t <= p.onset_time + p.stim_duration) continue;
        noise.add(coarse.x.data[(b * 50 + s) * 2]);
      }
    });
    expect(noise.moments.std / (0.1 * Math.sqrt(0.02 * Math.sqrt(400)))).toBeCloseTo(1, 1);
  });

  it('honours a fixed coherence and a fixed direction (PsychRNN ignores direction: a bug)', () => {
    const { batch: fixed } = makeBatch({ coherence: 0.25, direction: 1, N_batch: 300 });
    expect(fixed.params.every((p) => p.coherence === 0.25 && p.direction === 1)).toBe(true);
    const difference = new MomentAccumulator();
    let wrongTargets = 0;
    fixed.params.forEach((p, b) => {
      for (let s = 0; s < 200; s++) {
        const t = s * 10;
        const i = (fixed.x.shape[1] * b + s) * 2;
        if (p.onset_time < t && t < p.onset_time + p.stim_duration) difference.add(fixed.x.data[i + 1] - fixed.x.data[i]);
        const after = t > p.onset_time + p.stim_duration + 20;
        if (after && (fixed.y.data[i] !== LO || fixed.y.data[i + 1] !== 1)) wrongTargets++;
      }
    });
    expect(wrongTargets).toBe(0);
    expect(difference.moments.mean).toBeCloseTo(0.25, 2);
    const { batch: zero } = makeBatch({ coherence: 0, direction: 0, N_batch: 10 });
    expect(zero.params.every((p) => p.coherence === 0 && p.direction === 0)).toBe(true);
  });

  it('rejects a bad coherence or direction with an error naming it', () => {
    expect(() => makeBatch({ coherence: -0.1 })).toThrow(/coherence must be a number ≥ 0 or null \(drawn per trial from 0.1, 0.3, 0.5, 0.7\), got -0.1/);
    expect(() => makeBatch({ direction: 2 as 0 })).toThrow(/direction must be one of 0, 1 or null \(drawn per trial\), got 2/);
  });

  it('scores output = target as accuracy 1', () => {
    expect(task.accuracyFunction(y, y, mask)).toBe(1);
  });

  it('reports its parameters, including PsychRNN attributes lo and hi', () => {
    expect(task.getTaskParams()).toMatchObject({ N_in: 2, N_out: 2, coherence: null, direction: null, lo: 0.2, hi: 1 });
  });
});
