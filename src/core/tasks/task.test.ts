import { describe, expect, it } from 'vitest';
import { zeros3, type Array3 } from '../array3.ts';
import { Rng } from '../rng.ts';
import { argmaxAccuracy, perTrialChoices } from './accuracy.ts';
import { type AnyTaskDefinition, defineTask, type TaskSettings } from './api.ts';
import { inInterval, stepCount } from './steps.ts';
import { Task, TaskFunctionError } from './task.ts';

interface ProbeParams {
  batch: number;
  trial: number;
}

/** Records every call, writes a marker only at time 0 (to check the step buffer is re-zeroed). */
function probe() {
  const calls: ProbeParams[] = [];
  const times: number[] = [];
  const definition = defineTask({
    name: 'Probe',
    title: 'Probe',
    description: 'records its calls',
    options: { width: { type: 'number', integer: true, min: 1, default: 3, help: 'input channels' } },
    N_in: (task) => task.width,
    N_out: 2,
    generateTrialParams(_rng, _task, { batch, trial }): ProbeParams {
      calls.push({ batch, trial });
      return { batch, trial };
    },
    trialFunction(time, p, step) {
      if (p.trial === 0 && p.batch === 1) times.push(time);
      if (time === 0) {
        step.x.fill(p.trial + 1);
        step.y.fill(p.batch);
        step.mask.fill(1);
      }
    },
  });
  return { definition, calls, times };
}

const BASE = { dt: 10, tau: 100, T: 50, N_batch: 4 };
const probeTask = (config: Record<string, unknown> = {}) => {
  const p = probe();
  return { ...p, task: new Task<ProbeParams>(p.definition, { name: 'Probe', ...BASE, ...config }, new Rng(1)) };
};

function array3(shape: [number, number, number], values: number[]): Array3 {
  const a = zeros3(...shape);
  a.data.set(values);
  return a;
}

describe('stepCount (N_steps = ceil(T/dt), float-safe)', () => {
  it('rounds like ceil and snaps float noise to the integer', () => {
    expect(stepCount(2000, 10)).toBe(200);
    expect(stepCount(2005, 10)).toBe(201);
    expect(stepCount(1.1, 0.1)).toBe(11); // Python: ceil(11.000000000000002) = 12
    expect(stepCount(0.7, 0.1)).toBe(7);
    expect(stepCount(7, 0.7)).toBe(10);
    expect(stepCount(1, 3)).toBe(1);
  });
});

