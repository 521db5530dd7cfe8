import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.ts';
import { perTrialChoices } from './accuracy.ts';
import contextDecisionMaking, { CDM_COHERENCES, contextDecisionMakingIssues, CONTEXTS } from './context-decision-making.ts';
import { buildTask, type ConfigOf, type ParamsOf } from './task.ts';
import { expectAcceptedTasksScoreAndShow } from '../testing/accepted-tasks.ts';
import { frequency, MomentAccumulator } from './test-stats.ts';

type Params = ParamsOf<typeof contextDecisionMaking> & { periods: Record<string, readonly [number, number]> };

const LO = Math.fround(0.2);
const f = Math.fround;

function makeBatch(config: ConfigOf<typeof contextDecisionMaking> = {}, seed = 13) {
  const task = buildTask(contextDecisionMaking, { N_batch: 2000, ...config }, new Rng(seed));
  return { task, batch: task.getTrialBatch() };
}

type Batch = ReturnType<typeof makeBatch>['batch'];

/** Inputs, targets and mask of trial `b` at time `t` (ms), each as a plain array. */
function stepAt(batch: Batch, b: number, t: number, dt = 20) {
  const [, steps] = batch.x.shape;
  const s = Math.round(t / dt);
  const row = (a: Float32Array, n: number) => Array.from(a.subarray((b * steps + s) * n, (b * steps + s + 1) * n), (v) => v + 0);
  return { x: row(batch.x.data, 7), y: row(batch.y.data, 2), mask: row(batch.mask.data, 2) };
}

/** The noise-free stimulus inputs x[1..4] of a trial. */
function stimulus(p: Params): number[] {
  const pair = (direction: number, c: number) => (direction === 1 ? [f((1 - c) / 2), f((1 + c) / 2)] : [f((1 + c) / 2), f((1 - c) / 2)]);
  return [...pair(p.motion_direction, p.motion_coherence), ...pair(p.color_direction, p.color_coherence)];
}

