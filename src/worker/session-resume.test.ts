/**
 * Backend failover continues the run where it was: a backend that fails after the curriculum reached stage 2 hands
 * over to the next one at stage 2, and the run, interrupted and resumed, is the run uninterrupted (cpu, exactly).
 * The weights' baseline (W₀ and the masks) goes to the page once per run, failover or not.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentSpec } from '../core/spec/spec.ts';
import { INITIAL_KEYS } from '../core/io/experiment-file.ts';
import { type NpyNumericArray, readNpz } from '../core/io/npz.ts';
import { useCpuBackend } from '../core/testing/backend.ts';
import { tinySpec } from '../core/testing/tiny.ts';
import { Trainer } from '../core/train/trainer.ts';
import type { BaselineUpdate, BackendName, WorkerUpdate } from './protocol.ts';
import { type TrainerStart, TrainingSession } from './session.ts';
import { collect, fakeHost, progress, statuses, tests } from './session-testing.ts';

beforeAll(useCpuBackend);

const stage = (coherence: number) => ({ name: 'PerceptualDiscrimination' as const, T: 200, N_batch: 16, coherence });

/** Three stages on the iterations metric: stage 2 from epoch 3, stage 3 from epoch 15; noise and Dale, so every stream counts. */
const curriculumSpec = (): ExperimentSpec =>
  tinySpec({
    model: { N_rec: 6, rec_noise: 0.1, constraints: { dale_ratio: 0.5 } },
    curriculum: { stages: [stage(0.7), stage(0.3), stage(0.1)], thresholds: [3, 12, 1000], metric_epoch: 1, metric: 'iterations' },
    training: { training_iters: 16 * 20, loss_epoch: 1 },
  });

/** A session whose `failing` backend throws on its `failAt`-th training step, once; the others train normally. */
function failingSession(failing: BackendName, failAt: number, used: BackendName[]): TrainingSession {
  let failed = false;
  return new TrainingSession({
    host: fakeHost([{ name: failing, available: true }, { name: 'wasm', available: true }], used),
    testEveryMs: 0, // a test and a checkpoint at every loss epoch, on both runs alike
    createTrainer: (s: ExperimentSpec, start: TrainerStart) => {
      const trainer = new Trainer(s, start);
      const step = trainer.step.bind(trainer);
      let steps = 0;
      trainer.step = (batch) => {
        if (used.at(-1) === failing && !failed && ++steps === failAt) {
          failed = true;
          throw new Error('GPU device was lost');
        }
        step(batch);
      };
      return trainer;
    },
  });
}

const losses = (u: WorkerUpdate[]) => progress(u).flatMap((p) => Array.from(p.points.loss));
const trials = (u: WorkerUpdate[]) => progress(u).flatMap((p) => Array.from(p.points.trials));

describe('TrainingSession failover', () => {
  it('continues on the next backend at the curriculum stage it had reached, not at stage 1', async () => {
    const used: BackendName[] = [];
    const updates = await collect(failingSession('webgl', 8, used), curriculumSpec(), 'webgl');
    const handover = statuses(updates).find((u) => u.message?.includes('continuing on'));
    expect(handover?.message).toBe(
      'webgl failed (GPU device was lost); continuing on wasm from the checkpoint at 112 trials, in curriculum stage 2 of 3',
    );
    const after = updates.slice(updates.indexOf(handover!));
    // the first thing the next backend reports is stage 2 (0-based 1), and the run never goes back to stage 1
    expect(progress(after)[0].stage).toBe(1);
    expect(progress(after).every((p) => p.stage >= 1)).toBe(true);
    expect(progress(after).flatMap((p) => p.stageChanges)).toEqual([{ trials: 16 * 15, stage: 2 }]);
    expect(tests(after).map((t) => t.stage)[0]).toBe(1);
    expect(statuses(updates).at(-1)).toMatchObject({ state: 'done', backend: 'wasm' });
  });

  it('interrupted and resumed, the run is the run uninterrupted: the same losses, tests and final accuracy, exactly', async () => {
    const used: BackendName[] = [];
    const interrupted = await collect(failingSession('webgl', 8, used), curriculumSpec(), 'webgl');
    const whole = await collect(new TrainingSession({ host: fakeHost([{ name: 'cpu', available: true }]), testEveryMs: 0 }), curriculumSpec(), 'cpu');
    expect(used).toEqual(['webgl', 'wasm']);
    expect(trials(interrupted)).toEqual(Array.from({ length: 20 }, (_, k) => 16 * (k + 1))); // each trial count once
    expect(losses(interrupted)).toEqual(losses(whole));
    expect(progress(interrupted).flatMap((p) => p.stageChanges)).toEqual(progress(whole).flatMap((p) => p.stageChanges));
    expect(tests(interrupted).map((t) => [t.trials, t.stage, t.accuracy, t.loss])).toEqual(tests(whole).map((t) => [t.trials, t.stage, t.accuracy, t.loss]));
    expect(statuses(interrupted).at(-1)?.message).toBe(statuses(whole).at(-1)?.message);
  });

  it('sends the weights baseline once per run, before the first test: W₀ as trained from, the run spec\'s masks', async () => {
    const N = 4;
    const rec_connectivity = [[1, 1, 0, 1], [1, 1, 1, 1], [0, 1, 1, 1], [1, 1, 1, 1]];
    const fixed = [[0, 0, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]];
    const spec = tinySpec({
      model: { N_rec: N, constraints: { rec_connectivity, fixed_weights: { W_rec: fixed } } },
      training: { training_iters: 16 * 10, loss_epoch: 1 },
    });
    const updates = await collect(failingSession('webgl', 4, []), spec, 'webgl');
    const baselines = updates.filter((u): u is BaselineUpdate => u.type === 'weights-baseline');
    expect(baselines).toHaveLength(1);
    expect(updates.indexOf(baselines[0])).toBeLessThan(updates.findIndex((u) => u.type === 'test'));
    const initial = new Trainer(spec);
    const W0 = (await initial.network.exportWeights()).W_rec.data;
    initial.dispose();
    expect(baselines[0]).toMatchObject({ N_rec: N, W_rec0: W0, recConnectivity: Float32Array.from(rec_connectivity.flat()), fixed: Float32Array.from(fixed.flat()) });
    // what the view shows: forbidden entries exactly 0, fixed ones where they started
    const W = tests(updates).at(-1)!.weights.W_rec;
    rec_connectivity.flat().forEach((allowed, k) => allowed === 0 && expect(Math.abs(W[k])).toBe(0)); // ±0: W·mask keeps W's sign
    fixed.flat().forEach((isFixed, k) => isFixed === 1 && expect(W[k]).toBe(W0[k]));
    expect(W).not.toEqual(W0);
    // and the checkpoint files say the same on their own: the weights and the W₀ they started from
    const file = readNpz(updates.filter((u) => u.type === 'checkpoint').at(-1)!.file);
    const numeric = (key: string) => (file.get(key) as NpyNumericArray).data as Float32Array;
    expect(numeric(INITIAL_KEYS.W_rec)).toEqual(W0);
    fixed.flat().forEach((isFixed, k) => isFixed === 1 && expect(numeric('W_rec')[k]).toBe(W0[k]));
  });
});
