/**
 * The fused WebGPU kernels against references on the cpu backend: the forward against the per-step tf.js
 * graph of the Basic RNN, the six gradients against tf.js autodiff (tf.grads) of
 * L = Σ dOutputs·outputs + Σ dStates·states through that graph. WebGPU runs through Dawn (the `webgpu`
 * package), on Chromium's SwiftShader driver when there is no GPU; without any driver the suite is skipped.
 * Sizes are tiny because SwiftShader is slow.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs'; // registers the gradients of every op
import { describe, expect, it } from 'vitest';
import { useBackend } from '../../testing/node-backends.ts';
import type { TransferFunctionName } from '../../model/transfer.ts';
import { transferFunctionTf } from '../../model/transfer-tf.ts';
import { Rng } from '../../rng.ts';
import { useCpuBackend } from '../../testing/backend.ts';
import { expectClose } from '../../testing/close.ts';
import { type WebGpuFusedGradients, webgpuFusedBackward, webgpuFusedForward } from './fused-rnn-webgpu.ts';

const ALPHA = 0.2;

/** Why WebGPU cannot run here (no GPU and no SwiftShader driver, /usr/lib/chromium/vk_swiftshader_icd.json), or null. */
async function webgpuUnavailable(): Promise<string | null> {
  try {
    await useBackend('webgpu');
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

const unavailable = await webgpuUnavailable();
if (unavailable) console.warn(`skipping the fused WebGPU kernel tests: ${unavailable}`);

interface Case {
  B: number;
  T: number;
  N_in: number;
  N_rec: number;
  N_out: number;
  transfer: TransferFunctionName;
  noisy: boolean;
  withStateGradient: boolean;
  /** b_rec, b_out and init_state as [1, N] instead of [N] */
  rowVectors: boolean;
}

const GRADIENT_NAMES = ['dW_in', 'dW_rec', 'dW_out', 'db_rec', 'db_out', 'dInit_state'] as const;

/** A random network, batch and loss weights, as plain arrays; W_rec scaled so that activity neither dies nor explodes. */
function randomProblem(c: Case, seed: number) {
  const rng = new Rng(seed);
  const normals = (n: number, std: number, mean = 0) => rng.fillNormal(new Float32Array(n), mean, std);
  const { B, T, N_in, N_rec, N_out } = c;
  return {
    x: normals(B * T * N_in, 1),
    noise: c.noisy ? normals(B * T * N_rec, 0.1) : null,
    W_in: normals(N_rec * N_in, 1),
    W_rec: normals(N_rec * N_rec, 1.2 / Math.sqrt(N_rec)),
    W_out: normals(N_out * N_rec, 1 / Math.sqrt(N_rec)),
    b_rec: normals(N_rec, 0.3),
    b_out: normals(N_out, 0.3),
    init_state: normals(N_rec, 0.3, 0.2),
    dOutputs: normals(B * T * N_out, 1),
    dStates: c.withStateGradient ? normals(B * T * N_rec, 0.5) : null,
  };
}
type Problem = ReturnType<typeof randomProblem>;

/** The problem's tensors on the active backend, in the shapes the kernels take. */
function problemTensors(c: Case, d: Problem) {
  const { B, T, N_in, N_rec, N_out } = c;
  const vector = (data: Float32Array) => (c.rowVectors ? tf.tensor2d(data, [1, data.length]) : tf.tensor1d(data));
  return {
    x: tf.tensor3d(d.x, [B, T, N_in]),
    noise: d.noise && tf.tensor3d(d.noise, [B, T, N_rec]),
    W_in: tf.tensor2d(d.W_in, [N_rec, N_in]),
    W_rec: tf.tensor2d(d.W_rec, [N_rec, N_rec]),
    W_out: tf.tensor2d(d.W_out, [N_out, N_rec]),
    b_rec: vector(d.b_rec),
    b_out: vector(d.b_out),
    init_state: vector(d.init_state),
    dOutputs: tf.tensor3d(d.dOutputs, [B, T, N_out]),
    dStates: d.dStates && tf.tensor3d(d.dStates, [B, T, N_rec]),
  };
}

type Results = { states: Float32Array; outputs: Float32Array } & Record<keyof WebGpuFusedGradients, Float32Array>;

/** States, outputs and tf.grads of L through the per-step graph, on the cpu backend. */
async function referenceResults(c: Case, d: Problem): Promise<Results> {
  await useCpuBackend();
  const f = transferFunctionTf(c.transfer);
  const t = problemTensors(c, d);
  const forward = (W_in: tf.Tensor, W_rec: tf.Tensor, W_out: tf.Tensor, b_rec: tf.Tensor, b_out: tf.Tensor, init: tf.Tensor) => {
    let state = tf.tile(tf.reshape(init, [1, c.N_rec]), [c.B, 1]);
    const states: tf.Tensor[] = [];
    const outputs: tf.Tensor[] = [];
    for (let step = 0; step < c.T; step++) {
      const u = tf.reshape(tf.slice(t.x, [0, step, 0], [c.B, 1, c.N_in]), [c.B, c.N_in]);
      const drive = tf.add(tf.add(tf.matMul(f(state), W_rec, false, true), tf.matMul(u, W_in, false, true)), tf.reshape(b_rec, [c.N_rec]));
      state = tf.add(tf.mul(state, 1 - ALPHA), tf.mul(drive, ALPHA));
      if (t.noise) state = tf.add(state, tf.reshape(tf.slice(t.noise, [0, step, 0], [c.B, 1, c.N_rec]), [c.B, c.N_rec]));
      states.push(state);
      outputs.push(tf.add(tf.matMul(f(state), W_out, false, true), tf.reshape(b_out, [c.N_out])));
    }
    return { states: tf.stack(states, 1), outputs: tf.stack(outputs, 1) };
  };
  const loss = (...params: tf.Tensor[]) => {
    const { states, outputs } = forward(...(params as Parameters<typeof forward>));
    const outputTerm = tf.sum(tf.mul(outputs, t.dOutputs));
    return t.dStates ? tf.add(outputTerm, tf.sum(tf.mul(states, t.dStates))) : outputTerm;
  };
  const params = [t.W_in, t.W_rec, t.W_out, t.b_rec, t.b_out, t.init_state];
  const all = tf.tidy(() => {
    const { states, outputs } = forward(...(params as Parameters<typeof forward>));
    return [states, outputs, ...tf.grads(loss)(params)];
  });
  const [states, outputs, ...grads] = all.map((tensor) => tensor.dataSync() as Float32Array);
  tf.dispose([...all, ...Object.values(t).filter((v) => v !== null)]);
  return { states, outputs, ...Object.fromEntries(GRADIENT_NAMES.map((name, k) => [name, grads[k]])) } as Results;
}

/** The fused kernels' results on the webgpu backend; checks gradient shapes and that no tensor is left behind. */
async function fusedResults(c: Case, d: Problem): Promise<Results> {
  await useBackend('webgpu');
  const before = tf.memory().numTensors;
  const t = problemTensors(c, d);
  const params = { ...t, alpha: ALPHA, transfer: c.transfer };
  const { states, outputs } = webgpuFusedForward(params);
  const grads = webgpuFusedBackward({ ...params, states, dOutputs: t.dOutputs, dStates: t.dStates });
  const given = { dW_in: t.W_in, dW_rec: t.W_rec, dW_out: t.W_out, db_rec: t.b_rec, db_out: t.b_out, dInit_state: t.init_state };
  for (const name of GRADIENT_NAMES) expect(grads[name].shape, `${name} shape`).toEqual(given[name].shape);
  const read = async (tensor: tf.Tensor) => (await tensor.data()) as Float32Array;
  const results = {
    states: await read(states),
    outputs: await read(outputs),
    ...Object.fromEntries(await Promise.all(GRADIENT_NAMES.map(async (name) => [name, await read(grads[name])]))),
  } as Results;
  tf.dispose([states, outputs, ...Object.values(grads), ...Object.values(t).filter((v) => v !== null)]);
  expect(tf.memory().numTensors, 'tensors left behind').toBe(before);
  return results;
}

const small = { B: 5, T: 7, N_in: 3, N_rec: 6, N_out: 2, noisy: true, withStateGradient: true, rowVectors: false };
const cases: Case[] = [
  ...(['relu', 'tanh', 'sigmoid', 'softplus', 'linear'] as const).map((transfer) => ({ ...small, transfer })),
  { ...small, transfer: 'relu', noisy: false, withStateGradient: false, rowVectors: true },
  { ...small, N_rec: 37, transfer: 'relu', withStateGradient: false },
  { ...small, N_rec: 37, transfer: 'tanh', noisy: false, rowVectors: true },
  { ...small, B: 2, T: 3, N_rec: 300, transfer: 'tanh' },
];
const label = (c: Case) =>
  `N_rec ${c.N_rec}, T ${c.T}, ${c.transfer}${c.noisy ? ', noise' : ''}${c.withStateGradient ? ', dStates' : ''}${c.rowVectors ? ', [1, N] vectors' : ''}`;

describe.skipIf(unavailable !== null)('fused WebGPU kernels equal the per-step tf.js graph and its autodiff', () => {
  cases.forEach((c, k) => {
    it(label(c), async () => {
      const problem = randomProblem(c, 10 + k);
      const want = await referenceResults(c, problem);
      const got = await fusedResults(c, problem);
      expectClose('states', got.states, want.states, 1e-5);
      expectClose('outputs', got.outputs, want.outputs, 1e-5);
      for (const name of GRADIENT_NAMES) {
        expect(want[name].some((v) => v !== 0), `${name} is non-zero`).toBe(true);
        expectClose(name, got[name], want[name], 1e-4);
      }
    });
  });

  it('names the tensor whose shape does not fit the network', async () => {
    await useBackend('webgpu');
    const c = cases[0];
    const t = problemTensors(c, randomProblem(c, 1));
    const wrong = tf.zeros([c.N_rec, c.N_rec + 1]) as tf.Tensor2D;
    expect(() => webgpuFusedForward({ ...t, W_rec: wrong, alpha: ALPHA, transfer: 'relu' })).toThrow(/W_rec has shape \[6, 7\]; the network needs \[6, 6\]/);
    tf.dispose([wrong, ...Object.values(t).filter((v) => v !== null)]);
  });
});

describe('fused WebGPU kernels on another backend', () => {
  it('say that they need the webgpu backend', async () => {
    await useCpuBackend();
    const c = cases[0];
    const t = problemTensors(c, randomProblem(c, 1));
    expect(() => webgpuFusedForward({ ...t, alpha: ALPHA, transfer: 'relu' })).toThrow(/need the webgpu tf.js backend; the active backend is 'cpu'/);
    tf.dispose(Object.values(t).filter((v) => v !== null));
  });
});
