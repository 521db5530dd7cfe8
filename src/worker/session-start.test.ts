/**
 * Where a run starts (protocol.ts RunStart): resumed from a checkpoint the page kept — after a reload, in a fresh
 * session — the run goes on as if never interrupted; started from given weights (an imported network), it trains
 * from them; and `evaluate` simulates a network without training it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initialWeightsFrom, type InitialWeights, loadExperimentNpz } from '../core/io/experiment-file.ts';
import { type NpyNumericArray, readNpz } from '../core/io/npz.ts';
import type { NdArray } from '../core/model/weights.ts';
import type { ExperimentSpec } from '../core/spec/spec.ts';
import { useCpuBackend } from '../core/testing/backend.ts';
import { tinySpec } from '../core/testing/tiny.ts';
import { Trainer } from '../core/train/trainer.ts';
import type { BackendName, BaselineUpdate, RunStart, WorkerUpdate } from './protocol.ts';
import { TrainingSession } from './session.ts';
import { checkpoints, collect, fakeHost, progress, statuses, tests } from './session-testing.ts';

beforeAll(useCpuBackend);

const spec = (): ExperimentSpec =>
  tinySpec({
    model: { N_rec: 6, rec_noise: 0.1, constraints: { dale_ratio: 0.5 } },
    training: { training_iters: 16 * 12, loss_epoch: 1 },
  });

const session = () => new TrainingSession({ host: fakeHost([{ name: 'cpu', available: true }]), testEveryMs: 0 });

async function run(s: ExperimentSpec, start: RunStart): Promise<WorkerUpdate[]> {
  const updates: WorkerUpdate[] = [];
  await session().run({ spec: s, backend: 'cpu', throttleMs: 0, start }, (u) => updates.push(u));
  return updates;
}

/** The starting weights a checkpoint file holds (`cogrnn_initial_…`). */
function initialOf(file: Uint8Array): InitialWeights {
  const initial = initialWeightsFrom(readNpz(file));
  if (!initial) throw new Error('the checkpoint file has no starting weights');
  return initial;
}

const losses = (u: WorkerUpdate[]) => progress(u).flatMap((p) => Array.from(p.points.loss));
const trialsOf = (u: WorkerUpdate[]) => progress(u).flatMap((p) => Array.from(p.points.trials));
const baselines = (u: WorkerUpdate[]) => u.filter((x): x is BaselineUpdate => x.type === 'weights-baseline');

describe('a run started from a checkpoint the page kept', () => {
  it('goes on in a fresh session exactly as the uninterrupted run: same losses, tests, baseline and files', async () => {
    const whole = await collect(session(), spec(), 'cpu');
    const kept = checkpoints(whole).find((c) => c.trials === 16 * 5)!;
    expect(kept.state).not.toBeNull();
    const resumed = await run(spec(), { kind: 'resume', state: structuredClone(kept.state!), initial: initialOf(kept.file) });
    expect(trialsOf(resumed)).toEqual(Array.from({ length: 7 }, (_, k) => 16 * (k + 6)));
    expect(losses(resumed)).toEqual(losses(whole).slice(5));
    expect(tests(resumed).map((t) => [t.trials, t.loss, t.accuracy])).toEqual(tests(whole).filter((t) => t.trials > 16 * 5).map((t) => [t.trials, t.loss, t.accuracy]));
    expect(baselines(resumed)).toEqual(baselines(whole));
    const last = (u: WorkerUpdate[]) => readNpz(checkpoints(u).at(-1)!.file);
    expect(last(resumed)).toEqual(last(whole));
    expect(statuses(resumed).at(-1)?.message).toBe(statuses(whole).at(-1)?.message);
  });

  it('sends no baseline when the checkpoint file had no starting weights (it cannot tell W₀)', async () => {
    const whole = await collect(session(), spec(), 'cpu');
    const kept = checkpoints(whole)[2];
    const resumed = await run(spec(), { kind: 'resume', state: structuredClone(kept.state!), initial: null });
    expect(baselines(resumed)).toEqual([]);
    expect(losses(resumed)).toEqual(losses(whole).slice(3));
  });

  it('keeps its own copy of the state: the copy for the page is transferred away, and failover still resumes', async () => {
    const used: BackendName[] = [];
    let failed = false;
    const s = new TrainingSession({
      host: fakeHost([{ name: 'webgl', available: true }, { name: 'wasm', available: true }], used),
      testEveryMs: 0,
      createTrainer: (sp, start) => {
        const trainer = new Trainer(sp, start);
        const step = trainer.step.bind(trainer);
        let steps = 0;
        trainer.step = (batch) => {
          if (used.at(-1) === 'webgl' && !failed && ++steps === 8) {
            failed = true;
            throw new Error('GPU device was lost');
          }
          step(batch);
        };
        return trainer;
      },
    });
    const updates: WorkerUpdate[] = [];
    await s.run({ spec: spec(), backend: 'webgl', throttleMs: 0 }, (u) => {
      // what Comlink.transfer does to the update's buffers: they are detached on the worker's side
      if (u.type === 'checkpoint' && u.state) structuredClone(u.state, { transfer: [u.state.weights.W_rec.data.buffer as ArrayBuffer] });
      updates.push(u);
    });
    expect(used).toEqual(['webgl', 'wasm']);
    const whole = await collect(session(), spec(), 'cpu');
    expect(losses(updates)).toEqual(losses(whole));
  });
});

