/**
 * The fused GRU kernel against the references: its forward against GruRnn.forward (op by op) and GruSimulator; its
 * backward against tf.js autodiff of L = Σ c1·outputs + Σ c2·states through GruRnn.forward. Sizes cover the kernel's
 * edges as fused-lstm.test.ts: trials not a multiple of 8 (and more than one block), N_rec 7 and 37, N_in 3,
 * N_out 2, T over several 32-step chunks; init_hidden with 1 row, B rows, and another count (row 0).
 * Each check runs on both SIMD builds (plain and relaxed, ../../testing/simd.ts), and the builds agree with each other.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs'; // registers the gradients of every op
import { beforeAll, describe, expect, it } from 'vitest';
import { GruRnn } from '../../model/gru.ts';
import { type GruWeights, ndarray } from '../../model/weights.ts';
import { Rng } from '../../rng.ts';
import { GruSimulator } from '../../sim/gru-simulator.ts';
import { useCpuBackend } from '../../testing/backend.ts';
import { expectClose, normals } from '../../testing/close.ts';
import { describeEachSimd, describeGatedBuildsAgree, forwardThenBackward } from '../../testing/simd.ts';
import { tinyRawWeights } from '../../testing/tiny.ts';
import { FUSED_GRU_VARIABLES, type FusedGruForwardParams, type FusedGruGradients, fusedGruBackward, fusedGruForward } from './fused-gru.ts';

interface Case {
  B: number;
  T: number;
  N_rec: number;
  rows: number;
}
const N_in = 3;
const N_out = 2;
const CASES: Case[] = [
  { B: 5, T: 20, N_rec: 7, rows: 1 },
  { B: 5, T: 20, N_rec: 7, rows: 5 },
  { B: 5, T: 70, N_rec: 37, rows: 1 },
  { B: 13, T: 40, N_rec: 7, rows: 13 },
  { B: 5, T: 40, N_rec: 37, rows: 8 },
];
const label = ({ B, T, N_rec, rows }: Case) => `B ${B}, T ${T}, N_rec ${N_rec}, ${rows} initial row${rows > 1 ? 's' : ''}`;

beforeAll(useCpuBackend);

function setup({ B, T, N_rec, rows }: Case) {
  const rng = new Rng(11 * N_rec + rows);
  const concat = N_rec + N_in;
  const matrix = () => ndarray([concat, N_rec], normals(rng, concat * N_rec, 1.5 / Math.sqrt(concat)));
  const bias = () => ndarray([N_rec], normals(rng, N_rec, 0.5));
  const raw: GruWeights = {
    ...tinyRawWeights({ N_in, N_rec, N_out, masks: false, seed: N_rec }),
    model: 'gru',
    init_hidden: ndarray([rows, N_rec], normals(rng, rows * N_rec, 0.5)),
    W_r: matrix(),
    W_u: matrix(),
    W_c: matrix(),
    b_r: bias(),
    b_u: bias(),
    b_c: bias(),
  };
  raw.W_out = ndarray([N_out, N_rec], normals(rng, N_out * N_rec, 0.5));
  const params = {
    ...Object.fromEntries(FUSED_GRU_VARIABLES.map((name) => [name, raw[name].data])),
    x: normals(rng, B * T * N_in),
    B, T, N_in, N_rec, N_out,
  } as FusedGruForwardParams;
  return { raw, params, rng };
}

const netForward = (net: GruRnn, p: FusedGruForwardParams) => net.forward({ x: { data: p.x, shape: [p.B, p.T, N_in] }, noise: null });

describeEachSimd('fusedGruForward', () => {
  for (const c of CASES) {
    it(`equals GruRnn.forward and GruSimulator (${label(c)})`, () => {
      const { raw, params } = setup(c);
      const got = fusedGruForward(params);
      const net = new GruRnn(raw, { alpha: 0.1, kernel: 'per-step' });
      const { predictions, states } = tf.tidy(() => ({ ...netForward(net, params) }));
      expectClose('states', got.states, states.dataSync(), 1e-5);
      expectClose('outputs', got.outputs, predictions.dataSync(), 1e-5);
      tf.dispose([predictions, states]);
      net.dispose();
      const sim = new GruSimulator(raw).runTrials({ data: params.x, shape: [c.B, c.T, N_in] });
      expectClose('states', got.states, sim.states.data, 1e-5);
    });
  }

  it('keeps states and gradients finite for saturating inputs', () => {
    const { params } = setup(CASES[2]);
    const x = params.x.map((v) => 300 * v);
    const { states, outputs } = fusedGruForward({ ...params, x });
    expect([states, outputs].every((a) => a.every(Number.isFinite))).toBe(true);
    const grads = fusedGruBackward({ ...params, x, states, dOutputs: outputs, dStates: states });
    expect(Object.values(grads).every((g) => g.every(Number.isFinite))).toBe(true);
  });

  it('names the array whose length does not fit its shape', () => {
    const { params } = setup(CASES[0]);
    expect(() => fusedGruForward({ ...params, W_u: new Float32Array(48) })).toThrow(/W_u has 48 values; shape \[10, 7\] needs 70/);
    expect(() => fusedGruForward({ ...params, init_hidden: new Float32Array(9) })).toThrow(/init_hidden has 9 values/);
  });
});

function autodiffGradients(raw: GruWeights, params: FusedGruForwardParams, c1: Float32Array, c2: Float32Array): FusedGruGradients {
  const { B, T, N_rec } = params;
  const net = new GruRnn(raw, { alpha: 0.1, kernel: 'per-step' });
  const grads = tf.tidy(() => {
    const c1t = tf.tensor3d(c1, [B, T, N_out]);
    const c2t = tf.tensor3d(c2, [B, T, N_rec]);
    const { grads } = tf.variableGrads(() => {
      const { predictions, states } = netForward(net, params);
      return tf.add(tf.sum(tf.mul(predictions, c1t)), tf.sum(tf.mul(states, c2t))) as tf.Scalar;
    }, FUSED_GRU_VARIABLES.map((n) => net.variables[n]));
    return FUSED_GRU_VARIABLES.map((n) => grads[net.variables[n].name]);
  });
  const data = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose(grads);
  net.dispose();
  return Object.fromEntries(FUSED_GRU_VARIABLES.map((n, k) => [n, data[k]])) as FusedGruGradients;
}

describeEachSimd('fusedGruBackward equals tf.js autodiff through GruRnn.forward', () => {
  for (const c of CASES) {
    for (const withStates of [true, false]) {
      it(`${label(c)}${withStates ? '' : ', without dStates'}`, () => {
        const { raw, params, rng } = setup(c);
        const c1 = normals(rng, c.B * c.T * N_out);
        const c2 = withStates ? normals(rng, c.B * c.T * c.N_rec, 0.5) : new Float32Array(c.B * c.T * c.N_rec);
        const want = autodiffGradients(raw, params, c1, c2);
        const { states } = fusedGruForward(params);
        const got = fusedGruBackward({ ...params, states, dOutputs: c1, dStates: withStates ? c2 : null });
        for (const name of FUSED_GRU_VARIABLES) {
          expect(want[name].some((v) => v !== 0), `${name} is non-zero`).toBe(true);
          expectClose(name, got[name], want[name], 1e-4);
        }
      });
    }
  }
});

/**
 * FMA rounds a·b + c once where the plain build rounds twice, so the builds differ in the last bits, carried forward
 * by the recurrence. Measured over 200 steps (max |relaxed − plain| / max |plain|): ≤ 8.6e-7 on every state,
 * output and gradient; the bound is about three times that.
 */
const BUILD_TOLERANCE = 3e-6;

describeGatedBuildsAgree(BUILD_TOLERANCE, (rows) => {
  const c: Case = { B: 13, T: 200, N_rec: 50, rows };
  const { params, rng } = setup(c);
  const c1 = normals(rng, c.B * c.T * N_out);
  const c2 = normals(rng, c.B * c.T * c.N_rec, 0.5);
  return forwardThenBackward(fusedGruForward, fusedGruBackward, params, c1, c2);
});
