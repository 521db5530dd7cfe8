/**
 * A small comparison end to end in Node (the test): 2 conditions × 3 seeds of tiny networks on tf.js's cpu
 * backend complete, every run reports its trials to threshold (or censoring at the cap) with a checkpoint, and the
 * summary carries a Mann–Whitney p-value; Cancel keeps the runs finished before it.
 */
import { describe, expect, it } from 'vitest';
import { curriculumConditions } from '../core/comparison/conditions.ts';
import { planComparison } from '../core/comparison/plan.ts';
import { summarizeComparison } from '../core/comparison/summary.ts';
import { parseSpec, SPEC_VERSION } from '../core/spec/spec.ts';
import type { ComparisonStart, ComparisonUpdate, RunFinished } from './comparison-protocol.ts';
import { ComparisonRunner } from './comparison-runner.ts';
import { fakeHost } from './session-testing.ts';

const pd = (coherence: number) => ({ name: 'PerceptualDiscrimination', T: 100, N_batch: 8, coherence });
const spec = parseSpec({
  version: SPEC_VERSION,
  name: 'tiny',
  task: pd(0.5),
  model: { N_rec: 4 },
  training: { loss_epoch: 2, optimizer: { type: 'adam', learning_rate: 0.05 } },
  curriculum: { stages: [pd(0.9), pd(0.5)], thresholds: [0.7, 0.9], metric_epoch: 2 },
});
const conditions = curriculumConditions(spec);
const settings = { seeds: 3, baseSeed: 11, threshold: 0.75, trialCap: 240 };
const host = fakeHost([{ name: 'cpu', available: true }]);

function start(): ComparisonStart {
  return { runs: planComparison(conditions, settings), backend: 'cpu', threshold: settings.threshold, trialCap: settings.trialCap };
}

const finishedOf = (updates: ComparisonUpdate[]) => updates.filter((u): u is RunFinished => u.type === 'run-finished');

describe('ComparisonRunner', () => {
  it('trains 2 conditions × 3 seeds one after another and the summary reports a p-value', async () => {
    const updates: ComparisonUpdate[] = [];
    await new ComparisonRunner(host, { throttleMs: 0 }).run(start(), (u) => updates.push(u));
    const finished = finishedOf(updates);
    expect(finished.map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(updates.at(-1)).toEqual({ type: 'comparison-ended', state: 'done', message: '6 of 6 runs finished.' });
    for (const run of finished) {
      expect(run.checkpoint?.file.length).toBeGreaterThan(0);
      expect(run.curve.trials.length).toBeGreaterThan(0);
      // reached: the first full-task point at the threshold, where training stopped; else censored at the cap
      if (run.result.censored) expect(run.result.trials).toBe(settings.trialCap);
      else expect(run.result.trials).toBe(run.checkpoint?.trials);
    }
    const plan = start().runs;
    const summary = summarizeComparison(
      conditions.map((c) => c.label),
      finished.map((f) => ({ ...f.result, condition: plan[f.index].condition, seed: plan[f.index].seed })),
    );
    expect(summary.conditions.map((c) => [c.label, c.seeds])).toEqual([
      ['curriculum (2 stages)', [11, 12, 13]],
      ['no curriculum', [11, 12, 13]],
    ]);
    const [test] = summary.tests;
    expect(test).toMatchObject({ condition: 1, n1: 3, n2: 3 });
    expect(test.p).toBeGreaterThan(0);
    expect(test.p).toBeLessThanOrEqual(1);
  }, 120_000);

  it('Cancel stops after the current step and keeps the runs finished before it', async () => {
    const updates: ComparisonUpdate[] = [];
    const runner = new ComparisonRunner(host, { throttleMs: 0 });
    await runner.run(start(), (u) => {
      updates.push(u);
      if (u.type === 'run-started' && u.index === 2) runner.cancel();
    });
    expect(finishedOf(updates).map((f) => f.index)).toEqual([0, 1]);
    expect(updates.at(-1)).toEqual({ type: 'comparison-ended', state: 'cancelled', message: 'Cancelled: 2 of 6 runs finished; they are kept.' });
  }, 120_000);
});