describe('checkpoints and the curve', () => {
  it('sends every curve point up to a checkpoint before the checkpoint, however slow the progress throttle', async () => {
    const updates: WorkerUpdate[] = [];
    await session().run({ spec: spec(), backend: 'cpu', throttleMs: 1e9 }, (u) => updates.push(u));
    const sent: number[] = [];
    for (const update of updates) {
      if (update.type === 'progress') sent.push(...update.points.trials);
      if (update.type === 'checkpoint') expect(sent.at(-1), `before the checkpoint at ${update.trials}`).toBe(update.trials);
    }
    expect(checkpoints(updates).length).toBeGreaterThan(5);
  });
});

describe('a run started from given weights (an imported network trained further)', () => {
  it('trains from them: the baseline and the files start from those weights', async () => {
    const trained = await collect(session(), spec(), 'cpu');
    const { weights } = loadExperimentNpz(checkpoints(trained).at(-1)!.file);
    const further = await run(spec(), { kind: 'weights', weights });
    expect(baselines(further)[0].W_rec0).toEqual(weights.W_rec.data);
    expect(initialOf(checkpoints(further)[0].file).W_rec.data).toEqual(weights.W_rec.data);
    expect(trialsOf(further)[0]).toBe(16);
    expect(statuses(further).at(-1)?.state).toBe('done');
  });
});

describe('evaluate', () => {
  it('simulates a network on the spec\'s task without training: a summary, a checkpoint of the same weights, done', async () => {
    const trained = await collect(session(), spec(), 'cpu');
    const file = checkpoints(trained).at(-1)!.file;
    const { weights } = loadExperimentNpz(file);
    const updates: WorkerUpdate[] = [];
    await session().evaluate({ spec: spec(), weights, backend: null }, (u) => updates.push(u));
    expect(progress(updates)).toEqual([]);
    expect(tests(updates)).toHaveLength(1);
    expect(tests(updates)[0].trials).toBe(0);
    expect(tests(updates)[0].weights.W_rec).toEqual(weights.W_rec.data);
    const [checkpoint] = checkpoints(updates);
    expect(checkpoint.state).toBeNull();
    expect((readNpz(checkpoint.file).get('W_rec') as NpyNumericArray).data).toEqual(weights.W_rec.data);
    const done = statuses(updates).at(-1)!;
    expect(done.state).toBe('done');
    expect(done.message).toBe(`the network's accuracy is ${tests(updates)[0].accuracy.toFixed(3)} on a fresh batch (simulated on cpu, not trained here)`);
  });

  it('refuses an invalid spec with the spec\'s message', async () => {
    const trained = await collect(session(), spec(), 'cpu');
    const { weights } = loadExperimentNpz(checkpoints(trained).at(-1)!.file);
    const updates: WorkerUpdate[] = [];
    await session().evaluate({ spec: { ...spec(), seed: -1 } as ExperimentSpec, weights, backend: null }, (u) => updates.push(u));
    expect(statuses(updates).at(-1)).toMatchObject({ state: 'error' });
    expect(statuses(updates).at(-1)?.message).toMatch(/^the spec is invalid: .*seed/);
  });
});
