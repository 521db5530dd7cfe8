import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.ts';
import { perTrialChoices } from './accuracy.ts';
import intervalDiscrimination, { ID_STIM_DURATIONS, intervalDiscriminationIssues } from './interval-discrimination.ts';
import { buildTask, type ConfigOf } from './task.ts';
import { expectAcceptedTasksScoreAndShow } from '../testing/accepted-tasks.ts';
import { frequency, MomentAccumulator } from './test-stats.ts';

const LO = Math.fround(0.2);

function makeBatch(config: ConfigOf<typeof intervalDiscrimination> = {}, seed = 17) {
  const task = buildTask(intervalDiscrimination, { N_batch: 2000, ...config }, new Rng(seed));
  return { task, batch: task.getTrialBatch() };
}

type Batch = ReturnType<typeof makeBatch>['batch'];

/** Inputs, targets and mask of trial `b` at time `t` (ms), each as a plain array. */
function stepAt(batch: Batch, b: number, t: number, dt = 20) {
  const [, steps] = batch.x.shape;
  const s = Math.round(t / dt);
  const row = (a: Float32Array, n: number) => Array.from(a.subarray((b * steps + s) * n, (b * steps + s + 1) * n));
  return { x: row(batch.x.data, 3), y: row(batch.y.data, 2), mask: row(batch.mask.data, 2) };
}

