/**
 * The fused WebAssembly kernel against the references: its forward against BasicSimulator (no noise) and
 * BasicRnn (with noise); its backward against tf.js autodiff of L = Σ c1·outputs + Σ c2·states through
 * BasicRnn.forward, so that ∂L/∂outputs = c1 and ∂L/∂states = c2. No masks and no Dale: raw = effective weights.
 * Sizes cover the kernel's edges: trials not a multiple of its 8 lanes, N_rec and N_out not multiples of 4 (and
 * N_rec + 1 a multiple, where the bias unit fills the padding), N_in ≥ 4, and T over several 32-step chunks.
 * Each check runs on both SIMD builds (plain and relaxed, ../../testing/simd.ts), and the builds agree with each other.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs'; // registers the gradients of every op
import { beforeAll, describe, expect, it } from 'vitest';
import { BASIC_VARIABLES, BasicRnn } from '../../model/basic.ts';
import { Rng } from '../../rng.ts';
import { BasicSimulator } from '../../sim/simulator.ts';
import { useCpuBackend } from '../../testing/backend.ts';
import { expectClose, normals } from '../../testing/close.ts';
import { relaxedSimdSupported } from './simd-features.ts';
import { describeEachSimd, expectBuildsAgree, forwardThenBackward } from '../../testing/simd.ts';
import { tinyRawWeights } from '../../testing/tiny.ts';
import {
  FUSED_TRANSFER_FUNCTIONS,
  type FusedForwardParams,
  type FusedGradients,
  type FusedTransfer,
  fusedBackward,
  fusedForward,
} from './fused-rnn.ts';

const ALPHA = 0.2;
const REC_NOISE = 0.1;

interface Sizes {
  B: number;
  T: number;
  N_in: number;
  N_rec: number;
  N_out: number;
}

/** one block of eight trial lanes, two of them padding; one chunk of steps */
const small = (N_rec: number): Sizes => ({ B: 6, T: 20, N_in: 2, N_rec, N_out: 3 });
/** two blocks (the second mostly padding), three chunks (32 + 32 + 6 steps), N_rec 37 */
const odd: Sizes = { B: 13, T: 70, N_in: 5, N_rec: 37, N_out: 3 };

beforeAll(useCpuBackend);

/** A random network and batch; ξ ~ N(0,1) [B,T,N_rec] when `noisy`. */
function setup(sizes: Sizes, transfer: FusedTransfer, noisy: boolean) {
  const { B, T, N_in, N_rec, N_out } = sizes;
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
    ...sizes,
    transfer,
  };
  return { raw, params, xi, rng };
}

/** The reference: BasicRnn.forward op by op (not through the fused op) on the batch of `params`, with noise ξ. */
function netForward(net: BasicRnn, params: FusedForwardParams, xi: Float32Array | null) {
  const { B, T, N_in, N_rec } = params;
  return net.forward({
    x: { data: params.x, shape: [B, T, N_in] },
    noise: xi && { data: xi, shape: [B, T, N_rec] },
  });
}

describeEachSimd('fusedForward', () => {
  for (const sizes of [small(7), small(16), odd]) {
    for (const transfer of FUSED_TRANSFER_FUNCTIONS) {
      it(`equals BasicSimulator (B ${sizes.B}, T ${sizes.T}, N_rec ${sizes.N_rec}, ${transfer})`, () => {
        const { raw, params } = setup(sizes, transfer, false);
        const want = new BasicSimulator(raw, { alpha: ALPHA }).runTrials({ data: params.x, shape: [sizes.B, sizes.T, sizes.N_in] });
        const got = fusedForward(params);
        expectClose('states', got.states, want.states.data, 1e-5);
        expectClose('outputs', got.outputs, want.outputs.data, 1e-5);
      });
    }
  }

  for (const sizes of [small(7), odd]) {
    it(`equals BasicRnn with recurrent noise (N_rec ${sizes.N_rec}, relu)`, () => {
      const { raw, params, xi } = setup(sizes, 'relu', true);
      const net = new BasicRnn(raw, { alpha: ALPHA, recNoise: REC_NOISE, kernel: 'per-step' });
      const { predictions, states } = tf.tidy(() => ({ ...netForward(net, params, xi) }));
      const got = fusedForward(params);
      expectClose('states', got.states, states.dataSync(), 1e-5);
      expectClose('outputs', got.outputs, predictions.dataSync(), 1e-5);
      tf.dispose([predictions, states]);
      net.dispose();
    });
  }

  it('names the array whose length does not fit its shape', () => {
    const { params } = setup(small(7), 'relu', false);
    expect(() => fusedForward({ ...params, W_rec: new Float32Array(48) })).toThrow(/W_rec has 48 values; shape \[7, 7\]/);
  });

  it('keeps softplus and sigmoid finite for large |x|', () => {
    const { params } = setup(small(7), 'softplus', false);
    const x = params.x.map((v) => 200 * v);
    for (const transfer of ['softplus', 'sigmoid'] as const) {
      const { states, outputs } = fusedForward({ ...params, x, transfer });
      expect(states.every(Number.isFinite) && outputs.every(Number.isFinite), transfer).toBe(true);
      const { dW_rec } = fusedBackward({ ...params, x, transfer, states, dOutputs: outputs });
      expect(dW_rec.every(Number.isFinite), transfer).toBe(true);
    }
  });
});

