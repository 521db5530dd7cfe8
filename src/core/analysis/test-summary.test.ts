import { describe, expect, it } from 'vitest';
import { zeros3 } from '../array3.ts';
import { ndarray } from '../model/weights.ts';
import { Rng } from '../rng.ts';
import matchToCategory from '../tasks/match-to-category.ts';
import perceptualDiscrimination from '../tasks/perceptual-discrimination.ts';
import { buildTask, type Task } from '../tasks/task.ts';
import { daleSigns, testSummary, type TestSummaryInput } from './test-summary.ts';

function input(task: Task<object>, N_rec: number): TestSummaryInput {
  const batch = task.getTrialBatch();
  const [nBatch, nSteps] = batch.y.shape;
  const states = zeros3(nBatch, nSteps, N_rec);
  const rng = new Rng(5);
  for (let k = 0; k < states.data.length; k++) states.data[k] = rng.normal();
  return {
    task,
    batch,
    outputs: batch.y,
    states,
    transfer: 'relu',
    W_rec: ndarray([N_rec, N_rec], Float32Array.from({ length: N_rec * N_rec }, (_, k) => k)),
    daleRatio: 0.8,
    accuracy: 1,
    loss: 0.01,
    trials: 640,
    stage: 0,
  };
}

describe('testSummary', () => {
  it('assembles a PerceptualDiscrimination summary with the documented shapes', () => {
    const task = buildTask(perceptualDiscrimination, { dt: 10, tau: 100, T: 300, N_batch: 16 }, new Rng(1));
    const inp = input(task, 5);
    const s = testSummary(inp);
    expect(s).toMatchObject({ trials: 640, stage: 0, accuracy: 1, loss: 0.01 });
    const p0 = inp.batch.params[0] as { coherence: number; direction: number };
    expect(s.example).toMatchObject({ dt: 10, N_steps: 30, N_in: 2, N_out: 2 });
    expect(s.example.label).toBe(`coherence ${p0.coherence} → output ${p0.direction}`);
    expect(Array.from(s.example.output)).toEqual(Array.from(inp.batch.y.data.subarray(0, 60)));
    expect(s.example.x.buffer).not.toBe(inp.batch.x.data.buffer);
    expect(s.psychometric.kind).toBe('evidence');
    const nConditions = s.unitTraces.conditions.length;
    expect(s.unitTraces.units).toHaveLength(5);
    expect(s.unitTraces.traces).toHaveLength(nConditions * 30 * 5);
    expect(s.pca.conditions).toEqual(s.unitTraces.conditions);
    expect(s.pca.projections).toHaveLength(nConditions * 30 * 3);
    expect(s.weights.N_rec).toBe(5);
    expect(s.weights.W_rec[7]).toBe(7);
    expect(Array.from(s.weights.daleSigns!)).toEqual([1, 1, 1, 1, -1]);
  });

  it('gives accuracy per condition for MatchToCategory', () => {
    const task = buildTask(matchToCategory, { dt: 20, tau: 100, T: 2000, N_batch: 8 }, new Rng(2));
    const s = testSummary(input(task, 4));
    expect(s.psychometric).toMatchObject({ kind: 'conditions', accuracy: [1, 1] });
    expect(s.example.N_in).toBe(16);
  });

  it('names the array whose shape does not match the task', () => {
    const task = buildTask(perceptualDiscrimination, { dt: 10, tau: 100, T: 300, N_batch: 4 }, new Rng(1));
    const inp = input(task, 3);
    expect(() => testSummary({ ...inp, states: zeros3(4, 29, 3) })).toThrow(/states has shape \[4, 29, 3\]; expected .* \[4, 30, …\]/);
  });
});

describe('daleSigns', () => {
  it('is +1 for the first floor(dale_ratio·N_rec) units, −1 after; null without Dale', () => {
    expect(Array.from(daleSigns(10, 0.75)!)).toEqual([1, 1, 1, 1, 1, 1, 1, -1, -1, -1]);
    expect(daleSigns(10, null)).toBeNull();
    expect(daleSigns(10, 0)).toBeNull();
  });
});
