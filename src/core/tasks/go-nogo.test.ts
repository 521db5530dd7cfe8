import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.ts';
import { perTrialChoices } from './accuracy.ts';
import goNogo, { goNogoIssues } from './go-nogo.ts';
import { buildTask, type ConfigOf } from './task.ts';
import { expectAcceptedTasksScoreAndShow } from '../testing/accepted-tasks.ts';
import { frequency } from './test-stats.ts';

const LO = Math.fround(0.2);

function makeBatch(config: ConfigOf<typeof goNogo> = {}, seed = 3) {
  const task = buildTask(goNogo, { N_batch: 2000, ...config }, new Rng(seed));
  return { task, batch: task.getTrialBatch() };
}

/** Inputs, targets and mask of trial `b` at time `t` (ms), each as a plain array. */
function stepAt(batch: ReturnType<typeof makeBatch>['batch'], b: number, t: number, dt = 20) {
  const [, steps] = batch.x.shape;
  const s = Math.round(t / dt);
  const row = (a: Float32Array, n: number) => Array.from(a.subarray((b * steps + s) * n, (b * steps + s + 1) * n));
  return { x: row(batch.x.data, 3), y: row(batch.y.data, 2), mask: row(batch.mask.data, 2) };
}

describe('GoNogo (NeuroGym gonogo.py, PsychRNN outputs)', () => {
  const { task, batch } = makeBatch();
  const { params } = batch;

  it('defaults to dt 20, T 1500: 75 steps of 3 inputs (fixation, no-go, go) and 2 outputs (no-go, go)', () => {
    expect([task.dt, task.tau, task.T, task.N_steps]).toEqual([20, 100, 1500, 75]);
    expect(batch.x.shape).toEqual([2000, 75, 3]);
    expect(batch.y.shape).toEqual([2000, 75, 2]);
    expect(batch.mask.shape).toEqual([2000, 75, 2]);
    expect(buildTask(goNogo, {}, new Rng(1)).N_batch).toBe(32);
  });

  it("lays out NeuroGym's periods: fixation 0, stimulus 500, delay 500, decision 500 ms", () => {
    for (const p of params) {
      expect(p.periods).toEqual({ fixation: [0, 0], stimulus: [0, 500], delay: [500, 1000], decision: [1000, 1500] });
    }
  });

  it('draws go and no-go cues equally often', () => {
    expect(new Set(params.map((p) => p.choice))).toEqual(new Set([0, 1]));
    expect(frequency(params.map((p) => p.choice), 1)).toBeCloseTo(0.5, 1);
  });

  it('shows the cue in [0, 500), holds fixation until 1000 ms, targets and masks [1000, 1500) only', () => {
    const go = params.findIndex((p) => p.choice === 1);
    const nogo = params.findIndex((p) => p.choice === 0);
    expect(stepAt(batch, go, 0)).toEqual({ x: [1, 0, 1], y: [0, 0], mask: [0, 0] });
    expect(stepAt(batch, go, 480).x).toEqual([1, 0, 1]);
    expect(stepAt(batch, nogo, 0).x).toEqual([1, 1, 0]);
    expect(stepAt(batch, nogo, 480).x).toEqual([1, 1, 0]);
    for (const b of [go, nogo]) {
      expect(stepAt(batch, b, 500)).toEqual({ x: [1, 0, 0], y: [0, 0], mask: [0, 0] });
      expect(stepAt(batch, b, 980)).toEqual({ x: [1, 0, 0], y: [0, 0], mask: [0, 0] });
    }
    expect(stepAt(batch, go, 1000)).toEqual({ x: [0, 0, 0], y: [LO, 1], mask: [1, 1] });
    expect(stepAt(batch, go, 1480)).toEqual({ x: [0, 0, 0], y: [LO, 1], mask: [1, 1] });
    expect(stepAt(batch, nogo, 1000)).toEqual({ x: [0, 0, 0], y: [1, LO], mask: [1, 1] });
    expect(stepAt(batch, nogo, 1480)).toEqual({ x: [0, 0, 0], y: [1, LO], mask: [1, 1] });
  });

  it('holds the same layout in every trial: exactly the 25 decision steps are masked', () => {
    const masked = new Float64Array(2000);
    batch.mask.data.forEach((m, i) => (masked[Math.floor(i / 150)] += m / 2));
    expect(masked.every((n) => n === 25)).toBe(true);
  });

  it('honours fixed durations, a fixation before the cue and no target after the decision period', () => {
    const config = { fixation_duration: 100, stimulus_duration: 200, delay_duration: 300, decision_duration: 100, T: 800 };
    const { batch: b } = makeBatch({ ...config, N_batch: 8 });
    const p = b.params[0];
    expect(p.periods).toEqual({ fixation: [0, 100], stimulus: [100, 300], delay: [300, 600], decision: [600, 700] });
    const cue = 1 + p.choice;
    const expectX = (t: number, x: number[]) => expect(stepAt(b, 0, t).x, `x at ${t} ms`).toEqual(x);
    expectX(80, [1, 0, 0]);
    expectX(100, cue === 1 ? [1, 1, 0] : [1, 0, 1]);
    expectX(280, cue === 1 ? [1, 1, 0] : [1, 0, 1]);
    expectX(300, [1, 0, 0]);
    expectX(580, [1, 0, 0]);
    expectX(600, [0, 0, 0]);
    expect(stepAt(b, 0, 580).mask).toEqual([0, 0]);
    expect(stepAt(b, 0, 600).mask).toEqual([1, 1]);
    expect(stepAt(b, 0, 680).mask).toEqual([1, 1]);
    expect(stepAt(b, 0, 700)).toEqual({ x: [0, 0, 0], y: [0, 0], mask: [0, 0] });
    expect(stepAt(b, 0, 780)).toEqual({ x: [0, 0, 0], y: [0, 0], mask: [0, 0] });
  });

  it("scores with PsychRNN's argmax: the target chooses the trial's answer, and output = target is accuracy 1", () => {
    expect(Array.from(perTrialChoices(batch.y, batch.mask))).toEqual(params.map((p) => p.choice));
    expect(task.accuracyFunction(batch.y, batch.y, batch.mask)).toBe(1);
  });

  it('labels the conditions go / no-go and describes a trial by its answer', () => {
    const go = params.find((p) => p.choice === 1)!;
    const nogo = params.find((p) => p.choice === 0)!;
    expect(task.condition(go)).toEqual({ label: 'go', order: [1] });
    expect(task.condition(nogo)).toEqual({ label: 'no-go', order: [0] });
    expect(task.describeTrial(go)).toBe('go cue → output 1');
    expect(task.describeTrial(nogo)).toBe('no-go cue → output 0');
    expect(task.getTaskParams()).toMatchObject({ N_in: 3, N_out: 2, stimulus_duration: 500, lo: 0.2, hi: 1 });
  });

  it('refuses durations outside their bounds, naming the option', () => {
    expect(() => makeBatch({ stimulus_duration: 0 })).toThrow(/GoNogo: stimulus_duration must be a number > 0, got 0/);
    expect(() => makeBatch({ decision_duration: -5 })).toThrow(/decision_duration must be a number > 0, got -5/);
    expect(() => makeBatch({ delay_duration: -1 })).toThrow(/delay_duration must be a number ≥ 0, got -1/);
    expect(() => makeBatch({ fixation_duration: -1 })).toThrow(/fixation_duration must be a number ≥ 0, got -1/);
  });

  it('refuses a T that does not hold the protocol, and a dt that steps over the stimulus or the decision', () => {
    expect(() => makeBatch({ T: 1499 })).toThrow(
      'GoNogo: T = 1499 must hold the whole trial, fixation 0 + stimulus 500 + delay 500 + decision 500 = 1500 ms; T ≥ 1500 ms works',
    );
    // dt 400: steps 0, 400, 800, 1200 reach the stimulus [0, 100) and the decision [1100, 1600) …
    const base = { stimulus_duration: 100, delay_duration: 1000, T: 1600 };
    expect(makeBatch({ ...base, dt: 400, N_batch: 2 }).batch.mask.data.some((m) => m === 1)).toBe(true);
    // … with a 100 ms fixation, none falls in the stimulus [100, 200)
    expect(() => makeBatch({ ...base, fixation_duration: 100, T: 1700, dt: 400 })).toThrow(
      'GoNogo: dt = 400 is too coarse: no time step falls in the stimulus period (100 to 200 ms), so there is nothing to learn; dt ≤ 100 ms works',
    );
    expect(goNogoIssues({ fixation_duration: 0, stimulus_duration: 500, delay_duration: 510, decision_duration: 20, T: 1030, dt: 40 })).toEqual([
      { key: 'dt', message: 'is too coarse: no time step falls in the decision period (1010 to 1030 ms), so there is nothing to learn; dt ≤ 20 ms works' },
    ]);
    expect(goNogoIssues({ fixation_duration: 0, stimulus_duration: 500, delay_duration: 510, decision_duration: 20, T: 1030, dt: 20 })).toEqual([]);
  });

  it('masks a step in every trial, and shows the cue, for any options the bounds and rules accept', () => {
    const duration = fc.oneof(fc.constantFrom(0, 1, 20, 99.5, 500), fc.double({ min: 0, max: 1000, noNaN: true }));
    const config = fc
      .record({
        dt: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(0.5, 1, 20, 100) }, fc.double({ min: 0.5, max: 800, noNaN: true })),
        fixation_duration: duration,
        stimulus_duration: duration,
        delay_duration: duration,
        decision_duration: duration,
        slack: fc.constantFrom(-1, 0, 0.5, 30, 800),
      })
      .map(({ slack, ...c }) => ({ ...c, T: Math.max(1, c.fixation_duration + c.stimulus_duration + c.delay_duration + c.decision_duration + slack) }));
    expectAcceptedTasksScoreAndShow(expect, goNogo, config, (x, N_in) => x.some((v, i) => i % N_in !== 0 && v === 1));
  });
});
