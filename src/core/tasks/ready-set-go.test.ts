import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Array3 } from '../array3.ts';
import { Rng } from '../rng.ts';
import readySetGo, { isCorrectInterval, producedInterval, SHORT_PRIOR_MS } from './ready-set-go.ts';
import type { TaskSettings } from './api.ts';
import { compileTask } from './compile.ts';
import { buildTask, type ConfigOf, type Task } from './task.ts';
import { frequency } from './test-stats.ts';

type Config = ConfigOf<typeof readySetGo>;

const BASE: Config = { dt: 20, tau: 100, N_batch: 2200 };

function makeTask(config: Config = {}, seed = 3) {
  return buildTask(readySetGo, { ...BASE, ...config }, new Rng(seed));
}

/** A built task's settings, typed with ReadySetGo's options. */
const settingsOf = (task: Task<object>) => task.settings as TaskSettings<typeof readySetGo.options>;

/** Values of `a` ([N_steps × n], one trial) at time t, −0 turned into 0. */
const at = (a: Float32Array, n: number, t: number, dt = 20) => Array.from(a.subarray((t / dt) * n, (t / dt + 1) * n), (v) => v + 0);

/** A batch of outputs, each trial's row made by `value(t, b)`. */
function outputs(shape: [number, number, number], dt: number, value: (t: number, b: number) => number): Array3 {
  const [N_batch, N_steps] = shape;
  const data = new Float32Array(N_batch * N_steps);
  for (let b = 0; b < N_batch; b++) for (let k = 0; k < N_steps; k++) data[b * N_steps + k] = value(k * dt, b);
  return { data, shape };
}