/** tf.js gradients of L = Σ c1·outputs + Σ c2·states with respect to every BasicRnn variable. */
function autodiffGradients(setupResult: ReturnType<typeof setup>, c1: Float32Array, c2: Float32Array): FusedGradients {
  const { raw, params, xi } = setupResult;
  const { B, T, N_rec, N_out } = params;
  const net = new BasicRnn(raw, { alpha: ALPHA, recNoise: xi ? REC_NOISE : 0, kernel: 'per-step' });
  const names = BASIC_VARIABLES;
  const grads = tf.tidy(() => {
    const c1t = tf.tensor3d(c1, [B, T, N_out]);
    const c2t = tf.tensor3d(c2, [B, T, N_rec]);
    const { grads } = tf.variableGrads(() => {
      const { predictions, states } = netForward(net, params, xi);
      return tf.add(tf.sum(tf.mul(predictions, c1t)), tf.sum(tf.mul(states, c2t))) as tf.Scalar;
    }, names.map((n) => net.variables[n]));
    return names.map((n) => grads[net.variables[n].name]);
  });
  const data = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose(grads);
  net.dispose();
  const [dInit_state, dW_in, dW_rec, dW_out, db_rec, db_out] = data;
  return { dInit_state, dW_in, dW_rec, dW_out, db_rec, db_out };
}

describeEachSimd('fusedBackward equals tf.js autodiff through BasicRnn.forward', () => {
  const cases: [Sizes, FusedTransfer, boolean][] = [
    [small(7), 'relu', false],
    [small(7), 'relu', true],
    [small(7), 'tanh', true],
    [small(16), 'relu', true],
    [small(16), 'tanh', false],
    [small(5), 'linear', true],
    [small(7), 'sigmoid', false],
    [small(16), 'softplus', true],
    ...FUSED_TRANSFER_FUNCTIONS.map((transfer): [Sizes, FusedTransfer, boolean] => [odd, transfer, transfer !== 'linear']),
  ];
  for (const [sizes, transfer, noisy] of cases) {
    const { B, T, N_rec, N_out } = sizes;
    it(`B ${B}, T ${T}, N_rec ${N_rec}, ${transfer}${noisy ? ', with noise' : ''}`, () => {
      const s = setup(sizes, transfer, noisy);
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

  for (const [sizes, transfer] of [[small(7), 'tanh'], [odd, 'softplus']] as const) {
    it(`without dStates: only the outputs carry loss (N_rec ${sizes.N_rec}, ${transfer})`, () => {
      const { B, T, N_rec, N_out } = sizes;
      const s = setup(sizes, transfer, false);
      const c1 = normals(s.rng, B * T * N_out);
      const want = autodiffGradients(s, c1, new Float32Array(B * T * N_rec));
      const { states } = fusedForward(s.params);
      const got = fusedBackward({ ...s.params, states, dOutputs: c1 });
      for (const name of Object.keys(want) as (keyof FusedGradients)[]) expectClose(name, got[name], want[name], 1e-4);
    });
  }
});

/**
 * FMA rounds a·b + c once where the plain build rounds twice, so the builds differ in the last bits, and a recurrence
 * carries those differences forward. Measured over 200 steps (max |relaxed − plain| / max |plain|): relu ≤ 9e-7 on
 * every array; tanh, whose W_rec (std 0.5, spectral radius ≈ 3.5) is chaotic and amplifies them step after step,
 * 1.1e-5 on states and outputs and 8.7e-5 on gradients. The bounds are about three times those.
 */
const BUILD_TOLERANCE = {
  relu: { forward: 3e-6, gradients: 3e-6 },
  tanh: { forward: 5e-5, gradients: 3e-4 },
};

describe.skipIf(!relaxedSimdSupported())('the relaxed-SIMD build against the plain one', () => {
  for (const transfer of ['relu', 'tanh'] as const) {
    it(`agrees over 200 steps and repeats itself bit for bit (N_rec 50, ${transfer}, with noise)`, () => {
      const sizes: Sizes = { B: 13, T: 200, N_in: 2, N_rec: 50, N_out: 2 };
      const s = setup(sizes, transfer, true);
      const c1 = normals(s.rng, sizes.B * sizes.T * sizes.N_out);
      const c2 = normals(s.rng, sizes.B * sizes.T * sizes.N_rec, 0.5);
      const { forward, gradients } = BUILD_TOLERANCE[transfer];
      const tolerance = (name: string) => (name === 'states' || name === 'outputs' ? forward : gradients);
      expectBuildsAgree(forwardThenBackward(fusedForward, fusedBackward, s.params, c1, c2), tolerance);
    });
  }
});
