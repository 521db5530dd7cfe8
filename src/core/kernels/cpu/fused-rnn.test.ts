/**
 * The fused WebAssembly kernel against the references: its forward against BasicSimulator (no noise) and
 * BasicRnn (with noise); its backward against tf.js autodiff of L = Σ c1·outputs + Σ c2·states through
 * BasicRnn.forward, so that ∂L/∂outputs = c1 and ∂L/∂states = c2. No masks and no Dale: raw = effective weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs'; // registers the gradients of every op
import { beforeAll, describe, expect, it } from 'vitest';
import { BASIC_VARIABLES, BasicRnn } from '../../model/basic.ts';
import { Rng } from '../../rng.ts';
import { BasicSimulator } from '../../sim/simulator.ts';
import { useCpuBackend } from '../../testing/backend.ts';
import { tinyRawWeights } from '../../testing/tiny.ts';
import { type FusedForwardParams, type FusedGradients, type FusedTransfer, fusedBackward, fusedForward } from './fused-rnn.ts';

const ALPHA = 0.2;
const REC_NOISE = 0.1;
const B = 6; // two blocks of four trial lanes, the second half dummies
const T = 20;
const N_in = 2;
const N_out = 3;

beforeAll(useCpuBackend);

const normals = (rng: Rng, n: number, std = 1) => rng.fillNormal(new Float32Array(n), 0, std);

/** A random network and batch; ξ ~ N(0,1) [B,T,N_rec] when `noisy`. */
function setup(N_rec: number, transfer: FusedTransfer, noisy: boolean) {
  const raw = tinyRawWeights({ N_in, N_rec, N_out, masks: false, dale_ratio: null, transfer_function: transfer, seed: N_rec });
  const rng = new Rng(100 + N_rec);
  const xi = noisy ? normals(rng, B * T * N_rec) : null;
  const scale = Math.sqrt(2 * ALPHA * REC_NOISE * REC_NOISE);
  const params: FusedForwardParams = {
    x: normals(rng, B * T * N_in),
    W_in: raw.W_in.data,
    W_rec: raw.W_rec.data,
    W_out: raw.W_out.data,
    b_rec: raw.b_rec.data,
    b_out: raw.b_out.data,
    init_state: raw.init_state.data,
    noise: xi && xi.map((v) => v * scale),
    alpha: ALPHA,
    B,
    T,
    N_in,
    N_rec,
    N_out,
    transfer,
  };
  return { raw, params, xi, rng };
}

/** Step t of a [B, T, n] array as a [B, n] tensor. */
function stepTensor(a: Float32Array, n: number, t: number): tf.Tensor2D {
  const out = new Float32Array(B * n);
  for (let b = 0; b < B; b++) out.set(a.subarray((b * T + t) * n, (b * T + t + 1) * n), b * n);
  return tf.tensor2d(out, [B, n]);
}

/** Every |got − want| ≤ tol·max|want| (relative to the array's scale, as float32 sums allow). */
function expectClose(name: string, got: Float32Array, want: ArrayLike<number>, tol: number) {
  expect(got.length, `${name} length`).toBe(want.length);
  let scale = 1e-6;
  for (let k = 0; k < want.length; k++) scale = Math.max(scale, Math.abs(want[k]));
  for (let k = 0; k < want.length; k++) {
    if (!(Math.abs(got[k] - want[k]) <= tol * scale)) {
      expect.fail(`${name}[${k}]: fused ${got[k]} vs reference ${want[k]} (scale ${scale})`);
    }
  }
}