describe('ContextDecisionMaking (Mante et al. 2013; NeuroGym contextdecisionmaking.py, PsychRNN outputs)', () => {
  const { task, batch } = makeBatch();
  const { params } = batch;

  it('defaults to dt 20, T 4150 (the longest trial): 7 inputs, 2 outputs', () => {
    expect([task.dt, task.tau, task.T, task.N_steps, task.N_in, task.N_out]).toEqual([20, 100, 4150, 208, 7, 2]);
    expect(batch.x.shape).toEqual([2000, 208, 7]);
    expect(batch.mask.shape).toEqual([2000, 208, 2]);
    expect(buildTask(contextDecisionMaking, {}, new Rng(1)).N_batch).toBe(32);
  });

  it("lays out NeuroGym's periods: fixation 300, stimulus 750, delay 300 + Exp(600) below 3000, decision 100 ms", () => {
    const delays = new MomentAccumulator();
    for (const p of params) {
      const { fixation, stimulus: s, delay, decision } = p.periods;
      expect([fixation, s]).toEqual([
        [0, 300],
        [300, 1050],
      ]);
      expect(delay[0]).toBe(1050);
      const d = delay[1] - delay[0];
      expect(d).toBeGreaterThanOrEqual(300);
      expect(d).toBeLessThan(3000);
      expect(decision).toEqual([delay[1], delay[1] + 100]);
      delays.add(d);
    }
    // min + Exp(600) truncated to [0, 2700): mean 600 − 2700·e^−4.5 / (1 − e^−4.5) ≈ 569.7 above the minimum, std ≈ 526.5
    const truncatedMean = 600 - (2700 * Math.exp(-4.5)) / (1 - Math.exp(-4.5));
    expect(delays.moments.mean / (300 + truncatedMean)).toBeCloseTo(1, 1);
    expect(delays.moments.std / 526.5).toBeCloseTo(1, 1);
  });

  it('draws the context, the answer, the other direction and each coherence independently and uniformly', () => {
    expect(frequency(params.map((p) => p.context), 'motion')).toBeCloseTo(0.5, 1);
    expect(frequency(params.map((p) => p.choice), 1)).toBeCloseTo(0.5, 1);
    const congruent = params.map((p) => p.motion_direction === p.color_direction);
    expect(frequency(congruent, true)).toBeCloseTo(0.5, 1);
    for (const c of CDM_COHERENCES) {
      expect(frequency(params.map((p) => p.motion_coherence), c)).toBeCloseTo(1 / 3, 1);
      expect(frequency(params.map((p) => p.color_coherence), c)).toBeCloseTo(1 / 3, 1);
    }
    for (const p of params) {
      expect(p.choice).toBe(p.context === 'motion' ? p.motion_direction : p.color_direction);
    }
  });

  describe('without noise (sigma 0)', () => {
    const { batch: quiet } = makeBatch({ sigma: 0, N_batch: 200 });

    it('shows the cue throughout, both stimuli in [300, 1050), the fixation input until the decision', () => {
      quiet.params.forEach((p, b) => {
        const cue = p.context === 'motion' ? [1, 0] : [0, 1];
        const [, decisionStart] = p.periods.delay;
        const lastDelayStep = Math.ceil(decisionStart / 20) * 20 - 20;
        expect(stepAt(quiet, b, 0)).toEqual({ x: [1, 0, 0, 0, 0, ...cue], y: [0, 0], mask: [0, 0] });
        expect(stepAt(quiet, b, 280).x).toEqual([1, 0, 0, 0, 0, ...cue]);
        expect(stepAt(quiet, b, 300)).toEqual({ x: [1, ...stimulus(p), ...cue], y: [0, 0], mask: [0, 0] });
        expect(stepAt(quiet, b, 1040).x).toEqual([1, ...stimulus(p), ...cue]);
        expect(stepAt(quiet, b, 1060).x).toEqual([1, 0, 0, 0, 0, ...cue]);
        expect(stepAt(quiet, b, lastDelayStep)).toEqual({ x: [1, 0, 0, 0, 0, ...cue], y: [0, 0], mask: [0, 0] });
        const target = p.choice === 1 ? [LO, 1] : [1, LO];
        expect(stepAt(quiet, b, lastDelayStep + 20)).toEqual({ x: [0, 0, 0, 0, 0, ...cue], y: target, mask: [1, 1] });
        if (p.periods.decision[1] <= 4140) expect(stepAt(quiet, b, 4140)).toEqual({ x: [0, 0, 0, 0, 0, 0, 0], y: [0, 0], mask: [0, 0] });
      });
    });

    it('inputs (1 ± c)/2 per stimulus: the channel of its direction is the higher', () => {
      const p = quiet.params.find((q) => q.motion_direction === 1 && q.motion_coherence === 0.5 && q.color_direction === 0)!;
      const b = quiet.params.indexOf(p);
      expect(stepAt(quiet, b, 600).x.slice(1, 3)).toEqual([0.25, 0.75]);
      expect(stepAt(quiet, b, 600).x[3]).toBe(f((1 + p.color_coherence) / 2));
      expect(stepAt(quiet, b, 600).x[4]).toBe(f((1 - p.color_coherence) / 2));
    });

    it('masks exactly the 5 decision steps of each trial (a 100 ms decision at dt 20)', () => {
      let mismatches = 0;
      quiet.params.forEach((p, b) => {
        let masked = 0;
        for (let s = 0; s < 208; s++) {
          const [start, end] = p.periods.decision;
          const m = quiet.mask.data[(b * 208 + s) * 2];
          if (m !== (s * 20 >= start && s * 20 < end ? 1 : 0) || quiet.mask.data[(b * 208 + s) * 2 + 1] !== m) mismatches++;
          masked += m;
        }
        expect(masked).toBe(5);
      });
      expect(mismatches).toBe(0);
    });
  });

  it('adds N(0, (sigma/√dt)²) noise to the four stimulus channels in the stimulus only', () => {
    const { batch: noisy } = makeBatch({ sigma: 0.5, dt: 10, N_batch: 300 });
    const residual = new MomentAccumulator();
    let outsideNonZero = 0;
    const steps = noisy.x.shape[1];
    noisy.params.forEach((p, b) => {
      const expected = stimulus(p);
      for (let s = 0; s < steps; s++) {
        const t = s * 10;
        const inStimulus = t >= 300 && t < 1050;
        for (let c = 1; c <= 4; c++) {
          const v = noisy.x.data[(b * steps + s) * 7 + c];
          if (inStimulus) residual.add(v - expected[c - 1]);
          else if (v !== 0) outsideNonZero++;
        }
      }
    });
    expect(outsideNonZero).toBe(0);
    expect(residual.moments.mean).toBeCloseTo(0, 2);
    expect(residual.moments.std / (0.5 / Math.sqrt(10))).toBeCloseTo(1, 2);
  });

  it('honours a fixed context (cued), fixed coherences and a fixed delay', () => {
    const { batch: fixed } = makeBatch({ context: 'color', coherences: [0.2], delay_min: 400, delay_max: 400, T: 1550, sigma: 0, N_batch: 50 });
    for (const [b, p] of fixed.params.entries()) {
      expect(p.context).toBe('color');
      expect(p.choice).toBe(p.color_direction);
      expect([p.motion_coherence, p.color_coherence]).toEqual([0.2, 0.2]);
      expect(p.periods.decision).toEqual([1450, 1550]);
      expect(stepAt(fixed, b, 0).x.slice(5)).toEqual([0, 1]);
    }
  });

  it("scores with PsychRNN's argmax: the target chooses the attended direction; output = target is accuracy 1", () => {
    expect(Array.from(perTrialChoices(batch.y, batch.mask))).toEqual(params.map((p) => p.choice));
    expect(task.accuracyFunction(batch.y, batch.y, batch.mask)).toBe(1);
  });

  it('labels conditions by context and the attended signed coherence, which is the evidence for output 1', () => {
    const p = { context: 'color', choice: 0, motion_direction: 1, motion_coherence: 0.5, color_direction: 0, color_coherence: 0.15 } as const;
    expect(task.condition(p)).toEqual({ label: 'color -0.15', order: [1, -0.15], evidence: -0.15 });
    expect(task.describeTrial(p)).toBe('color context: motion +0.50, color -0.15 → output 0');
    const q = { ...p, context: 'motion', choice: 1 } as const;
    expect(task.condition(q)).toEqual({ label: 'motion +0.50', order: [0, 0.5], evidence: 0.5 });
    const labels = new Set(params.map((r) => task.condition(r).label));
    expect(labels.size).toBe(2 * 2 * CDM_COHERENCES.length);
    for (const r of params) expect(Math.sign(task.condition(r).evidence!)).toBe(r.choice === 1 ? 1 : -1);
    expect(task.getTaskParams()).toMatchObject({ contexts: [...CONTEXTS], coherences: CDM_COHERENCES, sigma: 1, lo: 0.2, hi: 1 });
  });

  it('refuses options outside their bounds, naming the option', () => {
    expect(() => makeBatch({ coherences: [0.5, 1.5] })).toThrow(/ContextDecisionMaking: coherences must be a list of 1 or more numbers in \[0, 1\], got \[0.5,1.5\]/);
    expect(() => makeBatch({ coherences: [] })).toThrow(/coherences must be a list of 1 or more/);
    expect(() => makeBatch({ sigma: -1 })).toThrow(/sigma must be a number ≥ 0, got -1/);
    expect(() => makeBatch({ context: 'sound' as 'color' })).toThrow(/context must be one of "motion", "color" or null \(drawn per trial, and cued\), got "sound"/);
    expect(() => makeBatch({ decision_duration: 0 })).toThrow(/decision_duration must be a number > 0, got 0/);
  });

  it('refuses a delay window it cannot draw, a T short of the longest trial, and a dt that steps over a period', () => {
    expect(() => makeBatch({ delay_max: 200 })).toThrow('ContextDecisionMaking: delay_max = 200 must be ≥ delay_min = 300 ms');
    expect(() => makeBatch({ delay_max: 300.5 })).toThrow(
      'delay_max = 300.5 is only 0.5 ms above delay_min: drawing a delay of mean 600 ms into that window would take about 1200 tries; ' +
        'set delay_max = delay_min for a fixed delay, or delay_max ≥ 300.6 ms',
    );
    expect(makeBatch({ delay_max: 300.6, T: 1500, N_batch: 4 }).batch.params).toHaveLength(4);
    expect(() => makeBatch({ T: 4149 })).toThrow(
      'ContextDecisionMaking: T = 4149 must hold the longest trial, fixation 300 + stimulus 750 + delay_max 3000 + decision 100 = 4150 ms; T ≥ 4150 ms works',
    );
    expect(() => makeBatch({ dt: 120 })).toThrow(
      'ContextDecisionMaking: dt = 120 is too coarse: the decision period (100 ms, starting at a random time) may hold no time step, and such a trial scores nothing; dt ≤ 100 ms works',
    );
    const base = { fixation_duration: 250, stimulus_duration: 40, delay_min: 100, delay_max: 100, decision_duration: 100, T: 500 };
    expect(contextDecisionMakingIssues({ ...base, delay_mean: 600, dt: 100 })).toEqual([
      { key: 'dt', message: 'is too coarse: no time step falls in the stimulus (250 to 290 ms), so there is nothing to learn; dt ≤ 40 ms works' },
    ]);
    expect(contextDecisionMakingIssues({ ...base, delay_mean: 600, dt: 40 })).toEqual([]);
    // a fixed delay: the one decision period is checked exactly, so a 10 ms one at dt 20 is fine when it covers a step
    const fixed = { fixation_duration: 0, stimulus_duration: 40, delay_mean: 600, decision_duration: 10, T: 100, dt: 20 };
    expect(contextDecisionMakingIssues({ ...fixed, delay_min: 15, delay_max: 15 })).toEqual([]);
    expect(contextDecisionMakingIssues({ ...fixed, delay_min: 1, delay_max: 1 })).toEqual([
      { key: 'dt', message: 'is too coarse: no time step falls in the decision period (41 to 51 ms), so nothing is scored; dt ≤ 10 ms works' },
    ]);
  });

  it('masks a step in every trial, and shows the stimuli, for any options the bounds and rules accept', () => {
    const duration = fc.oneof(fc.constantFrom(0, 1, 20, 99.5, 300), fc.double({ min: 0, max: 1000, noNaN: true }));
    const config = fc
      .record({
        dt: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(0.5, 1, 20, 100) }, fc.double({ min: 0.5, max: 800, noNaN: true })),
        fixation_duration: duration,
        stimulus_duration: duration,
        delay_min: duration,
        delay_mean: duration,
        window: fc.constantFrom(-1, 0, 1e-4, 0.5, 30, 600),
        decision_duration: duration,
        slack: fc.constantFrom(-1, 0, 0.5, 30),
      })
      .map(({ slack, window, ...c }) => {
        const delay_max = c.delay_min + window;
        return { ...c, delay_max, T: Math.max(1, c.fixation_duration + c.stimulus_duration + delay_max + c.decision_duration + slack) };
      });
    expectAcceptedTasksScoreAndShow(expect, contextDecisionMaking, config.map((c) => ({ ...c, sigma: 0 })), (x, N_in) => x.some((v, i) => i % N_in >= 1 && i % N_in <= 4 && v > 0), 500);
  });
});
