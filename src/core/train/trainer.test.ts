/** The training loop: memory, reproducibility, constraint invariants, curriculum, stopping rules. */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BasicWeights } from '../model/weights.ts';
import type { ExperimentSpec, ExperimentSpecInput } from '../spec/spec.ts';
import { useCpuBackend } from '../testing/backend.ts';
import { tinySpec } from '../testing/tiny.ts';
import { type LossFunction, resolveLoss } from './losses.ts';
import { type Evaluation, Trainer, type TrainerState, type TrainingProgress } from './trainer.ts';

beforeAll(useCpuBackend);

const withTraining = (spec: ExperimentSpec, training: Partial<ExperimentSpec['training']>): ExperimentSpec => ({
  ...spec,
  training: { ...spec.training, ...training },
});

/** Tensors a trainer holds after `iterations` optimizer steps (it stays alive while counted). */
async function tensorsHeldAfter(spec: ExperimentSpec, iterations: number): Promise<number> {
  const before = tf.memory().numTensors;
  const trainer = new Trainer(withTraining(spec, { training_iters: iterations * spec.task.N_batch }));
  const result = await trainer.train();
  expect(result.iterations).toBe(iterations);
  const held = tf.memory().numTensors - before;
  trainer.dispose();
  expect(tf.memory().numTensors).toBe(before);
  return held;
}

