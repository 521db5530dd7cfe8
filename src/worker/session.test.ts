/** The worker's training session, in Node on the cpu backend: backend choice, streaming, pause, stop, failover, NaN. */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentSpec } from '../core/spec.ts';
import { useCpuBackend } from '../core/testing/backend.ts';
import { tinySpec } from '../core/testing/tiny.ts';
import { Trainer } from '../core/train/trainer.ts';
import type { BackendName, BackendProbe, ProgressUpdate, StatusUpdate, TestUpdate, WorkerUpdate } from './protocol.ts';
import { type BackendHost, TrainingSession } from './session.ts';

beforeAll(useCpuBackend);

/** A host whose backends all run on tf.js's cpu backend; `slow` ones sleep in `use` and fail on demand. */
function fakeHost(available: BackendProbe[], used: BackendName[] = []): BackendHost {
  return {
    available: async () => available,
    use: async (name) => {
      used.push(name);
      await tf.setBackend('cpu');
    },
  };
}

const spec = (): ExperimentSpec => tinySpec({ training: { training_iters: 16 * 20, loss_epoch: 2 } });

async function collect(session: TrainingSession, s: ExperimentSpec, backend: BackendName | null): Promise<WorkerUpdate[]> {
  const updates: WorkerUpdate[] = [];
  await session.run({ spec: s, backend, throttleMs: 0 }, (u) => updates.push(u));
  return updates;
}

const statuses = (u: WorkerUpdate[]) => u.filter((x): x is StatusUpdate => x.type === 'status');
const progress = (u: WorkerUpdate[]) => u.filter((x): x is ProgressUpdate => x.type === 'progress');
const tests = (u: WorkerUpdate[]) => u.filter((x): x is TestUpdate => x.type === 'test');

describe('TrainingSession', () => {
  it('probes the usable backends, skips software GPUs, and trains on the fastest', async () => {
    const used: BackendName[] = [];
    let clock = 0;
    const timings: Record<string, number> = { webgl: 50, wasm: 5, cpu: 20 };
    const session = new TrainingSession({
      host: fakeHost(
        [
          { name: 'webgpu', available: true, software: true, reason: 'software WebGPU (SwiftShader)' },
          { name: 'webgl', available: true },
          { name: 'wasm', available: true },
          { name: 'cpu', available: true },
        ],
        used,
      ),
      now: () => clock,
      createTrainer: (s, w) => {
        const trainer = new Trainer(s, { weights: w });
        const step = trainer.step.bind(trainer);
        trainer.step = (batch) => {
          step(batch);
          clock += timings[used[used.length - 1]] ?? 0;
        };
        return trainer;
      },
    });
    const updates = await collect(session, spec(), null);
    const training = statuses(updates).find((u) => u.state === 'training');
    expect(training?.backend).toBe('wasm');
    expect(training?.message).toMatch(/chose wasm/);
    const probes = training?.probes ?? [];
    expect(probes.find((p) => p.name === 'webgpu')?.msPerStep).toBeUndefined();
    expect(probes.find((p) => p.name === 'wasm')?.msPerStep).toBe(5);
    expect(statuses(updates).at(-1)?.state).toBe('done');
  });

  it('streams every loss point once, a test summary for the plots, and keeps the weights', async () => {
    const session = new TrainingSession({ host: fakeHost([{ name: 'cpu', available: true }]), testEveryMs: 0 });
    const updates = await collect(session, spec(), 'cpu');
    const points = progress(updates).flatMap((p) => Array.from(p.points.trials));
    expect(points).toEqual([32, 64, 96, 128, 160, 192, 224, 256, 288, 320]);
    const last = progress(updates).at(-1);
    expect(last).toMatchObject({ trials: 320, totalTrials: 320, stages: 1 });
    const test = tests(updates).at(-1);
    expect(test?.example.N_steps).toBe(20);
    expect(test?.weights.N_rec).toBe(8);
    expect(test?.pca.projections.length).toBeGreaterThan(0);
    expect(session.weightsFile()?.length).toBeGreaterThan(1000);
  });

  it('pauses and resumes, and stops', async () => {
    const session = new TrainingSession({ host: fakeHost([{ name: 'cpu', available: true }]) });
    const updates: WorkerUpdate[] = [];
    const long = tinySpec({ training: { training_iters: 16 * 10_000, loss_epoch: 1 } });
    const done = session.run({ spec: long, backend: 'cpu', throttleMs: 0 }, (u) => {
      updates.push(u);
      if (u.type === 'progress' && u.iteration === 3) session.pause();
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(statuses(updates).at(-1)?.state).toBe('paused');
    const pausedAt = progress(updates).at(-1)?.iteration;
    await new Promise((r) => setTimeout(r, 200));
    expect(progress(updates).at(-1)?.iteration).toBe(pausedAt);
    session.resume();
    await new Promise((r) => setTimeout(r, 200));
    expect(statuses(updates).at(-1)?.state).toBe('training');
    session.stop();
    await done;
    expect(statuses(updates).at(-1)?.state).toBe('stopped');
    expect(progress(updates).at(-1)?.iteration).toBeGreaterThan(pausedAt as number);
  });

  it('moves to the next backend from the last checkpoint when one fails, and says so', async () => {
    const used: BackendName[] = [];
    let failed = false;
    const session = new TrainingSession({
      host: fakeHost(
        [
          { name: 'webgl', available: true },
          { name: 'wasm', available: true },
        ],
        used,
      ),
      testEveryMs: 0,
      createTrainer: (s, w) => {
        const trainer = new Trainer(s, { weights: w });
        const step = trainer.step.bind(trainer);
        let steps = 0;
        trainer.step = (batch) => {
          if (used.at(-1) === 'webgl' && !failed && ++steps > 6) {
            failed = true;
            throw new Error('GPU device was lost');
          }
          step(batch);
        };
        return trainer;
      },
    });
    // chosen by the person, so the order does not hang on probe timings; the others are the fallbacks
    const updates = await collect(session, spec(), 'webgl');
    const resumed = statuses(updates).find((u) => u.message?.includes('continuing on'));
    expect(resumed?.message).toMatch(/webgl failed \(GPU device was lost\); continuing on wasm from the checkpoint at \d+ trials/);
    expect(resumed?.backend).toBe('wasm');
    expect(progress(updates).at(-1)?.trials).toBe(320);
    expect(statuses(updates).at(-1)?.state).toBe('done');
  });

  it('stops on a NaN loss, keeps the last good weights and suggests a remedy', async () => {
    const session = new TrainingSession({
      host: fakeHost([{ name: 'cpu', available: true }]),
      testEveryMs: 0,
      createTrainer: (s, w) => new Trainer(s, { weights: w, hooks: { loss: (p) => tf.mul(tf.sum(p), NaN) as tf.Scalar } }),
    });
    const updates = await collect(session, spec(), 'cpu');
    const last = statuses(updates).at(-1);
    expect(last?.state).toBe('error');
    expect(last?.message).toMatch(/NaN or infinite.*lower learning rate.*clipping/);
  });

  it('refuses a backend that is not available, naming why', async () => {
    const session = new TrainingSession({ host: fakeHost([{ name: 'webgpu', available: false, reason: 'no WebGPU adapter' }]) });
    const updates = await collect(session, spec(), 'webgpu');
    expect(updates.find((u) => u.type === 'error')).toMatchObject({ message: expect.stringMatching(/webgpu backend is not available here \(no WebGPU adapter\)/) });
  });
});
