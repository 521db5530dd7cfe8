/**
 * Trials-to-threshold and censoring, and the trainer's stop on a comparison run: a curriculum's threshold counts
 * only from its final stage on, and the final stage does not end the run by the curriculum's own metric.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSpec, SPEC_VERSION } from '../spec/spec.ts';
import { Trainer } from '../train/trainer.ts';
import { FullTaskMeasure, trialsToThreshold } from './full-task-measure.ts';
import { runSpec } from './plan.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('trialsToThreshold', () => {
  const curve = { trials: [8, 16, 24, 32], accuracy: [0.5, 0.89, 0.9, 0.95] };
  it('is the first point at or above the threshold', () => {
    expect(trialsToThreshold(curve, 0.9, 100)).toEqual({ trials: 24, censored: false });
    expect(trialsToThreshold(curve, 0.5, 100)).toEqual({ trials: 8, censored: false });
  });
  it('is censored at the cap when no point reaches it', () => {
    expect(trialsToThreshold(curve, 0.96, 100)).toEqual({ trials: 100, censored: true });
    expect(trialsToThreshold({ trials: [], accuracy: [] }, 0.9, 40)).toEqual({ trials: 40, censored: true });
  });
});

const N_BATCH = 4;
/** 2 stages of 3 training steps each ("iterations"); normally the run would end after 6 steps */
const curriculumSpec = parseSpec({
  version: SPEC_VERSION,
  seed: 3,
  task: { name: 'PerceptualDiscrimination', T: 100, N_batch: N_BATCH, coherence: 0.1 },
  model: { N_rec: 4 },
  training: { training_iters: 80, loss_epoch: 5 },
  curriculum: {
    stages: [
      { name: 'PerceptualDiscrimination', T: 100, N_batch: N_BATCH, coherence: 0.7 },
      { name: 'PerceptualDiscrimination', T: 100, N_batch: N_BATCH, coherence: 0.1 },
    ],
    thresholds: [3, 3],
    metric: 'iterations',
    metric_epoch: 1,
  },
});

async function trainMeasured(threshold: number) {
  const spec = runSpec(curriculumSpec, 3, { threshold, trialCap: 80 });
  const measure = new FullTaskMeasure(spec);
  const trainer: Trainer = new Trainer(spec, { hooks: measure.hooks(() => trainer.curriculum?.stage ?? 0) });
  try {
    return { result: await trainer.train(), curve: measure.curve };
  } finally {
    trainer.dispose();
  }
}

describe('a comparison run with a curriculum', () => {
  it('measures only from the final stage on, and trains the final stage on past its own threshold to the cap', async () => {
    // an accuracy above 1 is never reached: the run goes to its cap
    const { result, curve } = await trainMeasured(1.01);
    expect(result.stopReason).toBe('completed');
    expect(result.trials).toBe(80);
    // stage 1 begins after step 3; every step from there is measured on the final task
    expect(curve.trials).toEqual(Array.from({ length: 18 }, (_, k) => (k + 3) * N_BATCH));
    expect(trialsToThreshold(curve, 1.01, 80)).toEqual({ trials: 80, censored: true });
  });

  it('stops at the first final-stage point that reaches the threshold, not at an easier stage', async () => {
    // any accuracy reaches 0: the first measure that counts stops the run, after 3 steps (stage 0 never could)
    const { result, curve } = await trainMeasured(0);
    expect(result.stopReason).toBe('performance_cutoff');
    expect(result.trials).toBe(3 * N_BATCH);
    expect(trialsToThreshold(curve, 0, 80)).toEqual({ trials: result.trials, censored: false });
  });
});
