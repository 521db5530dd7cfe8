import { describe, expect, it } from 'vitest';
import { zeros3, type Array3 } from '../array3.ts';
import { Rng } from '../rng.ts';
import {
  argmaxAccuracy,
  inInterval,
  periodAt,
  perTrialChoices,
  stepCount,
  Task,
  type TaskParams,
  type TrialStep,
} from './task.ts';

interface ProbeParams {
  batch: number;
  trial: number;
}

/** Records every call, writes a marker only at time 0 (to check the step buffer is re-zeroed). */
class ProbeTask extends Task<ProbeParams> {
  readonly calls: ProbeParams[] = [];
  readonly times: number[] = [];

  generateTrialParams(batch: number, trial: number): ProbeParams {
    this.calls.push({ batch, trial });
    return { batch, trial };
  }

  trialFunction(time: number, p: ProbeParams, out: TrialStep): void {
    if (p.trial === 0 && p.batch === 1) this.times.push(time);
    if (time === 0) {
      out.x.fill(p.trial + 1);
      out.y.fill(p.batch);
      out.mask.fill(1);
    }
  }
}

const BASE: TaskParams = { N_in: 3, N_out: 2, dt: 10, tau: 100, T: 50, N_batch: 4 };

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
    const task = new ProbeTask({ ...BASE, T: 2000 }, new Rng(1));
    expect(task.alpha).toBeCloseTo(0.1, 15);
    expect(task.N_steps).toBe(200);
    expect([task.N_in, task.N_out, task.N_batch]).toEqual([3, 2, 4]);
  });

  it('calls trialFunction at 0, dt, …, (N_steps − 1)·dt', () => {
    const task = new ProbeTask({ ...BASE, T: 25 }, new Rng(1));
    task.getTrialBatch();
    expect(task.times).toEqual([0, 10, 20]);
  });

  it('counts batches from 1 and trials from 0; generateTrial does not advance the counter', () => {
    const task = new ProbeTask(BASE, new Rng(1));
    expect(task.nextBatchNumber).toBe(1);
    const first = task.getTrialBatch();
    expect(first.params).toEqual([0, 1, 2, 3].map((trial) => ({ batch: 1, trial })));
    task.generateTrial({ batch: 9, trial: 9 });
    expect(task.nextBatchNumber).toBe(2);
    const second = task.getTrialBatch();
    expect(second.params.map((p) => p.batch)).toEqual([2, 2, 2, 2]);
    expect(task.nextBatchNumber).toBe(3);
  });

  it('builds [N_batch, N_steps, N] Float32 arrays, re-zeroing the step buffer every step', () => {
    const task = new ProbeTask(BASE, new Rng(1));
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
    const trial = task.generateTrial({ batch: 7, trial: 0 });
    expect(trial.x.length).toBe(15);
    expect(Array.from(trial.y.subarray(0, 2))).toEqual([7, 7]);
  });

  it('returns a plain copy from getTaskParams', () => {
    const task = new ProbeTask(BASE, new Rng(1));
    const params = task.getTaskParams();
    expect(params).toEqual({ ...BASE, alpha: 0.1, N_steps: 5 });
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
    ['N_in', 0, /N_in must be an integer ≥ 1, got 0/],
    ['N_out', '2', /N_out must be an integer ≥ 1, got "2"/],
  ])('rejects %s = %s with an error naming it', (key, value, message) => {
    expect(() => new ProbeTask({ ...BASE, [key]: value } as TaskParams, new Rng(1))).toThrow(message);
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

  it('periodAt finds the half-open period, null outside', () => {
    const starts = { a: 10, b: 30, c: 30, d: 50 };
    const order = ['a', 'b', 'c', 'd'] as const;
    expect(periodAt(5, order, starts, 60)).toBeNull();
    expect(periodAt(10, order, starts, 60)).toBe('a');
    expect(periodAt(29.9, order, starts, 60)).toBe('a');
    expect(periodAt(30, order, starts, 60)).toBe('c'); // b is empty
    expect(periodAt(59, order, starts, 60)).toBe('d');
    expect(periodAt(60, order, starts, 60)).toBeNull();
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
    const task = new ProbeTask({ ...BASE, N_out: 3 }, new Rng(1));
    expect(task.accuracyFunction(target, output, mask)).toBe(0.5);
  });

  it('rejects mismatched shapes', () => {
    expect(() => argmaxAccuracy(target, zeros3(2, 3, 3), mask)).toThrow(/shapes differ/);
  });
});
