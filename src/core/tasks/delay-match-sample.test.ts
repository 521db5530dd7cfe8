import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.ts';
import delayMatchSample, { addRingStimulus, oppositeAngle, ringAngles } from './delay-match-sample.ts';
import { compileTask } from './compile.ts';
import { buildTask, type ConfigOf, type ParamsOf } from './task.ts';
import { frequency, MomentAccumulator } from './test-stats.ts';

type Config = ConfigOf<typeof delayMatchSample>;
type Params = ParamsOf<typeof delayMatchSample>;

const BASE: Config = { dt: 20, tau: 100, T: 2600, N_batch: 2000 };
const LO = Math.fround(0.2);

function makeTask(config: Config = {}, seed = 5) {
  return buildTask(delayMatchSample, { ...BASE, ...config }, new Rng(seed));
}

/** Step `t / dt` of channel-major rows `a` ([N_steps × n]), −0 turned into 0. */
const at = (a: Float32Array, n: number, t: number, dt = 20) => Array.from(a.subarray((t / dt) * n, (t / dt + 1) * n), (v) => v + 0);

describe('DelayMatchSample (NeuroGym delaymatchsample.py)', () => {
  const task = makeTask();
  const { x, y, mask, params } = task.getTrialBatch();

  it('has dim_ring inputs, two outputs and 130 steps at the defaults', () => {
    expect([task.N_in, task.N_out, task.N_steps]).toEqual([2, 2, 130]);
    expect(x.shape).toEqual([2000, 130, 2]);
    expect(y.shape).toEqual([2000, 130, 2]);
    expect(makeTask({ dim_ring: 6, N_batch: 1 }).N_in).toBe(6);
    expect(buildTask(delayMatchSample, {}, new Rng(1)).settings).toMatchObject({ dt: 20, tau: 100, T: 2600, N_batch: 64 });
  });

  it('lays the fixed periods end to end: fixation 300, sample 500, delay 1000, test 500 (NeuroGym’s), decision 300 ms', () => {
    for (const p of params) {
      expect(p.periods).toEqual({ fixation: [0, 300], sample: [300, 800], delay: [800, 1800], test: [1800, 2300], decision: [2300, 2600] });
    }
  });

  it('draws the sample from the ring’s angles and match / non-match evenly; the non-match test is opposite', () => {
    expect(frequency(params.map((p) => p.match), true)).toBeCloseTo(0.5, 1);
    expect(frequency(params.map((p) => p.sample), 1)).toBeCloseTo(0.5, 1);
    for (const p of params) {
      expect(p.sample_theta).toBe(p.sample * Math.PI);
      expect(p.test_theta).toBe(p.match ? p.sample_theta : Math.PI - p.sample_theta);
      expect(p.choice).toBe(p.match ? 0 : 1);
    }
    const ring = makeTask({ dim_ring: 8, N_batch: 800 }).getTrialBatch().params;
    for (let k = 0; k < 8; k++) expect(frequency(ring.map((p) => p.sample), k)).toBeCloseTo(1 / 8, 1);
    for (const p of ring) {
      expect(p.sample_theta).toBe(ringAngles(8)[p.sample]);
      if (!p.match) expect(p.test_theta).toBeCloseTo(ringAngles(8)[(p.sample + 4) % 8], 12);
    }
  });

  it('drives channel i with 0.5·cos(θ_i − θ) + 0.5', () => {
    expect(ringAngles(4)).toEqual([0, Math.PI / 2, Math.PI, (3 * Math.PI) / 2]);
    const x4 = new Float32Array(4);
    addRingStimulus(Math.PI / 2, x4);
    expect(Array.from(x4)).toEqual([0.5, 1, 0.5, 0]);
    const x2 = new Float32Array(2);
    addRingStimulus(0, x2);
    expect(Array.from(x2)).toEqual([1, 0]);
    expect(oppositeAngle(Math.PI)).toBe(0);
    expect(oppositeAngle(0)).toBe(Math.PI);
  });

  it('pins inputs, targets and mask at every period edge (noise off)', () => {
    const quiet = makeTask({ sigma: 0, N_batch: 1 });
    const periods = { fixation: [0, 300], sample: [300, 800], delay: [800, 1800], test: [1800, 2300], decision: [2300, 2600] } as const;
    const trial = (match: boolean): Params & { periods: typeof periods } => ({
      sample: 1,
      sample_theta: Math.PI,
      test_theta: match ? Math.PI : 0,
      match,
      choice: match ? 0 : 1,
      periods,
    });
    const nonMatch = quiet.generateTrial(trial(false));
    const expected: [number, number[], number[], number[]][] = [
      // time, x, y, mask
      [0, [0, 0], [0, 0], [0, 0]],
      [280, [0, 0], [0, 0], [0, 0]],
      [300, [0, 1], [0, 0], [0, 0]],
      [780, [0, 1], [0, 0], [0, 0]],
      [800, [0, 0], [0, 0], [0, 0]],
      [1780, [0, 0], [0, 0], [0, 0]],
      [1800, [1, 0], [0, 0], [0, 0]],
      [2280, [1, 0], [0, 0], [0, 0]],
      [2300, [0, 0], [LO, 1], [1, 1]],
      [2580, [0, 0], [LO, 1], [1, 1]],
    ];
    for (const [t, xs, ys, ms] of expected) {
      expect([t, at(nonMatch.x, 2, t), at(nonMatch.y, 2, t), at(nonMatch.mask, 2, t)]).toEqual([t, xs, ys, ms]);
    }
    const match = quiet.generateTrial(trial(true));
    expect(at(match.x, 2, 1800)).toEqual([0, 1]);
    expect(at(match.y, 2, 2300)).toEqual([1, LO]);
  });

  it('masks exactly the decision period and targets hi on the correct output', () => {
    let mismatches = 0;
    params.forEach((p, b) => {
      for (let s = 0; s < 130; s++) {
        const i = (b * 130 + s) * 2;
        const inDecision = s * 20 >= 2300;
        if (mask.data[i] !== (inDecision ? 1 : 0) || mask.data[i + 1] !== mask.data[i]) mismatches++;
        if (y.data[i + p.choice] !== (inDecision ? 1 : 0) || y.data[i + 1 - p.choice] !== (inDecision ? LO : 0)) mismatches++;
      }
    });
    expect(mismatches).toBe(0);
  });

  it('adds N(0, (σ/√dt)²) noise in the sample and test periods only', () => {
    const std = 1 / Math.sqrt(20);
    const residual = new MomentAccumulator();
    let outsideNonZero = 0;
    params.forEach((p, b) => {
      for (let s = 0; s < 130; s++) {
        const t = s * 20;
        const angle = t >= 300 && t < 800 ? p.sample_theta : t >= 1800 && t < 2300 ? p.test_theta : null;
        const clean = new Float32Array(2);
        if (angle !== null) addRingStimulus(angle, clean);
        for (let c = 0; c < 2; c++) {
          const v = x.data[(b * 130 + s) * 2 + c];
          if (angle === null) outsideNonZero += v === 0 ? 0 : 1;
          else residual.add(v - clean[c]);
        }
      }
    });
    expect(outsideNonZero).toBe(0);
    expect(residual.moments.mean).toBeCloseTo(0, 2);
    expect(residual.moments.std / std).toBeCloseTo(1, 2);
    const coarse = makeTask({ dt: 100, sigma: 0.5, N_batch: 500 }).getTrialBatch();
    const noise = new MomentAccumulator();
    coarse.params.forEach((p, b) => {
      const clean = new Float32Array(2);
      addRingStimulus(p.sample_theta, clean);
      for (let s = 3; s < 8; s++) noise.add(coarse.x.data[(b * 26 + s) * 2] - clean[0]);
    });
    expect(noise.moments.std / (0.5 / Math.sqrt(100))).toBeCloseTo(1, 1);
  });

  it('labels each condition by match and sample, and describes the trial', () => {
    const byLabel = Object.fromEntries(params.map((p) => [task.condition(p).label, task.condition(p).order]));
    expect(byLabel).toEqual({
      'match, sample 0°': [0, 0],
      'match, sample 180°': [0, 1],
      'non-match, sample 0°': [1, 0],
      'non-match, sample 180°': [1, 1],
    });
    expect(params.every((p) => task.condition(p).evidence === undefined)).toBe(true);
    const nonMatch = params.find((p) => !p.match && p.sample === 0)!;
    expect(task.describeTrial(nonMatch)).toBe('sample 0°, test 180° → output 1 (non-match)');
    expect(task.getTaskParams()).toMatchObject({ theta: [0, Math.PI], lo: 0.2, hi: 1 });
  });

  it('scores output = target as accuracy 1 and the swapped outputs as 0 (argmax)', () => {
    expect(task.accuracyFunction(y, y, mask)).toBe(1);
    const swapped = { shape: y.shape, data: y.data.map((_, i) => y.data[i % 2 === 0 ? i + 1 : i - 1]) };
    expect(task.accuracyFunction(y, swapped, mask)).toBe(0);
  });

  it('takes durations as options; T must hold them, and sample, test and decision must each hold a step', () => {
    const short = makeTask({ fixation_duration: 0, sample_duration: 100, delay_duration: 0, test_duration: 100, decision_duration: 100, T: 300, N_batch: 2 });
    expect(short.getTrialBatch().params[0].periods).toEqual({ fixation: [0, 0], sample: [0, 100], delay: [100, 100], test: [100, 200], decision: [200, 300] });
    expect(() => makeTask({ T: 2599 })).toThrow(
      "DelayMatchSample: T = 2599 must hold the trial's periods: fixation 300 + sample 500 + delay 1000 + test 500 + decision 300 = 2600 ms; T ≥ 2600 ms works",
    );
    // a 10 ms sample [310, 320) between the steps at 300 and 320 ms
    expect(() => makeTask({ fixation_duration: 310, sample_duration: 10 })).toThrow(
      'DelayMatchSample: sample_duration = 10 is too short: at dt = 20 ms no time step falls in the sample period (310 to 320 ms), so the network would see no sample; sample_duration ≥ dt works',
    );
    // [300, 310) holds the step at 300 ms
    const brief = makeTask({ sigma: 0, fixation_duration: 300, sample_duration: 10, N_batch: 1 }).getTrialBatch();
    expect(Array.from(brief.x.data.subarray(15 * 2, 16 * 2))).not.toEqual([0, 0]);
    expect(Array.from(brief.x.data.subarray(16 * 2, 17 * 2))).toEqual([0, 0]);
    // the decision period [2310, 2320) lies between the last step (2300 ms at T = 2320) and T
    expect(() => makeTask({ delay_duration: 1010, decision_duration: 10, T: 2320 })).toThrow(
      /decision_duration = 10 is too short: at dt = 20 ms no time step falls in the decision period \(2310 to 2320 ms\), so the network would never be scored/,
    );
    expect(() => makeTask({ test_duration: 0 })).toThrow(/test_duration must be a number > 0, got 0/);
    expect(() => makeTask({ dim_ring: 1 })).toThrow(/dim_ring must be an integer ≥ 2, got 1/);
    expect(() => makeTask({ sigma: -1 })).toThrow(/sigma must be a number ≥ 0, got -1/);
  });

  it('imports only the public task API, so its source compiles unchanged in the editor and draws the same trials', () => {
    const source = readFileSync(new URL('./delay-match-sample.ts', import.meta.url), 'utf8');
    expect([...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1])).toEqual(['./api.ts']);
    expect(source).toMatch(/^export default defineTask\(\{$/m);
    const compiled = compileTask(source.replace("from './api.ts'", "from 'cogrnn'"), 'delay-match-sample.ts');
    const draw = (d: typeof delayMatchSample) => buildTask(d, { N_batch: 8 }, new Rng(4)).getTrialBatch();
    const [ours, theirs] = [draw(delayMatchSample), draw(compiled as typeof delayMatchSample)];
    expect(theirs.params).toEqual(ours.params);
    expect(theirs.x.data).toEqual(ours.x.data);
    expect(theirs.y.data).toEqual(ours.y.data);
  });
});
