import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.ts';
import matchToCategory, {
  gaussianRingInput,
  ringChannelAngles,
} from './match-to-category.ts';
import { buildTask, type ConfigOf, type ParamsOf } from './task.ts';
import { frequency, MomentAccumulator } from './test-stats.ts';

const BASE: ConfigOf<typeof matchToCategory> = { dt: 10, tau: 100, T: 2000, N_batch: 1000 };
const PEAK = 1 / Math.sqrt(2 * Math.PI);

function makeBatch(params: ConfigOf<typeof matchToCategory> = {}, seed = 5) {
  const task = buildTask(matchToCategory, { ...BASE, ...params }, new Rng(seed));
  return { task, batch: task.getTrialBatch() };
}

describe('ring input', () => {
  it('places channels at linspace(0, 2π, N_in), endpoints included (quirk: 0 and 2π both)', () => {
    const angles = ringChannelAngles(16);
    expect(angles[0]).toBe(0);
    expect(angles[15]).toBe(2 * Math.PI);
    expect(angles[1]).toBeCloseTo((2 * Math.PI) / 15, 14);
    expect(Array.from(ringChannelAngles(1))).toEqual([0]);
  });

  it('is a wrapped normal pdf with peak ≈ 0.3989 on the channel at the angle', () => {
    const angles = ringChannelAngles(16);
    const out = new Float64Array(16);
    gaussianRingInput(angles[3], angles, out);
    expect(out[3]).toBeCloseTo(0.3989, 4);
    expect(out[3]).toBeCloseTo(PEAK, 14);
    expect(out[4]).toBeCloseTo(PEAK * Math.exp(-(((2 * Math.PI) / 15) ** 2) / 2), 14);
    gaussianRingInput(0.1, angles, out);
    expect(out[15]).toBeCloseTo(out[0], 14); // 2π − 0.1 wraps to −0.1
    gaussianRingInput(0.5, angles, out, 2);
    expect(out[0]).toBeCloseTo(Math.exp(-((0.5 / 2) ** 2) / 2) / (Math.sqrt(2 * Math.PI) * 2), 14);
  });
});

describe('MatchToCategory (reference §2.3)', () => {
  const { task, batch } = makeBatch();
  const { x, y, mask, params } = batch;

  it('defaults to N_in 16, N_out 2 with fixed periods 200 / 1000 / 800 ms', () => {
    expect(x.shape).toEqual([1000, 200, 16]);
    expect(y.shape).toEqual([1000, 200, 2]);
    for (const p of params) {
      expect([p.onset_time, p.input_dur, p.output_dur, p.stim_noise]).toEqual([200, 1000, 800, 0.1]);
    }
  });

  it('draws the angle in [0, 2π) and its category from N_out equal arcs', () => {
    for (const p of params) {
      expect(p.angle).toBeGreaterThanOrEqual(0);
      expect(p.angle).toBeLessThan(2 * Math.PI);
      expect(p.category).toBe(p.angle < Math.PI ? 0 : 1);
    }
    expect(frequency(params.map((p) => p.category), 0)).toBeCloseTo(0.5, 1);
  });

  it('adds the bump during [200, 1200) on noise of std (1/(2·dt))·0.1 = 0.005', () => {
    const bump = new Float64Array(16);
    const residual = new MomentAccumulator();
    let maxResidual = 0;
    params.forEach((p, b) => {
      gaussianRingInput(p.angle, ringChannelAngles(16), bump);
      for (let s = 0; s < 200; s++) {
        const inStimulus = 200 <= s * 10 && s * 10 < 1200;
        for (let c = 0; c < 16; c++) {
          const r = x.data[(b * 200 + s) * 16 + c] - (inStimulus ? bump[c] : 0);
          residual.add(r);
          maxResidual = Math.max(maxResidual, Math.abs(r));
        }
      }
    });
    expect(maxResidual).toBeLessThan(8 * 0.005);
    expect(residual.moments.mean).toBeCloseTo(0, 4);
    expect(residual.moments.std / 0.005).toBeCloseTo(1, 2);
  });

  it('targets the category and masks only in the output period [1200, 2000)', () => {
    let mismatches = 0;
    params.forEach((p, b) => {
      for (let s = 0; s < 200; s++) {
        const inOutput = 1200 <= s * 10 && s * 10 < 2000;
        for (let c = 0; c < 2; c++) {
          const i = (b * 200 + s) * 2 + c;
          if (y.data[i] !== (inOutput && c === p.category ? 1 : 0)) mismatches++;
          if (mask.data[i] !== (inOutput ? 1 : 0)) mismatches++;
        }
      }
    });
    expect(mismatches).toBe(0);
    expect(task.accuracyFunction(y, y, mask)).toBe(1);
  });

  it('works for N_in 8 and N_out 3', () => {
    const { batch: b } = makeBatch({ N_in: 8, N_out: 3, N_batch: 1500 });
    expect(b.x.shape).toEqual([1500, 200, 8]);
    expect(b.y.shape).toEqual([1500, 200, 3]);
    for (const p of b.params) expect(p.category).toBe(Math.floor(p.angle / ((2 * Math.PI) / 3)));
    for (const c of [0, 1, 2]) expect(frequency(b.params.map((p) => p.category), c)).toBeCloseTo(1 / 3, 1);
    const lastStep = (trial: number) => b.y.data.subarray((trial * 200 + 199) * 3, (trial * 200 + 200) * 3);
    expect(Array.from(lastStep(0))).toEqual([0, 1, 2].map((c) => (c === b.params[0].category ? 1 : 0)));
  });

  it('needs T ≥ 2000 ms', () => {
    expect(() => makeBatch({ T: 1500 })).toThrow(/T = 1500 must be ≥ 2000 ms/);
    // dt 1000: steps at 0 and 1000 ms, none in the output period [1200, 2000); dt 800 always reaches it
    expect(() => makeBatch({ dt: 1000, tau: 1000 })).toThrow(/dt = 1000 is too coarse: no time step falls in the output period/);
    expect(makeBatch({ dt: 800, tau: 1000, N_batch: 2 }).batch.mask.data.some((m) => m === 1)).toBe(true);
    expect(() => makeBatch({ N_in: 0 })).toThrow(/N_in must be an integer ≥ 2, got 0/);
    expect(makeBatch({ T: 2500, N_batch: 2 }).task.N_steps).toBe(250);
  });
});
