/**
 * The fused WebGPU LSTM against LstmRnn op by op on the cpu backend: predictions and states, and the gradients
 * of L = Σ c1·predictions + Σ c2·states with respect to every variable against tf.js autodiff, with initial
 * states per batch row and shared from row 0. WebGPU runs through Dawn (the `webgpu` package), on Chromium's
 * SwiftShader driver when there is no GPU; without any driver the suite is skipped. Sizes are tiny because
 * SwiftShader is slow.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs'; // registers the gradients of every op
import { afterAll, describe, expect, it } from 'vitest';
import type { Array3 } from '../../array3.ts';
import { useBackend } from '../../testing/node-backends.ts';
import { lstmInitializer } from '../../model/initializers.ts';
import { LstmRnn } from '../../model/lstm.ts';
import { type LstmWeights, ndarray } from '../../model/weights.ts';
import { Rng } from '../../rng.ts';
import { expectClose } from '../../testing/close.ts';
import { tinyRawWeights } from '../../testing/tiny.ts';
import type { FusedRnnResult } from '../custom-op.ts';
import { FUSED_LSTM_VARIABLES } from '../cpu/fused-lstm.ts';
import type { LstmTensors } from '../cpu/lstm-host-op.ts';
import { webgpuFusedLstm } from './lstm-webgpu-op.ts';

/** Why WebGPU cannot run here (no GPU and no SwiftShader driver), or null. */
const unavailable = await useBackend('webgpu').then(() => null, (error: Error) => error.message);
if (unavailable) console.warn(`skipping the fused WebGPU LSTM tests: ${unavailable}`);
afterAll(() => useBackend('cpu'));

const [N_in, N_out] = [3, 2];

interface Case {
  B: number;
  T: number;
  N_rec: number;
  initialRows: number;
}

/** An LSTM whose gates are strong enough that every path matters, inputs, and the loss weights c1, c2. */
function randomProblem({ B, T, N_rec, initialRows }: Case, seed: number) {
  const rng = new Rng(seed);
  const normals = (n: number, std: number) => rng.fillNormal(new Float32Array(n), 0, std);
  const base = tinyRawWeights({ N_in, N_rec, N_out, masks: false, transfer_function: 'tanh', seed });
  const raw: LstmWeights = { ...base, ...lstmInitializer({ N_in, N_rec, N_out, N_batch: initialRows }, rng), model: 'lstm' };
  for (const g of ['f', 'i', 'c', 'o'] as const) {
    raw[`W_${g}`] = ndarray([N_rec + N_in, N_rec], normals((N_rec + N_in) * N_rec, 1.5 / Math.sqrt(N_rec + N_in)));
    raw[`b_${g}`] = ndarray([N_rec], normals(N_rec, 0.5));
  }
  const x: Array3 = { data: normals(B * T * N_in, 1), shape: [B, T, N_in] };
  return { raw, x, c1: normals(B * T * N_out, 1), c2: normals(B * T * N_rec, 1) };
}
type Problem = ReturnType<typeof randomProblem>;

/** Predictions, states and ∂L for every variable, with `forward` run on the active backend. */
async function results(p: Problem, forward: (net: LstmRnn) => FusedRnnResult): Promise<Record<string, Float32Array>> {
  const net = new LstmRnn(p.raw, { alpha: 0.1, kernel: 'per-step' });
  const variables = FUSED_LSTM_VARIABLES.map((name) => net.variables[name]);
  const all = tf.tidy(() => {
    const { predictions, states } = forward(net);
    const loss = () => {
      const again = forward(net);
      return tf.add(tf.sum(tf.mul(again.predictions, tf.tensor(p.c1, again.predictions.shape))), tf.sum(tf.mul(again.states, tf.tensor(p.c2, again.states.shape)))) as tf.Scalar;
    };
    const { grads } = tf.variableGrads(loss, variables);
    return [predictions, states, ...variables.map((v) => grads[v.name])];
  });
  const data = await Promise.all(all.map((tensor) => tensor.data() as Promise<Float32Array>));
  const gradientShapes = all.slice(2).map((g) => g.shape);
  expect(gradientShapes, 'gradient shapes').toEqual(variables.map((v) => v.shape));
  tf.dispose(all);
  net.dispose();
  return { predictions: data[0], states: data[1], ...Object.fromEntries(FUSED_LSTM_VARIABLES.map((name, k) => [name, data[k + 2]])) };
}

const cases: Case[] = [
  ...[6, 37].flatMap((N_rec) => [5, 1].map((initialRows) => ({ B: 5, T: 7, N_rec, initialRows }))),
  { B: 2, T: 3, N_rec: 300, initialRows: 2 }, // more units than invocations: several per invocation
];

describe.skipIf(unavailable !== null)('the fused WebGPU LSTM equals LstmRnn op by op and its autodiff', () => {
  it.each(cases)('B $B, T $T, N_rec $N_rec, $initialRows initial-state rows', async (c) => {
    const problem = randomProblem(c, c.N_rec + c.initialRows);
    await useBackend('cpu');
    const want = await results(problem, (net) => net.forward({ x: problem.x, noise: null }));
    await useBackend('webgpu');
    const before = tf.memory().numTensors;
    const got = await results(problem, (net) => webgpuFusedLstm(net.variables as unknown as LstmTensors, problem.x));
    expect(tf.memory().numTensors, 'tensors left behind').toBe(before);
    expectClose('predictions', got.predictions, want.predictions, 1e-5);
    expectClose('states', got.states, want.states, 1e-5);
    for (const name of FUSED_LSTM_VARIABLES) {
      expect(want[name].some((v) => v !== 0), `${name} is non-zero`).toBe(true);
      expectClose(name, got[name], want[name], 1e-4);
    }
  });
});
