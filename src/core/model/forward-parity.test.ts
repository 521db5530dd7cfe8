/** The plain-TypeScript simulator and the tf.js engine's forward pass agree to 1e-5. */
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng.ts';
import { loadWeightsNpz } from '../io/weights-file.ts';
import { BasicSimulator, LSTMSimulator } from '../sim/simulator.ts';
import perceptualDiscrimination from '../tasks/perceptual-discrimination.ts';
import { buildTask, type Task } from '../tasks/task.ts';
import { useCpuBackend } from '../testing/backend.ts';
import { FIXTURE_SKIP_REASON, FIXTURE_WEIGHTS } from '../testing/shared.ts';
import { tinyRawWeights } from '../testing/tiny.ts';
import { batchTensors } from '../train/objective.ts';
import { BasicRnn, type KernelChoice } from './basic.ts';
import { lstmInitializer } from './initializers.ts';
import { LstmRnn } from './lstm.ts';
import type { RecurrentNetwork } from './network.ts';
import type { BasicWeights, LstmWeights } from './weights.ts';

beforeAll(useCpuBackend);

function engineForward(net: RecurrentNetwork, batch: ReturnType<Task['getTrialBatch']>) {
  return tf.tidy(() => {
    const { predictions, states } = net.forward(batchTensors(batch, net, new Rng(0)));
    return { outputs: predictions.dataSync() as Float32Array, states: states.dataSync() as Float32Array };
  });
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}

function compareBasic(raw: BasicWeights, T = 2000, kernel: KernelChoice = 'auto') {
  const task = buildTask(perceptualDiscrimination, { dt: 10, tau: 100, T, N_batch: 8 }, new Rng(5));
  const batch = task.getTrialBatch();
  const net = new BasicRnn(raw, { alpha: 0.1, recNoise: 0, kernel });
  expect(net.fused).toBe(kernel === 'auto');
  const engine = engineForward(net, batch);
  const effective = net.exportWeights();
  net.dispose();
  return effective.then((eff) => {
    const sim = new BasicSimulator(eff, { alpha: 0.1 }).runTrials(batch.x);
    expect(Math.max(...Array.from(sim.outputs.data, Math.abs)), 'outputs stay O(1)').toBeLessThan(20);
    expect(maxAbsDifference(engine.outputs, sim.outputs.data)).toBeLessThan(1e-5);
    expect(maxAbsDifference(engine.states, sim.states.data)).toBeLessThan(1e-5);
  });
}

describe('simulator = engine forward pass', () => {
  it('relu, dense, 200 steps', () => compareBasic(tinyRawWeights({ N_rec: 20, masks: false, recStd: 0.25, seed: 2 })));
  it('relu, dense, 200 steps, op by op', () => compareBasic(tinyRawWeights({ N_rec: 20, masks: false, recStd: 0.25, seed: 2 }), 2000, 'per-step'));
  it('tanh with masks and Dale', () => compareBasic(tinyRawWeights({ N_rec: 20, dale_ratio: 0.8, transfer_function: 'tanh', recStd: 0.25 })));
  it('softplus and sigmoid', async () => {
    await compareBasic(tinyRawWeights({ N_rec: 12, transfer_function: 'softplus' }), 500);
    await compareBasic(tinyRawWeights({ N_rec: 12, transfer_function: 'sigmoid' }), 500);
  });

  it.each(['auto', 'per-step'] as const)('LSTM (per-row initial states), %s kernel', (kernel) => {
    const base = tinyRawWeights({ N_rec: 10, masks: false });
    const extra = lstmInitializer({ N_in: 2, N_rec: 10, N_out: 2, N_batch: 8 }, new Rng(4));
    const raw: LstmWeights = { ...base, ...extra, model: 'lstm' };
    const task = buildTask(perceptualDiscrimination, { dt: 10, tau: 100, T: 1000, N_batch: 8 }, new Rng(5));
    const batch = task.getTrialBatch();
    const net = new LstmRnn(raw, { alpha: 0.1, kernel });
    expect(net.fused).toBe(kernel === 'auto');
    const engine = engineForward(net, batch);
    net.dispose();
    const sim = new LSTMSimulator(raw).runTrials(batch.x);
    expect(maxAbsDifference(engine.outputs, sim.outputs.data)).toBeLessThan(1e-5);
    expect(maxAbsDifference(engine.states, sim.states.data)).toBeLessThan(1e-5);
  });
});

describe.skipIf(!FIXTURE_WEIGHTS)(`PsychRNN's trained network (${FIXTURE_SKIP_REASON})`, () => {
  it('scores ≥ 0.95 on PerceptualDiscrimination through the simulator and the engine, which agree', async () => {
    const weights = loadWeightsNpz(new Uint8Array(readFileSync(FIXTURE_WEIGHTS as string)));
    if (weights.model !== 'basic') throw new Error('the fixture is a basic RNN');
    const task = buildTask(perceptualDiscrimination, { dt: 10, tau: 100, T: 2000, N_batch: 128 }, new Rng(2020));
    const batch = task.getTrialBatch();
    const sim = new BasicSimulator(weights, { alpha: task.alpha }).runTrials(batch.x);
    expect(task.accuracyFunction(batch.y, sim.outputs, batch.mask)).toBeGreaterThanOrEqual(0.95);
    const net = new BasicRnn(weights, { alpha: task.alpha, recNoise: 0 });
    const engine = engineForward(net, batch);
    net.dispose();
    expect(maxAbsDifference(engine.outputs, sim.outputs.data)).toBeLessThan(1e-5);
    const output = { data: engine.outputs, shape: batch.y.shape };
    expect(task.accuracyFunction(batch.y, output, batch.mask)).toBeGreaterThanOrEqual(0.95);
  });
});
