/**
 * The Basic RNN's fused kernel split over 2 and 3 threads against the same kernel on one thread: forward states
 * and outputs bit-equal (each trial's arithmetic is unchanged), every gradient within THREAD_TOLERANCE (the
 * per-thread partial sums reorder the sums over trials), for batches that do not split evenly (B 20: 3 lane groups
 * over 2 threads) and for more threads than groups; and the 2-thread gradients against tf.js autodiff of the
 * op-by-op BasicRnn, as fused-rnn.test.ts checks the single thread.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs'; // registers the gradients of every op
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC_VARIABLES, BasicRnn } from '../../../model/basic.ts';
import { Rng } from '../../../rng.ts';
import { useCpuBackend } from '../../../testing/backend.ts';
import { expectClose, normals } from '../../../testing/close.ts';
import { relativeDifference } from '../../../testing/relative-difference.ts';
import { tinyRawWeights } from '../../../testing/tiny.ts';
import { type FusedBackwardParams, type FusedForwardParams, type FusedGradients, type FusedTransfer, fusedBackward, fusedForward } from '../fused-rnn.ts';
import { kernelThreadCount, startKernelThreads, stopKernelThreads } from './threads.ts';

/** max |threaded − single| / max |single| of each gradient; measured ≤ 3e-7 (one f32 rounding of the sum) */
const THREAD_TOLERANCE = 1e-6;
const ALPHA = 0.2;
const REC_NOISE = 0.1;

interface Sizes { B: number; T: number; N_in: number; N_rec: number; N_out: number }

function setup(sizes: Sizes, transfer: FusedTransfer, seed: number) {
  const { B, T, N_in, N_rec, N_out } = sizes;
  const raw = tinyRawWeights({ N_in, N_rec, N_out, masks: false, dale_ratio: null, transfer_function: transfer, seed });
  const rng = new Rng(100 + seed);
  const xi = normals(rng, B * T * N_rec);
  const scale = Math.sqrt(2 * ALPHA * REC_NOISE * REC_NOISE);
  const forward: FusedForwardParams = {
    x: normals(rng, B * T * N_in),
    W_in: raw.W_in.data, W_rec: raw.W_rec.data, W_out: raw.W_out.data,
    b_rec: raw.b_rec.data, b_out: raw.b_out.data, init_state: raw.init_state.data,
    noise: xi.map((v) => v * scale),
    alpha: ALPHA, ...sizes, transfer,
  };
  return { raw, forward, xi, dOutputs: normals(rng, B * T * N_out), dStates: normals(rng, B * T * N_rec, 0.5) };
}

/** forward and backward of `s` on `threads` threads */
async function runOn(threads: number, s: ReturnType<typeof setup>) {
  await startKernelThreads(threads);
  expect(kernelThreadCount()).toBe(threads);
  const out = fusedForward(s.forward);
  const backward: FusedBackwardParams = { ...s.forward, states: out.states, dOutputs: s.dOutputs, dStates: s.dStates };
  return { ...out, grads: fusedBackward(backward) };
}

beforeAll(useCpuBackend);
afterAll(stopKernelThreads);

describe('the Basic RNN kernel over threads equals it on one thread', () => {
  const cases: [string, Sizes, number, FusedTransfer][] = [
    ['B 20 (3 groups) over 2 threads', { B: 20, T: 40, N_in: 2, N_rec: 13, N_out: 2 }, 2, 'relu'],
    ['B 128 (16 groups) over 3 threads', { B: 128, T: 35, N_in: 3, N_rec: 16, N_out: 3 }, 3, 'tanh'],
    ['B 13 (2 groups) over 3 threads: more threads than groups', { B: 13, T: 70, N_in: 5, N_rec: 37, N_out: 3 }, 3, 'softplus'],
    ['B 6 (1 group) over 2 threads', { B: 6, T: 20, N_in: 2, N_rec: 7, N_out: 3 }, 2, 'sigmoid'],
  ];
  for (const [title, sizes, threads, transfer] of cases) {
    it(title, async () => {
      const s = setup(sizes, transfer, sizes.N_rec);
      const single = await runOn(1, s);
      const split = await runOn(threads, s);
      expect(split.states).toEqual(single.states);
      expect(split.outputs).toEqual(single.outputs);
      for (const name of Object.keys(single.grads) as (keyof FusedGradients)[]) {
        expect(single.grads[name].some((v) => v !== 0), `${name} is non-zero`).toBe(true);
        const { relative } = relativeDifference(split.grads[name], single.grads[name]);
        expect(relative, name).toBeLessThanOrEqual(THREAD_TOLERANCE);
      }
    });
  }

  it('the same threads give the same gradients run after run', async () => {
    const s = setup({ B: 40, T: 30, N_in: 2, N_rec: 10, N_out: 2 }, 'relu', 5);
    const [a, b] = [await runOn(2, s), await runOn(2, s)];
    expect(b.grads).toEqual(a.grads);
  });

  it('refuses a thread count that is not a whole number from 1 to 64, naming it', async () => {
    await expect(startKernelThreads(0)).rejects.toThrow(/kernel threads must be a whole number from 1 to 64; got 0/);
    await expect(startKernelThreads(2.5)).rejects.toThrow(/got 2\.5/);
  });
});

/** tf.js gradients of L = Σ c1·outputs + Σ c2·states through BasicRnn.forward op by op, with noise ξ */
function autodiffGradients(s: ReturnType<typeof setup>): FusedGradients {
  const { B, T, N_in, N_rec, N_out } = s.forward;
  const net = new BasicRnn(s.raw, { alpha: ALPHA, recNoise: REC_NOISE, kernel: 'per-step' });
  const grads = tf.tidy(() => {
    const c1 = tf.tensor3d(s.dOutputs, [B, T, N_out]);
    const c2 = tf.tensor3d(s.dStates, [B, T, N_rec]);
    const { grads } = tf.variableGrads(() => {
      const { predictions, states } = net.forward({ x: { data: s.forward.x, shape: [B, T, N_in] }, noise: { data: s.xi, shape: [B, T, N_rec] } });
      return tf.add(tf.sum(tf.mul(predictions, c1)), tf.sum(tf.mul(states, c2))) as tf.Scalar;
    }, BASIC_VARIABLES.map((n) => net.variables[n]));
    return BASIC_VARIABLES.map((n) => grads[net.variables[n].name]);
  });
  const [dInit_state, dW_in, dW_rec, dW_out, db_rec, db_out] = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose(grads);
  net.dispose();
  return { dInit_state, dW_in, dW_rec, dW_out, db_rec, db_out };
}

describe('the 2-thread backward equals tf.js autodiff through BasicRnn.forward', () => {
  for (const [sizes, transfer] of [[{ B: 20, T: 40, N_in: 2, N_rec: 13, N_out: 2 }, 'tanh'], [{ B: 13, T: 70, N_in: 5, N_rec: 37, N_out: 3 }, 'relu']] as const) {
    it(`B ${sizes.B}, T ${sizes.T}, N_rec ${sizes.N_rec}, ${transfer}, with noise`, async () => {
      const s = setup(sizes, transfer, 3);
      const want = autodiffGradients(s);
      const { grads } = await runOn(2, s);
      for (const name of Object.keys(want) as (keyof FusedGradients)[]) expectClose(name, grads[name], want[name], 1e-4);
    });
  }
});