describe('Trainer', () => {
  it('leaks no tensors: the count after 1 and after 500 iterations is the same', async () => {
    const spec = tinySpec({
      task: { name: 'PerceptualDiscrimination', T: 100, N_batch: 4 },
      model: { N_rec: 4, rec_noise: 0.05, constraints: { dale_ratio: 0.5, fixed_weights: { b_rec: [1, 0, 0, 1] } } },
      regularization: { L2_firing_rate: 0.01, L1_rec: 0.01 },
      training: { loss_epoch: 3 },
    });
    const afterOne = await tensorsHeldAfter(spec, 1);
    const afterFiveHundred = await tensorsHeldAfter(spec, 500);
    expect(afterFiveHundred).toBe(afterOne);
  }, 120_000);

  it('is reproducible: the same seed gives the identical loss curve, another seed a different one', async () => {
    const run = async (seed: number) => {
      const trainer = new Trainer({ ...tinySpec({ model: { N_rec: 8, rec_noise: 0.1 } }), seed });
      const { losses } = await trainer.train();
      trainer.dispose();
      return losses;
    };
    const [a, b, c] = [await run(3), await run(3), await run(4)];
    expect(a.length).toBe(5);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('counts training_iters in trials: ceil(iters / N_batch) epochs, losses every loss_epoch', async () => {
    const trainer = new Trainer(withTraining(tinySpec(), { training_iters: 170, loss_epoch: 3 }));
    const progress: TrainingProgress[] = [];
    const result = await trainer.train({ onProgress: (p) => progress.push(p) });
    trainer.dispose();
    expect(result.iterations).toBe(11);
    expect(result.trials).toBe(176);
    expect(result.losses).toHaveLength(3);
    expect(progress.map((p) => p.iteration)).toEqual([3, 6, 9]);
    expect(progress[0]).toMatchObject({ trials: 48, totalTrials: 176, stage: 0, stages: 1 });
    expect(progress[0].accuracy).toBeGreaterThanOrEqual(0);
    expect(progress[0].elapsedMs).toBeGreaterThan(0);
    expect(result.stopReason).toBe('completed');
  });

  it('keeps every constraint after training: masks, Dale signs, autapses, fixed entries, frozen variables', async () => {
    const N = 6;
    const rec = Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => ((i + 2 * j) % 3 === 0 ? 0 : 1) as 0 | 1));
    const fixed = Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => (i < 3 && j >= 3 ? 1 : 0) as 0 | 1));
    const input: Partial<ExperimentSpecInput> = {
      model: {
        N_rec: N,
        constraints: {
          dale_ratio: 0.5,
          autapses: false,
          rec_connectivity: rec,
          input_connectivity: Array.from({ length: N }, (_, i) => [(i % 2) as 0 | 1, 1 as const]),
          output_connectivity: [
            [1, 1, 0, 1, 1, 1],
            [1, 0, 1, 1, 1, 1],
          ],
          fixed_weights: { W_rec: fixed },
          trainable: { b_out: false },
        },
      },
      training: { training_iters: 16 * 40, optimizer: { type: 'adam', learning_rate: 0.05 } },
    };
    const trainer = new Trainer(tinySpec(input));
    const rawBefore = trainer.network.variables.W_rec.dataSync().slice();
    const b_outBefore = trainer.network.variables.b_out.dataSync().slice();
    await trainer.train();
    const rawAfter = trainer.network.variables.W_rec.dataSync();
    const w = (await trainer.exportWeights()) as BasicWeights;
    trainer.dispose();

    expect(rawAfter).not.toEqual(rawBefore); // it trained
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        const v = w.W_rec.data[i * N + j];
        if (rec[i][j] === 0 || i === j) expect(v === 0, `W_rec[${i}][${j}] masked`).toBe(true);
        if (j < 3) expect(v, `excitatory column ${j}`).toBeGreaterThanOrEqual(0);
        else expect(v, `inhibitory column ${j}`).toBeLessThanOrEqual(0);
        if (fixed[i][j] === 1) expect(rawAfter[i * N + j], `fixed W_rec[${i}][${j}]`).toBe(rawBefore[i * N + j]);
      }
      if (i % 2 === 0) expect(w.W_in.data[i * 2] === 0, `W_in[${i}][0] masked`).toBe(true);
      expect(Math.min(...w.W_in.data)).toBeGreaterThanOrEqual(0);
    }
    for (let o = 0; o < 2; o++) {
      for (let j = 3; j < N; j++) expect(w.W_out.data[o * N + j] === 0, 'inhibitory units do not read out').toBe(true);
    }
    expect(w.W_out.data[2] === 0 && w.W_out.data[N + 1] === 0, 'masked readout').toBe(true);
    expect(Array.from(w.b_out.data)).toEqual(Array.from(b_outBefore));
    expect(w.optimizer_slots?.['W_rec/Adam']?.shape).toEqual([N, N]);
    expect(w.optimizer_slots?.['b_out/Adam']).toBeUndefined();
  });

  it('advances a curriculum stage by stage and stops after the last (iterations metric)', async () => {
    const stage = (coherence: number) => ({ name: 'PerceptualDiscrimination' as const, T: 200, N_batch: 16, coherence });
    const spec = tinySpec({
      curriculum: { stages: [stage(0.7), stage(0.3), stage(0.1)], thresholds: [2, 3, 1], metric_epoch: 1, metric: 'iterations' },
      training: { training_iters: 16 * 100, loss_epoch: 2 },
    });
    const trainer = new Trainer(spec);
    const seen: number[] = [];
    const result = await trainer.train({ onProgress: (p) => seen.push(p.stage) });
    trainer.dispose();
    expect(result.stopReason).toBe('curriculum_complete');
    expect(result.iterations).toBe(6);
    expect(result.stage).toBe(2);
    expect(result.curriculumMetricValues).toEqual([
      [1, 0],
      [2, 0],
      [1, 1],
      [2, 1],
      [3, 1],
      [1, 2],
    ]);
    expect(seen).toContain(1);
  });

  it('advances on accuracy with PsychRNN thresholds and switches the task it trains on', async () => {
    const stage = (coherence: number) => ({ name: 'PerceptualDiscrimination' as const, T: 200, N_batch: 16, coherence });
    const spec = tinySpec({
      curriculum: { stages: [stage(0.7), stage(0.1)], thresholds: [0, 1], metric_epoch: 2 },
      training: { training_iters: 16 * 6 },
    });
    const trainer = new Trainer(spec);
    const first = trainer.currentTask;
    const result = await trainer.train();
    expect(trainer.currentTask).not.toBe(first);
    trainer.dispose();
    expect(result.stopReason).toBe('completed');
    expect(result.stage).toBe(1);
    expect(result.curriculumMetricValues.map(([, s]) => s)).toEqual([0, 1, 1]);
  });

  it('stops at the performance cutoff', async () => {
    const spec = tinySpec({ training: { performance_measure: 'accuracy', performance_cutoff: 0, training_iters: 16 * 50 } });
    const trainer = new Trainer(spec);
    const result = await trainer.train();
    trainer.dispose();
    expect(result.stopReason).toBe('performance_cutoff');
    expect(result.iterations).toBe(1);
  });

  it('can be cancelled', async () => {
    const controller = new AbortController();
    const trainer = new Trainer(withTraining(tinySpec(), { training_iters: 16 * 1000, loss_epoch: 1 }));
    const result = await trainer.train({ signal: controller.signal, onProgress: (p) => p.iteration === 3 && controller.abort() });
    trainer.dispose();
    expect(result.stopReason).toBe('cancelled');
    expect(result.iterations).toBe(3);
  });

  it('stops when the loss becomes NaN', async () => {
    const trainer = new Trainer(tinySpec(), { hooks: { loss: (p) => tf.mul(tf.sum(p), NaN) as tf.Scalar } });
    const result = await trainer.train();
    trainer.dispose();
    expect(result.stopReason).toBe('non_finite_loss');
    expect(result.iterations).toBe(2);
  });

  it('goes back to the last weights and optimizer state whose loss was finite when it becomes NaN', async () => {
    // the loss turns NaN from the 6th step on, with a finite loss epoch (every 2 steps) at step 4
    const spec = tinySpec({ training: { training_iters: 16 * 40, loss_epoch: 2 } });
    const mse = resolveLoss('mean_squared_error');
    let poisoned = false;
    const loss: LossFunction = (p, y, m) => (poisoned ? (tf.mul(tf.sum(p), NaN) as tf.Scalar) : mse(p, y, m));
    const snapshots: { iteration: number; weights: Float32Array; slots: Float32Array }[] = [];
    const trainer = new Trainer(spec, { hooks: { loss } });
    const result = await trainer.train({
      afterEpoch: async (epoch) => {
        const w = await trainer.exportWeights();
        snapshots.push({ iteration: epoch, weights: (w as BasicWeights).W_rec.data, slots: w.optimizer_slots!['W_rec/Adam'].data });
        poisoned = epoch === 5;
      },
    });
    expect(result.stopReason).toBe('non_finite_loss');
    const kept = result.keptTrials as number;
    expect(kept % 16).toBe(0);
    expect(result.iterations).toBe(6);
    expect(kept).toBe(4 * 16); // the loss epoch before the NaN one
    const restored = await trainer.exportWeights();
    const before = snapshots.find((s) => s.iteration === kept / 16)!;
    expect((restored as BasicWeights).W_rec.data).toEqual(before.weights);
    expect(restored.optimizer_slots!['W_rec/Adam'].data).toEqual(before.slots);
    expect((restored as BasicWeights).W_rec.data.every(Number.isFinite)).toBe(true);
    trainer.dispose();
  });

  it('catches a NaN that no loss epoch saw (loss_epoch beyond the run), keeping the initial weights', async () => {
    const spec = tinySpec({ training: { training_iters: 16 * 3, loss_epoch: 50 } });
    const trainer = new Trainer(spec, { hooks: { loss: (p) => tf.mul(tf.sum(p), NaN) as tf.Scalar } });
    const initial = (await trainer.exportWeights()) as BasicWeights;
    const result = await trainer.train();
    expect(result).toMatchObject({ stopReason: 'non_finite_loss', keptTrials: 0, iterations: 3 });
    expect(((await trainer.exportWeights()) as BasicWeights).W_rec.data).toEqual(initial.W_rec.data);
    trainer.dispose();
  });

  it('learns: the loss falls on a short run', async () => {
    const trainer = new Trainer(tinySpec({ training: { training_iters: 16 * 60, loss_epoch: 10 } }));
    const { losses } = await trainer.train();
    trainer.dispose();
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.8);
  });

  it('resumes exactly: a run stopped at epoch k and resumed in a fresh Trainer gives the same losses, stages and weights', async () => {
    // everything a resumed run depends on: Dale (|W| needs the raw weights), masks and fixed entries, recurrent noise,
    // Adam's slots and step, a curriculum on accuracy (evaluation batches), and a performance measure that never stops it
    const stage = (coherence: number) => ({ name: 'PerceptualDiscrimination' as const, T: 200, N_batch: 16, coherence });
    const spec = tinySpec({
      model: { N_rec: 6, rec_noise: 0.1, constraints: { dale_ratio: 0.5, fixed_weights: { b_rec: [1, 0, 0, 0, 0, 1] } } },
      curriculum: { stages: [stage(0.7), stage(0.3), stage(0.1)], thresholds: [0, 0, 1], metric_epoch: 2 },
      training: { training_iters: 16 * 14, loss_epoch: 1, performance_measure: 'accuracy', performance_cutoff: 1 },
    });
    const hooks = { performanceMeasure: (ev: Evaluation) => ev.accuracy - 2 };
    const whole = new Trainer(spec, { hooks });
    const expected = await whole.train();
    const expectedWeights = (await whole.exportWeights()) as BasicWeights;
    whole.dispose();

    const k = 5;
    const controller = new AbortController();
    const first = new Trainer(spec, { hooks });
    let state: TrainerState | null = null;
    await first.train({
      signal: controller.signal,
      afterEpoch: async (epoch) => {
        if (epoch !== k) return;
        state = await first.exportState();
        controller.abort();
      },
    });
    first.dispose();
    const saved = structuredClone(state as unknown as TrainerState); // plain data: it survives a postMessage
    expect(saved).toMatchObject({ epoch: k, curriculum: { stage: 2 } });
    expect(saved.performance).toBeLessThan(0);
    expect(saved.losses).toEqual(expected.losses.slice(0, k));

    const resumed = new Trainer(spec, { hooks, resume: saved });
    expect(resumed.currentTask).toBe(resumed.curriculum!.tasks[2]);
    const result = await resumed.train();
    const weights = (await resumed.exportWeights()) as BasicWeights;
    resumed.dispose();
    expect(result.losses).toEqual(expected.losses);
    expect(result.curriculumMetricValues).toEqual(expected.curriculumMetricValues);
    expect(result).toMatchObject({ iterations: 14, trials: 16 * 14, stage: 2, accuracy: expected.accuracy, loss: expected.loss });
    expect(weights.W_rec.data).toEqual(expectedWeights.W_rec.data);
    expect(weights.optimizer_slots).toEqual(expectedWeights.optimizer_slots);
  });

  it('is not changed by observing: summaries taken at any epochs leave losses, stages and weights as the seed makes them', async () => {
    // an accuracy curriculum and recurrent noise: the two things a look could shift if it shared their streams
    const stage = (coherence: number) => ({ name: 'PerceptualDiscrimination' as const, T: 200, N_batch: 16, coherence });
    const spec = tinySpec({
      model: { N_rec: 6, rec_noise: 0.1 },
      curriculum: { stages: [stage(0.7), stage(0.3)], thresholds: [0.5, 1], metric_epoch: 2 },
      training: { training_iters: 16 * 12, loss_epoch: 1 },
    });
    const run = async (observeAt: (epoch: number) => boolean) => {
      const trainer = new Trainer(spec);
      const observed: number[] = [];
      const result = await trainer.train({
        afterEpoch: async (epoch) => {
          if (observeAt(epoch)) observed.push((await trainer.observe(trainer.currentTask)).loss);
        },
      });
      const W_rec = ((await trainer.exportWeights()) as BasicWeights).W_rec.data;
      trainer.dispose();
      return { result, W_rec, observed };
    };
    const never = await run(() => false);
    const often = await run(() => true);
    const rarely = await run((epoch) => epoch % 5 === 0);
    for (const other of [often, rarely]) {
      expect(other.result.losses).toEqual(never.result.losses);
      expect(other.result.curriculumMetricValues).toEqual(never.result.curriculumMetricValues);
      expect(other.W_rec).toEqual(never.W_rec);
    }
    expect(often.observed.length).toBe(12);
    expect(often.observed.every(Number.isFinite)).toBe(true);
  });

  it('refuses a state taken with another spec, saying what differs', async () => {
    const trainer = new Trainer(tinySpec());
    const state = await trainer.exportState();
    trainer.dispose();
    const stage = { name: 'PerceptualDiscrimination' as const, T: 200, N_batch: 16 };
    const curriculum = { stages: [stage, stage], thresholds: [1, 1], metric_epoch: 2 };
    expect(() => new Trainer(tinySpec({ curriculum }), { resume: state })).toThrow(/holds 1 task position\(s\); this spec trains 3 task\(s\)/);
    expect(() => new Trainer({ ...tinySpec(), seed: 8 }, { resume: state })).toThrow(/state is from the stream with seed \d+; this generator's seed is \d+/);
  });
});