describe('Task base', () => {
  it('stores parameters, alpha and N_steps', () => {
    const { task } = probeTask({ T: 2000 });
    expect(task.alpha).toBeCloseTo(0.1, 15);
    expect(task.N_steps).toBe(200);
    expect([task.N_in, task.N_out, task.N_batch]).toEqual([3, 2, 4]);
  });

  it('calls trialFunction at 0, dt, …, (N_steps − 1)·dt', () => {
    const { task, times } = probeTask({ T: 25 });
    task.getTrialBatch();
    expect(times).toEqual([0, 10, 20]);
  });

  it('counts batches from 1 and trials from 0; generateTrial does not advance the counter', () => {
    const { task, calls } = probeTask();
    expect(task.nextBatchNumber).toBe(1);
    const first = task.getTrialBatch();
    expect(first.params).toEqual([0, 1, 2, 3].map((trial) => ({ batch: 1, trial, periods: {} })));
    expect(calls).toHaveLength(4);
    task.generateTrial({ batch: 9, trial: 9, periods: {} });
    expect(task.nextBatchNumber).toBe(2);
    const second = task.getTrialBatch();
    expect(second.params.map((p) => p.batch)).toEqual([2, 2, 2, 2]);
    expect(task.nextBatchNumber).toBe(3);
  });

  it('builds [N_batch, N_steps, N] Float32 arrays, re-zeroing the step buffer every step', () => {
    const { task } = probeTask();
    const { x, y, mask } = task.getTrialBatch();
    expect(x.shape).toEqual([4, 5, 3]);
    expect(y.shape).toEqual([4, 5, 2]);
    expect(mask.shape).toEqual([4, 5, 2]);
    expect(x.data).toBeInstanceOf(Float32Array);
    for (let b = 0; b < 4; b++) {
      expect(Array.from(x.data.subarray(b * 15, b * 15 + 3))).toEqual([b + 1, b + 1, b + 1]);
      expect(Array.from(x.data.subarray(b * 15 + 3, (b + 1) * 15)).every((v) => v === 0)).toBe(true);
      expect(Array.from(mask.data.subarray(b * 10, (b + 1) * 10))).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    }
    const trial = task.generateTrial({ batch: 7, trial: 0, periods: {} });
    expect(trial.x.length).toBe(15);
    expect(Array.from(trial.y.subarray(0, 2))).toEqual([7, 7]);
  });

  it('returns a plain copy from getTaskParams', () => {
    const { task } = probeTask();
    const params = task.getTaskParams();
    expect(params).toEqual({ ...BASE, width: 3, N_in: 3, N_out: 2, alpha: 0.1, N_steps: 5 });
    params.N_rec = 50;
    params.dt = 1;
    expect(task.getTaskParams().N_rec).toBeUndefined();
    expect(task.dt).toBe(10);
  });

  it.each([
    ['dt', 0, /dt \(ms\) must be a finite number > 0, got 0/],
    ['tau', Number.NaN, /tau \(ms\) must be a finite number > 0, got NaN/],
    ['T', -5, /T \(ms\) must be a finite number > 0, got -5/],
    ['N_batch', 1.5, /N_batch must be an integer ≥ 1, got 1.5/],
    ['width', 0, /Probe: width must be an integer ≥ 1, got 0/],
    ['width', '2', /Probe: width must be an integer ≥ 1, got "2"/],
    ['colour', 1, /Probe: unknown option "colour"; allowed keys: name, dt, tau, T, N_batch, width/],
  ])('rejects %s = %s with an error naming it', (key, value, message) => {
    expect(() => probeTask({ [key]: value })).toThrow(message);
  });
});

describe('period helpers', () => {
  it('inInterval honours each kind of bound', () => {
    expect(inInterval(10, 10, 20)).toBe(true);
    expect(inInterval(20, 10, 20)).toBe(false);
    expect(inInterval(10, 10, 20, '()')).toBe(false);
    expect(inInterval(15, 10, 20, '()')).toBe(true);
    expect(inInterval(20, 10, 20, '(]')).toBe(true);
    expect(inInterval(10, 10, 20, '[]')).toBe(true);
  });

});