describe('ReadySetGo (NeuroGym readysetgo.py; Jazayeri & Shadlen 2010)', () => {
  const task = makeTask();
  const batch = task.getTrialBatch();
  const { x, y, mask, params } = batch;

  it('has 2 inputs (Ready, Set), 1 output and holds the longest default trial: T 2660 ms, 133 steps', () => {
    expect([task.N_in, task.N_out, task.T, task.N_steps]).toEqual([2, 1, 2660, 133]);
    expect(x.shape).toEqual([2200, 133, 2]);
    expect(y.shape).toEqual([2200, 133, 1]);
    expect(buildTask(readySetGo, {}, new Rng(1)).settings).toMatchObject({ dt: 20, tau: 100, T: 2660, N_batch: 64, gain: 1, prod_margin: 0.2 });
  });

  it('draws the interval uniformly from the list (default: the short prior, 494…847 ms)', () => {
    expect(SHORT_PRIOR_MS).toHaveLength(11);
    for (let k = 0; k < 11; k++) expect(SHORT_PRIOR_MS[k]).toBe(Math.round(494 + (k * (847 - 494)) / 10));
    const drawn = params.map((p) => p.interval);
    expect(new Set(drawn)).toEqual(new Set(SHORT_PRIOR_MS));
    for (const t of SHORT_PRIOR_MS) expect(frequency(drawn, t)).toBeCloseTo(1 / 11, 1);
    for (const p of params) expect(p.production).toBe(p.interval);
    const gained = makeTask({ intervals: [400, 500], gain: 1.5, T: 2100, N_batch: 400 }).getTrialBatch().params;
    expect(frequency(gained.map((p) => p.interval), 400)).toBeCloseTo(0.5, 1);
    for (const p of gained) expect(p.production).toBe(1.5 * p.interval);
  });

  it('lays the periods so that Ready to Set is the interval and the trial ends 2·gain·interval after Set', () => {
    for (const p of params) {
      const I = p.interval;
      expect(p.periods).toEqual({
        fixation: [0, 100],
        ready: [100, 183],
        measure: [183, 100 + I],
        set: [100 + I, 183 + I],
        production: [183 + I, 100 + 3 * I],
      });
    }
  });

  it('pins the pulses, the ramp and the mask at every edge (interval 600 ms, gain 1)', () => {
    const one = makeTask({ intervals: [600], N_batch: 1 });
    const p = one.getTrialBatch().params[0];
    expect(p.periods).toEqual({ fixation: [0, 100], ready: [100, 183], measure: [183, 700], set: [700, 783], production: [783, 1900] });
    const trial = one.generateTrial(p);
    const expected: [number, number[], number, number][] = [
      // time, x, y, mask
      [0, [0, 0], 0, 1],
      [80, [0, 0], 0, 1],
      [100, [1, 0], 0, 1],
      [180, [1, 0], 0, 1],
      [200, [0, 0], 0, 1],
      [680, [0, 0], 0, 1],
      [700, [0, 1], 0, 1],
      [720, [0, 1], Math.fround(20 / 1200), 1],
      [780, [0, 1], Math.fround(80 / 1200), 1],
      [800, [0, 0], Math.fround(100 / 1200), 1],
      [1280, [0, 0], Math.fround(580 / 1200), 1],
      [1300, [0, 0], 0.5, 1],
      [1880, [0, 0], Math.fround(1180 / 1200), 1],
      [1900, [0, 0], 0, 0],
      [2640, [0, 0], 0, 0],
    ];
    for (const [t, xs, ys, ms] of expected) {
      expect([t, at(trial.x, 2, t), at(trial.y, 1, t)[0], at(trial.mask, 1, t)[0]]).toEqual([t, xs, ys, ms]);
    }
  });

  it('ramps every trial’s target from Set to 1 at its end, crossing 0.5 at gain × interval after Set', () => {
    let mismatches = 0;
    params.forEach((p, b) => {
      const s = p.periods.set[0];
      const end = p.periods.production[1];
      for (let k = 0; k < 133; k++) {
        const t = k * 20;
        const i = b * 133 + k;
        const ramp = t >= s && t < end ? Math.fround((t - s) / (2 * p.production)) : 0;
        if (y.data[i] !== ramp || mask.data[i] !== (t < end ? 1 : 0)) mismatches++;
      }
    });
    expect(mismatches).toBe(0);
  });

  it('reads the produced interval off the first crossing of 0.5 after Set, interpolating between steps', () => {
    const row = Float32Array.from([0, 0, 0.9, 0.2, 0.4, 0.6, 1, 0.3]);
    // steps at 0, 20, …: Set at 40 ms; 0.4 → 0.6 between 80 and 100 ms crosses at 90 ms
    expect(producedInterval(row, 1, 0, 20, 50, 160)).toBeCloseTo(40, 5);
    expect(producedInterval(row, 1, 0, 20, 40, 160)).toBe(0); // already at 0.9 on Set's step
    expect(producedInterval(row, 1, 0, 20, 60, 160)).toBeCloseTo(30, 5);
    expect(producedInterval(row, 1, 0, 20, 60, 100)).toBeNull(); // the crossing at 90 ms needs the step at 100 ms
    expect(producedInterval(Float32Array.from([0, 0, 1, 0, 0, 0.8]), 2, 1, 20, 0, 60)).toBeCloseTo(32.5, 5); // channel 1 of 2
    expect(isCorrectInterval(745, 600, 0.2)).toBe(true); // 0.2 × 600 + 25 = 145 ms
    expect(isCorrectInterval(746, 600, 0.2)).toBe(false);
    expect(isCorrectInterval(455, 600, 0.2)).toBe(true);
    expect(isCorrectInterval(null, 600, 0.2)).toBe(false);
  });

  it('scores a trial correct when it crosses within prod_margin × target + 25 ms of the go time', () => {
    expect(task.accuracyFunction(y, y, mask, params)).toBe(1);
    const late = (delay: number) =>
      outputs(y.shape, 20, (t, b) => {
        const p = params[b];
        return Math.max(0, (t - p.periods.set[0] - delay) / (2 * p.production));
      });
    // the tolerance is 0.2 × interval + 25 ms: ≥ 123.8 ms for 494 ms, ≤ 194.4 ms for 847 ms
    expect(task.accuracyFunction(y, late(120), mask, params)).toBe(1);
    expect(task.accuracyFunction(y, late(-120), mask, params)).toBe(1);
    expect(task.accuracyFunction(y, late(200), mask, params)).toBe(0);
    const tolerance = (p: (typeof params)[number]) => 0.2 * p.production + 25;
    const expectedAt150 = params.filter((p) => tolerance(p) >= 150).length / params.length;
    expect(task.accuracyFunction(y, late(150), mask, params)).toBeCloseTo(expectedAt150, 12);
    expect(expectedAt150).toBeGreaterThan(0.3);
    expect(expectedAt150).toBeLessThan(0.8);
    expect(task.accuracyFunction(y, outputs(y.shape, 20, () => 0), mask, params)).toBe(0);
    expect(task.accuracyFunction(y, outputs(y.shape, 20, () => 1), mask, params)).toBe(0);
    const strict = makeTask({ prod_margin: 0, N_batch: 50 });
    const sb = strict.getTrialBatch();
    expect(strict.accuracyFunction(sb.y, sb.y, sb.mask, sb.params)).toBe(1);
    expect(() => task.accuracyFunction(y, y, mask)).toThrow(/ReadySetGo: accuracyFunction threw .*needs each trial's params .*got 0 for 2200 trials/);
  });

  it('gives the scatter point [target, produced] per trial, null when the output never crosses', () => {
    const { measure } = readySetGo;
    expect(measure!.axes).toEqual(['target interval (ms)', 'produced interval (ms)']);
    const trial = (a: Float32Array, b: number) => a.subarray(b * 133, (b + 1) * 133);
    params.slice(0, 50).forEach((p, b) => {
      const [target, produced] = measure!.point(p, trial(y.data, b), trial(mask.data, b), settingsOf(task))!;
      expect(target).toBe(p.production);
      expect(produced).toBeCloseTo(p.production, 3);
    });
    expect(measure!.point(params[0], new Float32Array(133), trial(mask.data, 0), settingsOf(task))).toBeNull();
  });

  it('labels conditions by the interval, ordered by it, and describes the trial', () => {
    const p = params.find((q) => q.interval === 600)!;
    expect(task.condition(p)).toEqual({ label: 'interval 600 ms', order: [600] });
    expect(task.describeTrial(p)).toBe('interval 600 ms, go 600 ms after Set → output 0 crosses 0.5');
    expect(task.getTaskParams()).toMatchObject({ intervals: SHORT_PRIOR_MS, go_threshold: 0.5, margin_ms: 25 });
  });

  it('refuses options that cannot make a trial, saying what works', () => {
    expect(() => makeTask({ T: 2640 })).toThrow(
      'ReadySetGo: T = 2640 must hold the longest trial: fixation 100 + interval 847 + production 2 × 1 × 847 = 2641 ms; T ≥ 2641 ms works',
    );
    expect(makeTask({ T: 2641, N_batch: 1 }).N_steps).toBe(133);
    expect(() => makeTask({ intervals: [50, 600] })).toThrow(
      'ReadySetGo: intervals = [50,600] must each be ≥ pulse_duration = 83 ms (Set comes after the Ready pulse), but 50 ms is shorter',
    );
    expect(() => makeTask({ dt: 200 })).toThrow(
      'ReadySetGo: dt = 200 is too coarse: no time step falls in the Ready pulse (100 to 183 ms); dt ≤ pulse_duration = 83 ms works',
    );
    // 50 ms pulses at dt = 80: Ready [60, 110) holds the step at 80 ms; Set after 600 ms, [660, 710), holds none
    const pulses = { dt: 80, pulse_duration: 50, fixation_duration: 60 };
    expect(() => makeTask({ ...pulses, intervals: [600] })).toThrow(/dt = 80 is too coarse: no time step falls in the Set pulse after 600 ms \(660 to 710 ms\); dt ≤ pulse_duration = 50 ms works/);
    expect(makeTask({ ...pulses, intervals: [620], N_batch: 1 }).N_steps).toBe(34);
    expect(() => makeTask({ gain: 0.1 })).toThrow(
      'ReadySetGo: gain = 0.1 is too small: the go time, gain × 494 ms after Set, must come after the 83 ms Set pulse; gain ≥ 0.169 works',
    );
    expect(makeTask({ gain: 0.169, N_batch: 1 }).N_steps).toBe(133);
    expect(() => makeTask({ intervals: [] })).toThrow(/intervals must be a list of 1 or more numbers in \[1, 10000\]/);
    expect(() => makeTask({ gain: 0 })).toThrow(/gain must be a number in \(0, 10\], got 0/);
    expect(() => makeTask({ prod_margin: -0.1 })).toThrow(/prod_margin must be a number ≥ 0, got -0.1/);
    expect(() => makeTask({ pulse_duration: 0 })).toThrow(/pulse_duration must be a number > 0, got 0/);
  });

  it('imports only the public task API, so its source compiles unchanged in the editor and draws the same trials', () => {
    const source = readFileSync(new URL('./ready-set-go.ts', import.meta.url), 'utf8');
    expect([...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1])).toEqual(['./api.ts']);
    expect(source).toMatch(/^export default defineTask\(\{$/m);
    const compiled = compileTask(source.replace("from './api.ts'", "from 'cogrnn'"), 'ready-set-go.ts');
    const draw = (d: typeof readySetGo) => buildTask(d, { N_batch: 8 }, new Rng(4)).getTrialBatch();
    const [ours, theirs] = [draw(readySetGo), draw(compiled as typeof readySetGo)];
    expect(theirs.params).toEqual(ours.params);
    expect(theirs.x.data).toEqual(ours.x.data);
    expect(theirs.y.data).toEqual(ours.y.data);
  });
});
