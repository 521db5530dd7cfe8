import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.ts';
import delayedDiscrimination, {
  FREQUENCY_PAIRS,
  scaleN,
  scaleP,
} from './delayed-discrimination.ts';
import { buildTask, type ConfigOf, type ParamsOf } from './task.ts';
import { stimulusNoiseStd } from './noise.ts';
import { frequency, MomentAccumulator } from './test-stats.ts';

const BASE: ConfigOf<typeof delayedDiscrimination> = { dt: 10, tau: 100, T: 2000, N_batch: 2000 };
const LO = Math.fround(0.2);

function makeBatch(params: ConfigOf<typeof delayedDiscrimination> = {}, seed = 11) {
  const task = buildTask(delayedDiscrimination, { ...BASE, ...params }, new Rng(seed));
  return { task, batch: task.getTrialBatch() };
}

/** The stimulus frequency at time t, or null outside both stimulus periods (half-open). */
function frequencyAt(p: ParamsOf<typeof delayedDiscrimination>, t: number): number | null {
  if (p.stimulus_1 <= t && t < p.delay) return p.f1;
  if (p.stimulus_2 <= t && t < p.decision) return p.f2;
  return null;
}

describe('DelayedDiscrimination (reference §2.2)', () => {
  const { task, batch } = makeBatch();
  const { x, y, mask, params } = batch;

  it('has N_in = N_out = 2 and [N_batch, N_steps, 2] arrays', () => {
    expect(x.shape).toEqual([2000, 200, 2]);
    expect(y.shape).toEqual([2000, 200, 2]);
    expect(mask.shape).toEqual([2000, 200, 2]);
  });

  it('lays the periods end to end with durations U·T/8, U·T/4, U·T/4, U·T/4, U·T/8', () => {
    const durations = [new MomentAccumulator(), new MomentAccumulator(), new MomentAccumulator(), new MomentAccumulator(), new MomentAccumulator()];
    const limits = [250, 500, 500, 500, 250];
    for (const p of params) {
      const bounds = [0, p.stimulus_1, p.delay, p.stimulus_2, p.decision, p.end];
      for (let k = 0; k < 5; k++) {
        const d = bounds[k + 1] - bounds[k];
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(limits[k]);
        durations[k].add(d);
      }
      expect(p.end).toBeLessThanOrEqual(2000);
    }
    durations.forEach((acc, k) => expect(acc.moments.mean / (limits[k] / 2)).toBeCloseTo(1, 1));
  });

  it('picks a frequency pair and an order; choice is 0 when f1 > f2, else 1', () => {
    for (const p of params) {
      expect(p.choice).toBe(p.f1 > p.f2 ? 0 : 1);
      const pair = p.f1 > p.f2 ? [p.f1, p.f2] : [p.f2, p.f1];
      expect(FREQUENCY_PAIRS).toContainEqual(pair);
      expect(p.stim_noise).toBe(0.1);
    }
    expect(frequency(params.map((p) => p.choice), 0)).toBeCloseTo(0.5, 1);
    for (const [higher] of FREQUENCY_PAIRS) {
      expect(frequency(params.map((p) => Math.max(p.f1, p.f2)), higher)).toBeCloseTo(0.2, 1);
    }
  });

  it('scales frequencies onto [0.4, 1.2], channel 1 inverted', () => {
    expect(scaleP(10)).toBeCloseTo(0.4, 12);
    expect(scaleP(34)).toBeCloseTo(1.2, 12);
    expect(scaleN(10)).toBeCloseTo(1.2, 12);
    expect(scaleN(34)).toBeCloseTo(0.4, 12);
    expect(scaleP(18)).toBeCloseTo(0.4 + (0.8 * 8) / 24, 12);
    expect(scaleN(18)).toBeCloseTo(0.4 + (0.8 * 16) / 24, 12);
  });

  it('inputs scaleP(f)/scaleN(f) in the stimulus periods on the PerceptualDiscrimination noise', () => {
    const expectedStd = stimulusNoiseStd(10, 0.1);
    const residual = new MomentAccumulator();
    let maxResidual = 0;
    params.forEach((p, b) => {
      for (let s = 0; s < 200; s++) {
        const f = frequencyAt(p, s * 10);
        const i = (b * 200 + s) * 2;
        const r0 = x.data[i] - (f === null ? 0 : scaleP(f));
        const r1 = x.data[i + 1] - (f === null ? 0 : scaleN(f));
        residual.add(r0);
        residual.add(r1);
        maxResidual = Math.max(maxResidual, Math.abs(r0), Math.abs(r1));
      }
    });
    expect(maxResidual).toBeLessThan(8 * expectedStd);
    expect(residual.moments.mean).toBeCloseTo(0, 3);
    expect(residual.moments.std / expectedStd).toBeCloseTo(1, 2);
  });

  it('targets hi/lo and masks only in the decision period [decision, end)', () => {
    let mismatches = 0;
    let maskedSteps = 0;
    params.forEach((p, b) => {
      for (let s = 0; s < 200; s++) {
        const t = s * 10;
        const i = (b * 200 + s) * 2;
        const inDecision = p.decision <= t && t < p.end;
        if (y.data[i + p.choice] !== (inDecision ? 1 : 0)) mismatches++;
        if (y.data[i + 1 - p.choice] !== (inDecision ? LO : 0)) mismatches++;
        if (mask.data[i] !== (inDecision ? 1 : 0) || mask.data[i + 1] !== mask.data[i]) mismatches++;
        maskedSteps += mask.data[i];
      }
    });
    expect(mismatches).toBe(0);
    expect(maskedSteps).toBeGreaterThan(0);
  });

  it('uses fixed values as absolute ms', () => {
    const fixed = { onset_time: 100, stim_duration_1: 300, delay_duration: 500, stim_duration_2: 300, decision_duration: 200 };
    const { batch: b } = makeBatch({ ...fixed, N_batch: 50 });
    for (const p of b.params) {
      expect([p.stimulus_1, p.delay, p.stimulus_2, p.decision, p.end]).toEqual([100, 400, 900, 1200, 1400]);
    }
    for (let trial = 0; trial < 50; trial++) {
      const m = b.mask.data.subarray(trial * 400, (trial + 1) * 400);
      const steps = Array.from(m).flatMap((v, i) => (v === 1 && i % 2 === 0 ? [(i / 2) * 10] : []));
      expect(steps[0]).toBe(1200);
      expect(steps).toHaveLength(20);
    }
    const { batch: partial } = makeBatch({ onset_time: 0, N_batch: 20 });
    expect(partial.params.every((p) => p.stimulus_1 === 0)).toBe(true);
    expect(new Set(partial.params.map((p) => p.delay)).size).toBe(20);
  });

  it('rejects negative fixed values, and fixed values that leave a period without a time step', () => {
    expect(() => makeBatch({ delay_duration: -1 })).toThrow(/delay_duration must be a number ≥ 0 or null \(drawn per trial, U·T\/4\), got -1/);
    // stimulus 2 would start at 2000 ms at the earliest, after the last step (1990 ms)
    expect(() => makeBatch({ onset_time: 1000, delay_duration: 1000 })).toThrow(/T = 2000 is too short: .*stimulus 2/);
    expect(() => makeBatch({ decision_duration: 0 })).toThrow(/decision_duration = 0 must be > 0 ms/);
    expect(() => makeBatch({ stim_duration_1: 0 })).toThrow(/stim_duration_1 = 0 must be > 0 ms/);
    // every period fixed: the decision period [1985, 1995) holds the step at 1990 ms; [1991, 1999) holds none
    const fixed = { onset_time: 5, stim_duration_1: 10, delay_duration: 1960, stim_duration_2: 10 };
    expect(makeBatch({ ...fixed, decision_duration: 10 }).batch.mask.data.some((m) => m === 1)).toBe(true);
    expect(() => makeBatch({ ...fixed, delay_duration: 1966, decision_duration: 8 })).toThrow(/decision period/);
  });

  it('scores output = target as accuracy 1 and reports its parameters', () => {
    expect(task.accuracyFunction(y, y, mask)).toBe(1);
    const reported = task.getTaskParams();
    expect(reported).toMatchObject({ onset_time: null, decision_duration: null, lo: 0.2, hi: 1 });
    expect(reported.frequency_pairs).toEqual(FREQUENCY_PAIRS);
    expect(reported.decision_options).toEqual(['>', '<']);
  });
});
