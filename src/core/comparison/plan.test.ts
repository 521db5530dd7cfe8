/** The conditions a comparison sets against each other, and its runs: seeds, stop, cap, order, and refusals. */
import { describe, expect, it } from 'vitest';
import { parseSpec, SPEC_VERSION } from '../spec/spec.ts';
import { curriculumConditions, daleConditions, specConditions } from './conditions.ts';
import { planComparison } from './plan.ts';

const pd = (coherence: number) => ({ name: 'PerceptualDiscrimination', T: 200, N_batch: 8, coherence });
const spec = parseSpec({ version: SPEC_VERSION, name: 'pd', seed: 7, task: pd(0.1), model: { N_rec: 6 }, curriculum: { stages: [pd(0.7), pd(0.2)] } });

describe('conditions', () => {
  it('with vs without curriculum: the second trains the final stage’s task from the start', () => {
    const [withIt, without] = curriculumConditions(spec);
    expect(withIt).toMatchObject({ label: 'curriculum (2 stages)', spec });
    expect(without.label).toBe('no curriculum');
    expect(without.spec.curriculum).toBeNull();
    expect(without.spec.task).toEqual(spec.curriculum!.stages[1]);
  });

  it('refuses “without curriculum” for an experiment that has none, saying what to do', () => {
    expect(() => curriculumConditions({ ...spec, curriculum: null })).toThrow(/needs a curriculum: add stages/);
  });

  it('Dale vs not: 0.8 where the experiment has no ratio of its own, null for the other', () => {
    const [on, off] = daleConditions(spec);
    expect([on.label, on.spec.model.constraints.dale_ratio]).toEqual(['Dale (ratio 0.8)', 0.8]);
    expect([off.label, off.spec.model.constraints.dale_ratio]).toEqual(['no Dale', null]);
  });

  it('any two specs: a saved one that cannot train is refused with the spec check’s message', () => {
    expect(() => specConditions([{ label: 'this', spec }, { label: 'saved', spec: { version: SPEC_VERSION, task: { name: 'Nope' } } }])).toThrow(
      /the condition “saved” is not a spec that can train: task/,
    );
  });
});

describe('planComparison', () => {
  const conditions = curriculumConditions(spec);
  it('runs every condition × K seeds, seed by seed, each stopping at the threshold within the cap', () => {
    const runs = planComparison(conditions, { seeds: 3, baseSeed: 7, threshold: 0.9, trialCap: 4000 });
    expect(runs.map((r) => [r.condition, r.seed])).toEqual([[0, 7], [1, 7], [0, 8], [1, 8], [0, 9], [1, 9]]);
    expect(runs[3].spec).toMatchObject({ seed: 8, curriculum: null, training: { training_iters: 4000, performance_measure: 'accuracy', performance_cutoff: 0.9 } });
  });

  it('lists every problem of the settings at once, each with what is allowed', () => {
    expect(() => planComparison(conditions, { seeds: 1, baseSeed: -1, threshold: 1.5, trialCap: 4 })).toThrow(
      'Seeds per condition: got 1; must be a whole number from 2 to 50 (a rank test needs at least 2 runs a side); First seed: got -1; must be a whole number ≥ 0; Threshold: got 1.5; must be an accuracy above 0 and at most 1; Trial cap: got 4; must be a whole number of trials ≥ 8 (one batch)',
    );
  });
});