describe('IntervalDiscrimination (NeuroGym intervaldiscrimination.py, PsychRNN outputs)', () => {
  const { task, batch } = makeBatch();
  const { params } = batch;

  it('defaults to dt 20, T 3725 (the longest trial): 3 inputs (fixation, stim1, stim2), 2 outputs', () => {
    expect([task.dt, task.tau, task.T, task.N_steps, task.N_in, task.N_out]).toEqual([20, 100, 3725, 187, 3, 2]);
    expect(batch.x.shape).toEqual([2000, 187, 3]);
    expect(batch.y.shape).toEqual([2000, 187, 2]);
    expect(buildTask(intervalDiscrimination, {}, new Rng(1)).N_batch).toBe(32);
  });

  it('draws two different durations, every ordered pair equally often; choice 1 when the second is longer', () => {
    const pairs = new Map<string, number>();
    for (const p of params) {
      expect(ID_STIM_DURATIONS).toContain(p.duration1);
      expect(ID_STIM_DURATIONS).toContain(p.duration2);
      expect(p.duration1).not.toBe(p.duration2);
      expect(p.choice).toBe(p.duration2 > p.duration1 ? 1 : 0);
      const key = `${p.duration1}/${p.duration2}`;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
    expect(pairs.size).toBe(20);
    for (const n of pairs.values()) expect(n / 2000).toBeCloseTo(1 / 20, 1);
    expect(frequency(params.map((p) => p.choice), 1)).toBeCloseTo(0.5, 1);
  });

  it("lays out NeuroGym's periods: fixation 300, stim1, delay1 U[800, 1500), stim2, delay2 500, decision 300 ms", () => {
    const delay = new MomentAccumulator();
    for (const p of params) {
      const { fixation, stim1, delay1, stim2, delay2, decision } = p.periods;
      expect(fixation).toEqual([0, 300]);
      expect(stim1).toEqual([300, 300 + p.duration1]);
      expect(delay1[0]).toBe(stim1[1]);
      const d = delay1[1] - delay1[0];
      expect(d).toBeGreaterThanOrEqual(800);
      expect(d).toBeLessThan(1500);
      delay.add(d);
      expect(stim2).toEqual([delay1[1], delay1[1] + p.duration2]);
      expect(delay2).toEqual([stim2[1], stim2[1] + 500]);
      expect(decision).toEqual([delay2[1], delay2[1] + 300]);
      expect(decision[1]).toBeLessThan(3725);
    }
    expect(delay.moments.mean / 1150).toBeCloseTo(1, 2);
    expect(delay.moments.std / (700 / Math.sqrt(12))).toBeCloseTo(1, 1);
  });

  it('shows each stimulus on its own channel, holds fixation until the decision, and targets and masks only it', () => {
    let mismatches = 0;
    let maskedSteps = 0;
    params.forEach((p, b) => {
      const steps = batch.x.shape[1];
      for (let s = 0; s < steps; s++) {
        const t = s * 20;
        const within = (name: string) => t >= p.periods[name][0] && t < p.periods[name][1];
        const beforeDecision = t < p.periods.decision[0];
        const i = b * steps + s;
        const x = [beforeDecision ? 1 : 0, within('stim1') ? 1 : 0, within('stim2') ? 1 : 0];
        const y = within('decision') ? (p.choice === 1 ? [LO, 1] : [1, LO]) : [0, 0];
        const m = within('decision') ? 1 : 0;
        for (let c = 0; c < 3; c++) if (batch.x.data[i * 3 + c] !== x[c]) mismatches++;
        for (let c = 0; c < 2; c++) if (batch.y.data[i * 2 + c] !== y[c] || batch.mask.data[i * 2 + c] !== m) mismatches++;
        maskedSteps += m;
      }
    });
    expect(mismatches).toBe(0);
    expect(maskedSteps).toBe(2000 * 15);
  });

  it('pins the edges of a trial with fixed delays', () => {
    const config = { stim_durations: [200, 400], delay1_min: 600, delay1_max: 600, delay2_duration: 200, decision_duration: 200, T: 2200 };
    const { batch: fixed } = makeBatch({ ...config, N_batch: 40 });
    const b = fixed.params.findIndex((p) => p.duration1 === 400);
    const p = fixed.params[b];
    expect(p).toMatchObject({ duration1: 400, duration2: 200, choice: 0 });
    expect(p.periods).toEqual({
      fixation: [0, 300],
      stim1: [300, 700],
      delay1: [700, 1300],
      stim2: [1300, 1500],
      delay2: [1500, 1700],
      decision: [1700, 1900],
    });
    const at = (t: number) => stepAt(fixed, b, t);
    expect(at(280)).toEqual({ x: [1, 0, 0], y: [0, 0], mask: [0, 0] });
    expect(at(300).x).toEqual([1, 1, 0]);
    expect(at(680).x).toEqual([1, 1, 0]);
    expect(at(700).x).toEqual([1, 0, 0]);
    expect(at(1280).x).toEqual([1, 0, 0]);
    expect(at(1300).x).toEqual([1, 0, 1]);
    expect(at(1480).x).toEqual([1, 0, 1]);
    expect(at(1500).x).toEqual([1, 0, 0]);
    expect(at(1680)).toEqual({ x: [1, 0, 0], y: [0, 0], mask: [0, 0] });
    expect(at(1700)).toEqual({ x: [0, 0, 0], y: [1, LO], mask: [1, 1] });
    expect(at(1880)).toEqual({ x: [0, 0, 0], y: [1, LO], mask: [1, 1] });
    expect(at(1900)).toEqual({ x: [0, 0, 0], y: [0, 0], mask: [0, 0] });
    const other = fixed.params.findIndex((q) => q.duration1 === 200);
    expect(fixed.params[other].choice).toBe(1);
    expect(stepAt(fixed, other, 1700).y).toEqual([LO, 1]);
  });

  it('draws each distinct duration once, whatever the repeats in the list', () => {
    const { batch: repeated } = makeBatch({ stim_durations: [300, 300, 300, 600], N_batch: 400 });
    expect(frequency(repeated.params.map((p) => p.duration1), 300)).toBeCloseTo(0.5, 1);
    expect(repeated.params.every((p) => p.duration1 + p.duration2 === 900)).toBe(true);
  });

  it("scores with PsychRNN's argmax: the target chooses the trial's answer, and output = target is accuracy 1", () => {
    expect(Array.from(perTrialChoices(batch.y, batch.mask))).toEqual(params.map((p) => p.choice));
    expect(task.accuracyFunction(batch.y, batch.y, batch.mask)).toBe(1);
  });

  it('labels a condition by its duration pair, with evidence d2 − d1 (positive ↔ output 1)', () => {
    const p = params.find((q) => q.duration1 === 525 && q.duration2 === 300)!;
    expect(task.condition(p)).toEqual({ label: 'd1 525 > d2 300', order: [-225, 525], evidence: -225 });
    expect(task.describeTrial(p)).toBe('stimulus 1 525 ms, stimulus 2 300 ms → output 0');
    const q = params.find((r) => r.duration1 === 375 && r.duration2 === 450)!;
    expect(task.condition(q)).toEqual({ label: 'd1 375 < d2 450', order: [75, 375], evidence: 75 });
    expect(new Set(params.map((r) => task.condition(r).label)).size).toBe(20);
    expect(task.getTaskParams()).toMatchObject({ stim_durations: ID_STIM_DURATIONS, delay1_min: 800, lo: 0.2, hi: 1 });
  });

  it('refuses options outside their bounds, naming the option', () => {
    expect(() => makeBatch({ stim_durations: [300] })).toThrow(/IntervalDiscrimination: stim_durations must be a list of 2 or more numbers ≥ 1, got \[300\]/);
    expect(() => makeBatch({ stim_durations: [0, 300] })).toThrow(/stim_durations must be a list of 2 or more numbers ≥ 1, got \[0,300\]/);
    expect(() => makeBatch({ decision_duration: 0 })).toThrow(/decision_duration must be a number > 0, got 0/);
    expect(() => makeBatch({ delay2_duration: -1 })).toThrow(/delay2_duration must be a number ≥ 0, got -1/);
  });

  it('refuses a list without two different durations, durations under dt, a crossed delay window, a short T and a coarse dt', () => {
    expect(() => makeBatch({ stim_durations: [400, 400] })).toThrow(
      'IntervalDiscrimination: stim_durations = [400,400] must hold at least two different durations (a trial compares two different ones), got [400, 400]',
    );
    expect(() => makeBatch({ stim_durations: [10, 300] })).toThrow(
      'stim_durations = [10,300] holds a stimulus too short to be seen: stimulus 2 of 10 ms is shorter than dt = 20 ms and starts at a random time, ' +
        'so it can fall between two time steps; durations ≥ dt work',
    );
    // stimulus 1 starts at a fixed time: a 10 ms one is seen when it covers a step, as at 300 ms
    const fixedDelay = { stim_durations: [10, 300], delay1_min: 800, delay1_max: 800, T: 3000, N_batch: 4 };
    expect(makeBatch(fixedDelay).batch.params).toHaveLength(4);
    expect(() => makeBatch({ ...fixedDelay, fixation_duration: 305 })).toThrow(
      'stim_durations = [10,300] holds a stimulus too short to be seen: stimulus 1 of 10 ms spans 305 to 315 ms, between two time steps at dt = 20 ms; durations ≥ dt work',
    );
    expect(() => makeBatch({ ...fixedDelay, delay2_duration: 1, decision_duration: 5 })).toThrow(
      'IntervalDiscrimination: dt = 20 is too coarse: the decision period spans 1411 to 1416 ms and holds no time step, so nothing is scored; dt ≤ 5 ms works',
    );
    expect(() => makeBatch({ delay1_max: 700 })).toThrow('IntervalDiscrimination: delay1_max = 700 must be ≥ delay1_min = 800 ms');
    expect(() => makeBatch({ T: 3724 })).toThrow(
      'IntervalDiscrimination: T = 3724 must hold the longest trial, fixation 300 + the two longest stimuli 600 and 525 + delay1_max 1500 ' +
        '+ delay2 500 + decision 300 = 3725 ms; T ≥ 3725 ms works',
    );
    const coarse = { stim_durations: [400, 800], T: 4200, dt: 350 };
    expect(() => makeBatch(coarse)).toThrow(
      'IntervalDiscrimination: dt = 350 is too coarse: the decision period (300 ms, starting at a random time) may hold no time step, and such a trial scores nothing; dt ≤ 300 ms works',
    );
    const fits = { ...coarse, fixation_duration: 300, delay1_min: 800, delay1_max: 1500, delay2_duration: 500, decision_duration: 350 };
    expect(intervalDiscriminationIssues(fits)).toEqual([]);
  });

  it('masks a step in every trial, and shows both stimuli, for any options the bounds and rules accept', () => {
    const duration = fc.oneof(fc.constantFrom(0, 1, 20, 99.5, 300), fc.double({ min: 0, max: 1000, noNaN: true }));
    const config = fc
      .record({
        dt: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(0.5, 1, 20, 100) }, fc.double({ min: 0.5, max: 800, noNaN: true })),
        stim_durations: fc.array(fc.oneof(fc.constantFrom(1, 20, 100, 100.5), fc.double({ min: 1, max: 600, noNaN: true })), { minLength: 2, maxLength: 4 }),
        fixation_duration: duration,
        delay1_min: duration,
        window: fc.constantFrom(-1, 0, 1e-4, 30, 600),
        delay2_duration: duration,
        decision_duration: duration,
        slack: fc.constantFrom(-1, 0, 0.5, 30),
      })
      .map(({ slack, window, ...c }) => {
        const delay1_max = c.delay1_min + window;
        const [second, longest] = [...new Set(c.stim_durations)].sort((a, b) => a - b).slice(-2);
        const end = c.fixation_duration + longest + delay1_max + (second ?? 0) + c.delay2_duration + c.decision_duration;
        return { ...c, delay1_max, T: Math.max(1, end + slack) };
      });
    expectAcceptedTasksScoreAndShow(expect, intervalDiscrimination, config, (x, N_in) => [1, 2].every((k) => x.some((v, i) => i % N_in === k && v === 1)));
  });
});
