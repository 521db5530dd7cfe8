import { describe, expect, it } from 'vitest';
import { zeros3 } from '../array3.ts';
import { Rng } from '../rng.ts';
import { formatSigned } from '../tasks/evidence.ts';
import { createTask } from '../tasks/registry.ts';
import { Task } from '../tasks/task.ts';
import { conditionIndices, conditionMeans, trialConditions, trialLabel, type BlockAccumulator } from './conditions.ts';

const task = (name: string) => createTask({ name, N_batch: 1 }, new Rng(1));
const PD = task('PerceptualDiscrimination');
const DD = task('DelayedDiscrimination');
const MTC = task('MatchToCategory');
/** A task that declares no conditions. */
const PLAIN = new Task(
  { ...PD.definition, name: 'MyTask', condition: undefined, describeTrial: undefined },
  { name: 'MyTask', N_batch: 1 },
  new Rng(1),
);

describe('trialConditions', () => {
  it('gives PerceptualDiscrimination the signed coherence, + for direction 1, sorted ascending', () => {
    const params = [
      { coherence: 0.3, direction: 1 },
      { coherence: 0.1, direction: 0 },
      { coherence: 0.3, direction: 0 },
      { coherence: 0, direction: 0 },
      { coherence: 0, direction: 1 },
      { coherence: 0.3, direction: 1 },
    ];
    const c = trialConditions(PD, params);
    expect(c.evidence).toEqual([0.3, -0.1, -0.3, 0, 0, 0.3]);
    expect(Object.is(c.evidence![3], -0)).toBe(false);
    expect(c.labels).toEqual(['-0.30', '-0.10', '0.00', '+0.30']);
    expect(c.keys).toEqual(['+0.30', '-0.10', '-0.30', '0.00', '0.00', '+0.30']);
  });

  it('keeps more decimals only when two would merge conditions', () => {
    expect(formatSigned(0.125)).toBe('+0.125');
    expect(formatSigned(-0.5)).toBe('-0.50');
  });

  it('gives DelayedDiscrimination the (f1, f2) pair, ordered by f1 then f2', () => {
    const params = [
      { f1: 26, f2: 18 },
      { f1: 18, f2: 26 },
      { f1: 18, f2: 10 },
      { f1: 26, f2: 18 },
    ];
    const c = trialConditions(DD, params);
    expect(c.labels).toEqual(['f1 18 > f2 10', 'f1 18 < f2 26', 'f1 26 > f2 18']);
    expect(c.keys[0]).toBe('f1 26 > f2 18');
    expect(c.evidence).toBeUndefined();
  });

  it('gives MatchToCategory its category, and other tasks a single condition', () => {
    const c = trialConditions(MTC, [{ category: 1 }, { category: 0 }, { category: 1 }]);
    expect(c.labels).toEqual(['category 0', 'category 1']);
    expect(trialConditions(PLAIN, [{ a: 1 }, { a: 2 }])).toEqual({ keys: ['all', 'all'], labels: ['all'] });
  });

  it('names the task, the function and the trial when a condition fails', () => {
    expect(() => trialConditions(MTC, [{ category: 0 }, null as never])).toThrow(/MatchToCategory: condition threw .* \(trial 1\)/);
  });
});

describe('trialLabel', () => {
  it('describes a trial and its correct output', () => {
    expect(trialLabel(PD, { coherence: 0.3, direction: 1 })).toBe('coherence 0.3 → output 1');
    expect(trialLabel(DD, { f1: 26, f2: 18, choice: 0 })).toBe('f1 26 Hz, f2 18 Hz → output 0');
    expect(trialLabel(MTC, { angle: Math.PI / 2, category: 0 })).toBe('angle 90° → output 0');
    expect(trialLabel(PLAIN, { a: 1.23456, b: 'x', c: [1] })).toBe('a 1.235, b x');
  });
});

describe('conditionMeans', () => {
  it('averages f(a) over the included trials of each condition, NaN for none', () => {
    const a = zeros3(4, 1, 2);
    a.data.set([1, -1, 3, -3, 5, -5, 100, 100]);
    const condition = conditionIndices(['p', 'p', 'q', 'q'], ['p', 'q', 'r']);
    const abs: BlockAccumulator = (src, s, dst, d, length) => {
      for (let k = 0; k < length; k++) dst[d + k] += Math.abs(src[s + k]);
    };
    const { means, counts } = conditionMeans(a, condition, 3, (b) => b !== 3, abs);
    expect(Array.from(counts)).toEqual([2, 1, 0]);
    expect(Array.from(means.subarray(0, 4))).toEqual([2, 2, 5, 5]);
    expect(means.subarray(4).every(Number.isNaN)).toBe(true);
    expect(() => conditionIndices(['p', 's'], ['p'])).toThrow(/trial 1: condition "s" is not among the labels \[p\]/);
  });
});