describe('fusedForward', () => {
  for (const N_rec of [7, 16]) {
    for (const transfer of ['relu', 'tanh', 'linear'] as const) {
      it(`equals BasicSimulator (N_rec ${N_rec}, ${transfer})`, () => {
        const { raw, params } = setup(N_rec, transfer, false);
        const want = new BasicSimulator(raw, { alpha: ALPHA }).runTrials({ data: params.x, shape: [B, T, N_in] });
        const got = fusedForward(params);
        expectClose('states', got.states, want.states.data, 1e-5);
        expectClose('outputs', got.outputs, want.outputs.data, 1e-5);
      });
    }
  }

  it('equals BasicRnn with recurrent noise (N_rec 7, relu)', () => {
    const { raw, params, xi } = setup(7, 'relu', true);
    const net = new BasicRnn(raw, { alpha: ALPHA, recNoise: REC_NOISE });
    const [predictions, states] = tf.tidy(() => {
      const steps = Array.from({ length: T }, (_, t) => t);
      const { predictions, states } = net.forward({
        x: steps.map((t) => stepTensor(params.x, N_in, t)),
        noise: steps.map((t) => stepTensor(xi!, 7, t)),
      });
      return [predictions, tf.transpose(tf.stack(states), [1, 0, 2])];
    });
    const got = fusedForward(params);
    expectClose('states', got.states, states.dataSync(), 1e-5);
    expectClose('outputs', got.outputs, predictions.dataSync(), 1e-5);
    tf.dispose([predictions, states]);
    net.dispose();
  });

  it('names the array whose length does not fit its shape', () => {
    const { params } = setup(7, 'relu', false);
    expect(() => fusedForward({ ...params, W_rec: new Float32Array(48) })).toThrow(/W_rec has 48 values; shape \[7, 7\]/);
  });
});

/** tf.js gradients of L = Σ c1·outputs + Σ c2·states with respect to every BasicRnn variable. */
function autodiffGradients(setupResult: ReturnType<typeof setup>, c1: Float32Array, c2: Float32Array): FusedGradients {
  const { raw, params, xi } = setupResult;
  const { N_rec } = params;
  const net = new BasicRnn(raw, { alpha: ALPHA, recNoise: xi ? REC_NOISE : 0 });
  const names = BASIC_VARIABLES;
  const grads = tf.tidy(() => {
    const steps = Array.from({ length: T }, (_, t) => t);
    const x = steps.map((t) => stepTensor(params.x, N_in, t));
    const noise = xi ? steps.map((t) => stepTensor(xi, N_rec, t)) : null;
    const c1t = tf.tensor3d(c1, [B, T, N_out]);
    const c2t = steps.map((t) => stepTensor(c2, N_rec, t));
    const { grads } = tf.variableGrads(() => {
      const { predictions, states } = net.forward({ x, noise });
      const stateTerms = states.map((s, t) => tf.sum(tf.mul(s, c2t[t])));
      return tf.add(tf.sum(tf.mul(predictions, c1t)), tf.addN(stateTerms)) as tf.Scalar;
    }, names.map((n) => net.variables[n]));
    return names.map((n) => grads[net.variables[n].name]);
  });
  const data = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose(grads);
  net.dispose();
  const [dInit_state, dW_in, dW_rec, dW_out, db_rec, db_out] = data;
  return { dInit_state, dW_in, dW_rec, dW_out, db_rec, db_out };
}

describe('fusedBackward equals tf.js autodiff through BasicRnn.forward', () => {
  const cases: [number, FusedTransfer, boolean][] = [
    [7, 'relu', false],
    [7, 'relu', true],
    [7, 'tanh', true],
    [16, 'relu', true],
    [16, 'tanh', false],
    [5, 'linear', true],
  ];
  for (const [N_rec, transfer, noisy] of cases) {
    it(`N_rec ${N_rec}, ${transfer}${noisy ? ', with noise' : ''}`, () => {
      const s = setup(N_rec, transfer, noisy);
      const c1 = normals(s.rng, B * T * N_out);
      const c2 = normals(s.rng, B * T * N_rec, 0.5);
      const want = autodiffGradients(s, c1, c2);
      const { states } = fusedForward(s.params);
      const got = fusedBackward({ ...s.params, states, dOutputs: c1, dStates: c2 });
      for (const name of Object.keys(want) as (keyof FusedGradients)[]) {
        expect(want[name].some((v) => v !== 0), `${name} is non-zero`).toBe(true);
        expectClose(name, got[name], want[name], 1e-4);
      }
    });
  }

  it('without dStates: only the outputs carry loss', () => {
    const s = setup(7, 'tanh', false);
    const c1 = normals(s.rng, B * T * N_out);
    const want = autodiffGradients(s, c1, new Float32Array(B * T * 7));
    const { states } = fusedForward(s.params);
    const got = fusedBackward({ ...s.params, states, dOutputs: c1 });
    for (const name of Object.keys(want) as (keyof FusedGradients)[]) expectClose(name, got[name], want[name], 1e-4);
  });
});