describe('accuracy rule (argmax of the masked mean over time)', () => {
  // 2 trials, 2 steps, 3 channels
  const mask = array3([2, 2, 3], [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  const target = array3([2, 2, 3], [9, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1]);

  it('chooses per trial, ignoring masked steps, ties to the first index', () => {
    const output = array3([2, 2, 3], [0, 0, 5, 0.5, 0.5, 0.2, 1, 1, 0, 0, 0, 0]);
    expect(Array.from(perTrialChoices(target, mask))).toEqual([1, 2]);
    expect(Array.from(perTrialChoices(output, mask))).toEqual([0, 0]);
    expect(argmaxAccuracy(target, output, mask)).toBe(0);
    const allTied = zeros3(2, 2, 3);
    expect(Array.from(perTrialChoices(allTied, mask))).toEqual([0, 0]);
  });

  it('gives the batch mean of hits, and 1 for output = target', () => {
    const output = array3([2, 2, 3], [0, 0, 0, 0, 2, 1, 0, 0, 0, 3, 0, 0]);
    expect(argmaxAccuracy(target, output, mask)).toBe(0.5);
    expect(argmaxAccuracy(target, target, mask)).toBe(1);
    const task = new Task({ ...probe().definition, N_out: 3 } as AnyTaskDefinition, { name: 'Probe', ...BASE }, new Rng(1));
    expect(task.accuracyFunction(target, output, mask)).toBe(0.5);
  });

  it('rejects mismatched shapes', () => {
    expect(() => argmaxAccuracy(target, zeros3(2, 3, 3), mask)).toThrow(/shapes differ/);
  });
});

/** A one-input, one-output task whose trial function is `write`. */
function writing(write: (time: number, step: { x: unknown; y: unknown; mask: unknown }) => void): AnyTaskDefinition {
  return defineTask({
    name: 'Writer',
    title: 'Writer',
    description: 'writes what the test says',
    options: {},
    N_in: 1,
    N_out: 2,
    generateTrialParams: () => ({}),
    trialFunction: (time, _p, step) => write(time, step as never),
  });
}
const writer = (write: Parameters<typeof writing>[0]) => new Task(writing(write), { name: 'Writer', ...BASE }, new Rng(1));

describe('what a trial function writes is checked', () => {
  it('names the function, the time step and the trial when it throws', () => {
    const task = writer((time) => {
      if (time === 30) throw new RangeError('index out of range');
    });
    expect(() => task.getTrialBatch()).toThrow(
      'Writer: trialFunction threw RangeError: index out of range (t = 30 ms, batch 1, trial 0)',
    );
    try {
      task.getTrialBatch();
    } catch (error) {
      expect(error).toBeInstanceOf(TaskFunctionError);
      expect((error as TaskFunctionError).functionName).toBe('trialFunction');
      expect((error as TaskFunctionError).original).toBeInstanceOf(RangeError);
    }
  });

  it.each([
    ['NaN', (step: { y: Float32Array }) => (step.y[1] = Number.NaN), /wrote NaN into step.y\[1\]; expected N_out = 2 finite numbers \(t = 20 ms/],
    ['Infinity', (step: { x: Float32Array }) => (step.x[0] = 1e39), /wrote Infinity into step.x\[0\]; expected N_in = 1 finite numbers/],
    ['a wrong length', (step: { mask: unknown }) => (step.mask = [1, 1, 1]), /wrote an array of length 3 into step.mask; expected N_out = 2/],
    ['a non-number', (step: { y: unknown }) => (step.y = [0, 'high']), /wrote "high" into step.y\[1\]/],
    ['a non-array', (step: { x: unknown }) => (step.x = 5), /wrote number into step.x/],
  ])('refuses %s', (_what, write, message) => {
    const task = writer((time, step) => {
      if (time === 20) write(step as never);
    });
    expect(() => task.getTrialBatch()).toThrow(message);
  });

  it('takes a plain array of the right length in place of the buffer', () => {
    const task = writer((_time, step) => {
      step.y = [0.5, 1];
      step.mask = [1, 0];
    });
    const { y, mask } = task.getTrialBatch();
    expect(Array.from(y.data.subarray(0, 4))).toEqual([0.5, 1, 0.5, 1]);
    expect(Array.from(mask.data.subarray(0, 4))).toEqual([1, 0, 1, 0]);
  });

  it('names generateTrialParams when it throws or returns no object', () => {
    const throwing = { ...writing(() => {}), generateTrialParams: () => JSON.parse('{') };
    expect(() => new Task(throwing, { name: 'Writer', ...BASE }, new Rng(1)).getTrialBatch()).toThrow(
      /Writer: generateTrialParams threw SyntaxError: .* \(batch 1, trial 0\)/,
    );
    const numeric = { ...writing(() => {}), generateTrialParams: () => 3 };
    expect(() => new Task(numeric, { name: 'Writer', ...BASE }, new Rng(1)).getTrialBatch()).toThrow(
      'Writer: generateTrialParams must return an object of trial parameters, got 3 (batch 1, trial 0)',
    );
  });

  it('refuses an accuracy outside [0, 1]', () => {
    const task = new Task({ ...writing(() => {}), accuracyFunction: () => 1.5 }, { name: 'Writer', ...BASE }, new Rng(1));
    const a = zeros3(1, 5, 2);
    expect(() => task.accuracyFunction(a, a, a)).toThrow('Writer: accuracyFunction returned 1.5; expected a number in [0, 1]');
  });
});

describe('declared periods and rules', () => {
  const timed = defineTask({
    name: 'Timed',
    title: 'Timed',
    description: 'a fixation, a random stimulus and a decision',
    options: { stimulus_ms: { type: 'number', min: 0, default: 40, unit: 'ms', help: 'stimulus length' } },
    N_in: 1,
    N_out: 1,
    rules: (task) => (task.stimulus_ms + 30 > task.T ? [{ key: 'T', message: 'must hold the trial' }] : []),
    timing: (task) => ({ fixation: 10, stimulus: { dist: 'uniform', min: 0, max: task.stimulus_ms }, decision: 20 }),
    generateTrialParams: (_rng, _task, { periods }) => ({ decisionAt: periods.decision[0] }),
    trialFunction(_time, _p, step) {
      step.mask[0] = 1;
    },
  });

  it('draws the periods per trial, end to end, and keeps them in the params', () => {
    const task = new Task(timed, { name: 'Timed', dt: 10, tau: 100, T: 100, N_batch: 50 }, new Rng(3));
    const { params } = task.getTrialBatch();
    for (const p of params as unknown as { decisionAt: number; periods: Record<string, [number, number]> }[]) {
      expect(p.periods.fixation).toEqual([0, 10]);
      expect(p.periods.stimulus[0]).toBe(10);
      expect(p.periods.stimulus[1]).toBeGreaterThanOrEqual(10);
      expect(p.periods.stimulus[1]).toBeLessThan(50);
      expect(p.periods.decision).toEqual([p.periods.stimulus[1], p.periods.stimulus[1] + 20]);
      expect(p.decisionAt).toBe(p.periods.decision[0]);
    }
    expect(new Set(params.map((p) => (p as unknown as { decisionAt: number }).decisionAt)).size).toBeGreaterThan(40);
  });

  it('checks the rules before any trial is drawn, naming the key', () => {
    expect(() => new Task(timed, { name: 'Timed', T: 60 }, new Rng(1))).toThrow('Timed: T = 60 must hold the trial');
  });

  it('sees the settings in every function', () => {
    let seen: TaskSettings | null = null;
    const task = new Task({ ...timed, trialFunction: (_t, _p, _s, _r, settings) => void (seen = settings) } as AnyTaskDefinition, { name: 'Timed', T: 95, dt: 5 }, new Rng(1));
    task.generateTrial(task.generateTrialParams(1, 0));
    expect(seen).toMatchObject({ stimulus_ms: 40, T: 95, dt: 5, N_steps: 19, N_in: 1, N_out: 1, alpha: 0.05, N_batch: 128 });
  });
});

describe('defineTask checks the declaration', () => {
  const valid = probe().definition;
  it.each([
    [{ name: 'my task' }, /name must be an identifier starting with a letter/],
    [{ trialFunction: undefined }, /Probe: trialFunction must be a function/],
    [{ N_out: 0 }, /Probe: N_out must be an integer ≥ 1 or a function of the options, got 0/],
    [{ options: { dt: { type: 'number', default: 1, help: '' } } }, /option 'dt' is set by every task/],
    [{ options: { k: { type: 'number', min: 1, default: 0, help: '' } } }, /option 'k': its default 0 is not a number ≥ 1/],
    [{ options: { k: { type: 'colour', default: 0, help: '' } } }, /option 'k' must be \{ type: 'number' \| 'choice'/],
    [{ condition: 'coherence' }, /condition must be a function when given/],
  ])('refuses %o', (change, message) => {
    expect(() => defineTask({ ...valid, ...change } as never)).toThrow(message);
  });
});
