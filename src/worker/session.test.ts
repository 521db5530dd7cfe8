/** The worker's training session, in Node on the cpu backend: backend choice, streaming, pause, stop, failover, NaN. */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentSpec } from '../core/spec/spec.ts';
import { useCpuBackend } from '../core/testing/backend.ts';
import { tinySpec } from '../core/testing/tiny.ts';
import { compileTask } from '../core/tasks/compile.ts';
import { installTaskCompiler } from '../core/tasks/custom-task.ts';
import { Trainer } from '../core/train/trainer.ts';
import { loadExperimentNpz } from '../core/io/experiment-file.ts';
import type { NetworkWeights } from '../core/model/weights.ts';
import type { BackendName, BackendProbe, WorkerUpdate } from './protocol.ts';
import { type BackendHost, backendPlan, TrainingSession } from './session.ts';
import { checkpoints, collect, errors, fakeHost, progress, statuses, tests } from './session-testing.ts';

beforeAll(useCpuBackend);

const spec = (): ExperimentSpec => tinySpec({ training: { training_iters: 16 * 20, loss_epoch: 2 } });

const HARDWARE: BackendProbe[] = [
  { name: 'webgpu', available: true },
  { name: 'webgl', available: true },
  { name: 'wasm', available: true },
  { name: 'cpu', available: true },
];

