/**
 * The fused WebGPU GRU against GruRnn op by op on the cpu backend (and the float64 GruSimulator): predictions and
 * states, and the gradients of L = Σ c1·predictions + Σ c2·states with respect to every variable (init_hidden, the
 * recurrence's input state, included) against tf.js autodiff, with init_hidden per batch row and shared from row 0,
 * for N_rec not a multiple of the 32-lane workgroup and more units than invocations. WebGPU runs through Dawn (the
 * `webgpu` package), on Chromium's SwiftShader driver when there is no GPU; without any driver the suite is
 * skipped. Sizes are tiny because SwiftShader is slow.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs'; // registers the gradients of every op
import { afterAll, describe, expect, it } from 'vitest';
import type { Array3 } from '../../array3.ts';
import { GruRnn } from '../../model/gru.ts';
import { type GruWeights, ndarray } from '../../model/weights.ts';
import { Rng } from '../../rng.ts';
import { GruSimulator } from '../../sim/gru-simulator.ts';
import { expectClose, normals } from '../../testing/close.ts';
import { useBackend } from '../../testing/node-backends.ts';
import { tinyRawWeights } from '../../testing/tiny.ts';
import { FUSED_GRU_VARIABLES } from '../cpu/fused-gru.ts';
import type { GruTensors } from '../cpu/gru-host-op.ts';
import type { FusedRnnResult } from '../custom-op.ts';
import { webgpuFusedGru } from './gru-webgpu-op.ts';

/** Why WebGPU cannot run here (no GPU and no SwiftShader driver), or null. */
const unavailable = await useBackend('webgpu').then(() => null, (error: Error) => error.message);
if (unavailable) console.warn(`skipping the fused WebGPU GRU tests: ${unavailable}`);
afterAll(() => useBackend('cpu'));

const [N_in, N_out] = [3, 2];

interface Case {
  B: number;
  T: number;
  N_rec: number;
  initialRows: number;
}

/** A GRU whose gates are strong enough that every path matters, inputs, and the loss weights c1, c2. */
function randomProblem({ B, T, N_rec, initialRows }: Case, seed: number) {
  const rng = new Rng(seed);
  const gate = () => ndarray([N_rec + N_in, N_rec], normals(rng, (N_rec + N_in) * N_rec, 1.5 / Math.sqrt(N_rec + N_in)));
  const vector = () => ndarray([N_rec], normals(rng, N_rec, 0.5));
  const raw: GruWeights = {
    ...tinyRawWeights({ N_in, N_rec, N_out, masks: false, transfer_function: 'tanh', seed }),
    model: 'gru',
    init_hidden: ndarray([initialRows, N_rec], normals(rng, initialRows * N_rec, 0.5)),
    W_r: gate(),
    W_u: gate(),
    W_c: gate(),
    b_r: vector(),
    b_u: vector(),
    b_c: vector(),
  };
  const x: Array3 = { data: normals(rng, B * T * N_in), shape: [B, T, N_in] };
  return { raw, x, c1: normals(rng, B * T * N_out), c2: normals(rng, B * T * N_rec) };
}
type Problem = ReturnType<typeof randomProblem>;

/** Predictions, states and ∂L for every variable, with `forward` run on the active backend. */
async function results(p: Problem, forward: (net: GruRnn) => FusedRnnResult): Promise<Record<string, Float32Array>> {
  const net = new GruRnn(p.raw, { alpha: 0.1, kernel: 'per-step' });
  const variables = FUSED_GRU_VARIABLES.map((name) => net.variables[name]);
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
  return { predictions: data[0], states: data[1], ...Object.fromEntries(FUSED_GRU_VARIABLES.map((name, k) => [name, data[k + 2]])) };
}

const cases: Case[] = [
  ...[6, 37].flatMap((N_rec) => [4, 1].map((initialRows) => ({ B: 4, T: 6, N_rec, initialRows }))),
  { B: 3, T: 2, N_rec: 37, initialRows: 3 }, // another T
  { B: 2, T: 3, N_rec: 300, initialRows: 2 }, // more units than invocations: several per invocation
];

describe.skipIf(unavailable !== null)('the fused WebGPU GRU equals GruRnn op by op and its autodiff', () => {
  it.each(cases)('B $B, T $T, N_rec $N_rec, $initialRows init_hidden rows', async (c) => {
    const problem = randomProblem(c, c.N_rec + c.initialRows + c.T);
    await useBackend('cpu');
    const want = await results(problem, (net) => net.forward({ x: problem.x, noise: null }));
    await useBackend('webgpu');
    const before = tf.memory().numTensors;
    const got = await results(problem, (net) => webgpuFusedGru(net.variables as unknown as GruTensors, problem.x));
    expect(tf.memory().numTensors, 'tensors left behind').toBe(before);
    const simulated = new GruSimulator(problem.raw, { precision: 'float64' }).runTrials(problem.x);
    expectClose('predictions', got.predictions, want.predictions, 1e-5);
    expectClose('states', got.states, want.states, 1e-5);
    expectClose('predictions vs the simulator', got.predictions, simulated.outputs.data, 1e-5);
    expectClose('states vs the simulator', got.states, simulated.states.data, 1e-5);
    for (const name of FUSED_GRU_VARIABLES) {
      expect(want[name].some((v) => v !== 0), `${name} is non-zero`).toBe(true);
      expectClose(name, got[name], want[name], 1e-4);
    }
  });

  it("is what GruRnn's 'auto' kernel runs on webgpu", async () => {
    const problem = randomProblem({ B: 2, T: 3, N_rec: 5, initialRows: 1 }, 2);
    const net = new GruRnn(problem.raw, { alpha: 0.1, kernel: 'auto' });
    expect(net.fused).toBe(true);
    const states = tf.tidy(() => net.forward({ x: problem.x, noise: null }).states);
    const simulated = new GruSimulator(problem.raw, { precision: 'float64' }).runTrials(problem.x);
    expectClose('states', (await states.data()) as Float32Array, simulated.states.data, 1e-5);
    states.dispose();
    net.dispose();
  });

  it('names the variable whose shape does not fit', () => {
    const problem = randomProblem({ B: 2, T: 2, N_rec: 4, initialRows: 2 }, 1);
    const net = new GruRnn(problem.raw, { alpha: 0.1, kernel: 'per-step' });
    const wrongInputs: Array3 = { data: new Float32Array(2 * 2 * (N_in + 1)), shape: [2, 2, N_in + 1] };
    expect(() => webgpuFusedGru(net.variables as unknown as GruTensors, wrongInputs)).toThrow(
      `W_r has shape [${4 + N_in}, 4]; with N_in ${N_in + 1} the GRU needs [${4 + N_in + 1}, 4]`,
    );
    net.dispose();
  });
});