/** A loss that is NaN at its `n`-th evaluation only (steps, loss epochs and tests all count): one bad step. */
function lossNaNOnce(n: number) {
  let calls = 0;
  return (p: tf.Tensor3D) => (++calls === n ? (tf.mul(tf.sum(p), NaN) as tf.Scalar) : (tf.mean(tf.square(p)) as tf.Scalar));
}

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
      createTrainer: (s, start) => {
        const trainer = new Trainer(s, start);
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
    expect(training?.backendNote).toMatch(/chose wasm/);
    const probes = training?.probes ?? [];
    expect(probes.find((p) => p.name === 'webgpu')?.msPerStep).toBeUndefined();
    expect(probes.find((p) => p.name === 'wasm')?.msPerStep).toBe(5);
    expect(statuses(updates).at(-1)?.state).toBe('done');
  });

  it('ends the progress where the run ended: a curriculum whose last stage is passed mid-epoch counts that epoch', async () => {
    const stage = { name: 'PerceptualDiscrimination' as const, dt: 10, tau: 100, T: 200, N_batch: 16 };
    const curriculum = { stages: [stage, stage], thresholds: [3, 2], metric: 'iterations' as const, metric_epoch: 1 };
    const session = new TrainingSession({ host: fakeHost([{ name: 'cpu', available: true }]), testEveryMs: 0 });
    const updates = await collect(session, tinySpec({ curriculum, training: { training_iters: 16 * 100, loss_epoch: 1 } }), 'cpu');
    // 3 steps in stage 1, 2 in stage 2: the run stops after epoch 5, inside the step that passed the last stage
    expect(progress(updates).at(-1)).toMatchObject({ iteration: 5, trials: 80, stage: 1, stages: 2 });
    expect(statuses(updates).at(-1)?.message).toMatch(/after 80 trials$/);
  });

  it('streams every loss point once, a test summary for the plots, and sends each checkpoint to the page', async () => {
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
    const saved = checkpoints(updates);
    expect(saved.length).toBe(tests(updates).length);
    expect(saved.at(-1)?.trials).toBe(320);
    const file = loadExperimentNpz(saved.at(-1)?.file as Uint8Array);
    expect(file.spec?.task.T).toBe(200);
    expect(file.weights.N_rec).toBe(8);
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
      createTrainer: (s, start) => {
        const trainer = new Trainer(s, start);
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

  it('stops on a NaN from the start, saying no good weights were saved; advice names clipping only when it is off', async () => {
    for (const clip_grads of [true, false]) {
      const session = new TrainingSession({
        host: fakeHost([{ name: 'cpu', available: true }]),
        testEveryMs: 0,
        createTrainer: (s, start) => new Trainer(s, { ...start, hooks: { loss: (p) => tf.mul(tf.sum(p), NaN) as tf.Scalar } }),
      });
      const s = tinySpec({ training: { training_iters: 16 * 20, loss_epoch: 2, clip_grads } });
      const updates = await collect(session, s, 'cpu');
      const last = statuses(updates).at(-1);
      expect(last?.state).toBe('error');
      expect(last?.message).toMatch(/NaN or infinite; no good weights were saved yet.*Try a lower learning rate \(now 0\.001\)/);
      expect(/clipping/.test(last?.message ?? '')).toBe(!clip_grads);
      expect(checkpoints(updates)).toEqual([]);
    }
  });

  it('after a NaN the last good weights become the checkpoint the page holds, with their test summary', async () => {
    const session = new TrainingSession({
      host: fakeHost([{ name: 'cpu', available: true }]),
      testEveryMs: 1e9, // one test at the first loss epoch, then none until the NaN
      createTrainer: (s, start) => new Trainer(s, { ...start, hooks: { loss: lossNaNOnce(12) } }),
    });
    const updates = await collect(session, spec(), 'cpu');
    const kept = checkpoints(updates).slice(1);
    expect(checkpoints(updates)[0].trials).toBe(32);
    expect(kept.length).toBe(1);
    expect(kept[0].trials).toBeGreaterThan(32);
    expect(tests(updates).at(-1)?.trials).toBe(kept[0].trials);
    const weights = loadExperimentNpz(kept[0].file).weights;
    expect((weights as { W_rec: { data: Float32Array } }).W_rec.data.every(Number.isFinite)).toBe(true);
    expect(statuses(updates).at(-1)?.message).toMatch(
      new RegExp(`the last good weights \\(after ${kept[0].trials} trials\\) are kept\\. Try a lower learning rate \\(now 0\\.001\\)\\.$`),
    );
  });

  it('refuses a spec that does not parse as a spec error, before probing any backend', async () => {
    let asked = false;
    const session = new TrainingSession({ host: { available: async () => ((asked = true), HARDWARE), use: async () => undefined } });
    const bad = { ...spec(), task: { ...spec().task, T: 0 } };
    const updates = await collect(session, bad, null);
    expect(asked).toBe(false);
    expect(errors(updates)).toEqual([{ type: 'error', message: expect.stringMatching(/^the spec is invalid: task\.T: got 0/) }]);
    expect(statuses(updates).at(-1)?.state).toBe('error');
  });

  it('initializes the network once: every probe and the training start from the same weights', async () => {
    const given: (NetworkWeights | undefined)[] = [];
    const session = new TrainingSession({
      host: fakeHost(HARDWARE.slice(1)),
      createTrainer: (s, start) => {
        given.push(start.weights);
        return new Trainer(s, start);
      },
    });
    const probed = await collect(session, spec(), null);
    expect(given.length).toBe(4); // three probes and the training run
    expect(given[0]).toBeUndefined();
    expect(given.slice(1).every((w) => w === given[1] && w !== undefined)).toBe(true);
    // the same run as from a fresh initialization
    const chosen = await collect(new TrainingSession({ host: fakeHost(HARDWARE.slice(3)) }), spec(), 'cpu');
    const losses = (u: WorkerUpdate[]) => progress(u).flatMap((p) => Array.from(p.points.loss));
    expect(losses(probed)).toEqual(losses(chosen));
  });

  it('does not time the backends when one step is estimated too long, taking the usual order, and says so', async () => {
    const created: ExperimentSpec[] = [];
    const session = new TrainingSession({
      host: fakeHost(HARDWARE),
      probeLimitSeconds: 0,
      createTrainer: (s, start) => {
        created.push(s);
        return new Trainer(s, start);
      },
    });
    const updates = await collect(session, spec(), null);
    expect(created.length).toBe(1); // the training run only
    const training = statuses(updates).find((u) => u.state === 'training');
    expect(training?.backend).toBe('webgpu');
    expect(training?.backendNote).toMatch(/^chose webgpu without timing each backend: one training step is estimated at .* s on a CPU/);
    expect(statuses(updates).at(-1)?.state).toBe('done');
  });

  it('Stop during the probe ends the run before training', async () => {
    const session = new TrainingSession({
      host: {
        available: async () => HARDWARE,
        use: async (name) => {
          await tf.setBackend('cpu');
          if (name === 'webgl') session.stop();
        },
      },
    });
    const updates = await collect(session, spec(), null);
    const last = statuses(updates).at(-1);
    expect(last).toMatchObject({ state: 'stopped', message: 'stopped before training began' });
    expect(last?.probes?.filter((p) => p.msPerStep !== undefined).map((p) => p.name)).toEqual(['webgpu']);
    expect(progress(updates)).toEqual([]);
  });

  it('with no usable hardware backend, trains on the software GPU it found and says so', async () => {
    const session = new TrainingSession({
      host: {
        available: async () => [
          { name: 'webgpu', available: false, reason: 'no WebGPU adapter' },
          { name: 'webgl', available: true, software: true, reason: 'software WebGL (SwiftShader): correct but slow' },
          { name: 'wasm', available: false, reason: 'WebAssembly is unavailable' },
          { name: 'cpu', available: true },
        ],
        use: async (name) => {
          if (name === 'cpu') throw new Error('the cpu backend could not start: WebAssembly is not defined');
          await tf.setBackend('cpu');
        },
      },
    });
    const updates = await collect(session, spec(), null);
    expect(errors(updates)).toEqual([]);
    const training = statuses(updates).find((u) => u.state === 'training');
    expect(training?.backend).toBe('webgl');
    expect(training?.backendNote).toMatch(
      /^training on webgl, a software GPU \(slow\): no other backend could train here \(webgpu: no WebGPU adapter; wasm: WebAssembly is unavailable; cpu: the cpu backend could not start/,
    );
    expect(training?.backendNote).not.toMatch(/null|unknown backend/);
    expect(statuses(updates).at(-1)?.state).toBe('done');
  });

  it('plans the backends: measured fastest first, software last, and a readable refusal when none can train', () => {
    const measured: BackendProbe[] = [
      { name: 'webgpu', available: true, software: true, reason: 'software WebGPU' },
      { name: 'webgl', available: true, msPerStep: 30 },
      { name: 'wasm', available: true, msPerStep: 10 },
      { name: 'cpu', available: false, reason: 'failed' },
    ];
    expect(backendPlan(null, measured, null).order).toEqual(['wasm', 'webgl', 'webgpu']);
    expect(backendPlan('webgl', measured, null)).toEqual({ order: ['webgl', 'wasm'], message: 'training on webgl, as chosen in Backend' });
    expect(backendPlan('cpu', measured, null)).toEqual({ order: [], message: 'the cpu backend is not available here (failed)' });
    const nothing: BackendProbe[] = [
      { name: 'webgpu', available: false, reason: 'no WebGPU adapter' },
      { name: 'wasm', available: false, reason: 'WebAssembly is unavailable' },
    ];
    expect(backendPlan(null, nothing, null)).toEqual({
      order: [],
      message: 'no backend can train here (webgpu: no WebGPU adapter; wasm: WebAssembly is unavailable)',
    });
  });

  it('refuses a backend that is not available, naming why', async () => {
    const session = new TrainingSession({ host: fakeHost([{ name: 'webgpu', available: false, reason: 'no WebGPU adapter' }]) });
    const updates = await collect(session, spec(), 'webgpu');
    expect(updates.find((u) => u.type === 'error')).toMatchObject({ message: expect.stringMatching(/webgpu backend is not available here \(no WebGPU adapter\)/) });
  });
});

describe('TrainingSession with a custom task', () => {
  const source = `import { defineTask } from 'cogrnn';
export default defineTask({
  name: 'Side', title: 'Side', description: 'report the side that lit up', options: {},
  N_in: 2, N_out: 2,
  generateTrialParams: (rng) => ({ side: rng.int(2) }),
  trialFunction(_t, p, step) { step.x[p.side] = 1; step.y[p.side] = 1; step.mask.fill(1); },
  condition: (p) => ({ label: p.side === 1 ? 'right' : 'left', order: [p.side] }),
});`;
  const custom = (): ExperimentSpec => {
    const base = spec();
    return { ...base, task: { name: 'custom', source, file: 'side.ts', dt: 10, tau: 100, T: 50, N_batch: 16, N_in: 2, N_out: 2, options: {} } };
  };

  it('isolates the worker before the task code first runs, then trains and plots its own conditions', async () => {
    installTaskCompiler(compileTask);
    const events: string[] = [];
    const host: BackendHost = {
      ...fakeHost([{ name: 'cpu', available: true }]),
      isolate: async () => void events.push('isolate'),
    };
    const session = new TrainingSession({ host, createTrainer: (s, start) => (events.push('trainer'), new Trainer(s, start)), testEveryMs: 0 });
    const updates = await collect(session, custom(), 'cpu');
    expect(errors(updates)).toEqual([]);
    expect(events[0]).toBe('isolate');
    expect(statuses(updates).at(-1)?.state).toBe('done');
    const summary = tests(updates).at(-1)!;
    expect(summary.psychometric).toMatchObject({ kind: 'conditions', labels: ['left', 'right'] });
    expect(summary.example.label).toMatch(/^side [01]$/);
  });

  it('does not isolate for a built-in task', async () => {
    let isolated = false;
    const host: BackendHost = { ...fakeHost([{ name: 'cpu', available: true }]), isolate: async () => void (isolated = true) };
    await collect(new TrainingSession({ host }), spec(), 'cpu');
    expect(isolated).toBe(false);
  });
});

describe('kernel threads', () => {
  it('asks the host for the chosen threads before training and says how many beside a cpu or wasm backend only', async () => {
    const asked: (number | null)[] = [];
    const host = (available: BackendProbe[]): BackendHost => ({
      ...fakeHost(available),
      threads: async (requested) => (asked.push(requested), `fused kernels on ${requested ?? 4} CPU threads`),
    });
    const run = async (backend: BackendName, threads: number | null) => {
      const updates: WorkerUpdate[] = [];
      await new TrainingSession({ host: host([{ name: backend, available: true }]) }).run({ spec: spec(), backend, threads, throttleMs: 0 }, (u) => updates.push(u));
      return statuses(updates).find((u) => u.state === 'training')?.backendNote ?? '';
    };
    expect(await run('wasm', 2)).toMatch(/; fused kernels on 2 CPU threads$/);
    expect(await run('cpu', null)).toMatch(/; fused kernels on 4 CPU threads$/);
    expect(await run('webgl', 3)).not.toMatch(/CPU thread/);
    expect(asked).toEqual([2, null, 3]);
  });
});
