/**
 * Finite-difference check of BPTT: tf.js autodiff gradients of reg_loss with respect to the RAW
 * variables (through masks, |·| and Dale) against central differences of a float64 re-implementation
 * (plain constraints + the numpy-style simulator).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng.ts';
import { BasicRnn, type KernelChoice } from '../model/basic.ts';
import { effectiveWeights } from '../model/constraints.ts';
import { transferFunction, type TransferFunctionName } from '../model/transfer.ts';
import type { BasicWeights, NdArray } from '../model/weights.ts';
import { BasicSimulator } from '../sim/simulator.ts';
import perceptualDiscrimination from '../tasks/perceptual-discrimination.ts';
import { buildTask } from '../tasks/task.ts';
import type { TrialBatch } from '../tasks/task.ts';
import { useCpuBackend } from '../testing/backend.ts';
import { tinyRawWeights } from '../testing/tiny.ts';
import { binaryCrossEntropy, type LossFunction, meanSquaredError } from './losses.ts';
import { batchTensors, evaluateObjective } from './objective.ts';
import { NO_REGULARIZATION, type RegularizationWeights } from './regularizers.ts';

const ALPHA = 0.1;
const VARIABLES = ['init_state', 'W_in', 'W_rec', 'W_out', 'b_rec', 'b_out'] as const;
type Variable = (typeof VARIABLES)[number];

beforeAll(useCpuBackend);

/** The raw weights with float64 copies of the variables. */
function toFloat64(raw: BasicWeights): BasicWeights {
  const copy = { ...raw };
  for (const name of VARIABLES) copy[name] = { data: Float64Array.from(raw[name].data), shape: raw[name].shape } as unknown as NdArray;
  return copy;
}

const mean = (a: ArrayLike<number>, f: (v: number) => number) => {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += f(a[k]);
  return s / a.length;
};

/** reg_loss in float64: MSE or BCE over all elements + L1/L2 on effective weights + L2 firing rate. */
function loss64(raw64: BasicWeights, batch: TrialBatch<object>, reg: RegularizationWeights, bce: boolean): number {
  const eff = effectiveWeights(raw64);
  const sim = new BasicSimulator(eff, { alpha: ALPHA, precision: 'float64' });
  const { outputs, states } = sim.runTrials(batch.x);
  let loss = 0;
  for (let k = 0; k < outputs.data.length; k++) {
    const m = batch.mask.data[k];
    const y = batch.y.data[k];
    if (bce) {
      const p = Math.min(Math.max(outputs.data[k], 1e-7), 1 - 1e-7);
      loss += m * -(y * Math.log(p + 1e-7) + (1 - y) * Math.log(1 - p + 1e-7));
    } else {
      loss += (m * (outputs.data[k] - y)) ** 2;
    }
  }
  loss /= outputs.data.length;
  const f = transferFunction(raw64.transfer_function);
  const pairs: [number, number, NdArray][] = [
    [reg.L1_in, reg.L2_in, eff.W_in],
    [reg.L1_rec, reg.L2_rec, eff.W_rec],
    [reg.L1_out, reg.L2_out, eff.W_out],
  ];
  for (const [l1, l2, w] of pairs) loss += l1 * mean(w.data, Math.abs) + l2 * mean(w.data, (v) => v * v);
  loss += reg.L2_firing_rate * mean(states.data, (v) => f(v) ** 2);
  return loss;
}

function autodiff(raw: BasicWeights, batch: TrialBatch<object>, reg: RegularizationWeights, loss: LossFunction, kernel: KernelChoice) {
  const net = new BasicRnn(raw, { alpha: ALPHA, recNoise: 0, kernel });
  expect(net.fused, 'the kernel asked for runs').toBe(kernel === 'auto');
  const grads = tf.tidy(() => {
    const t = batchTensors(batch, net, new Rng(0));
    const vars = VARIABLES.map((n) => net.variables[n]);
    const { grads } = tf.variableGrads(() => evaluateObjective(net, t, { loss, regularization: reg }).total, vars);
    return VARIABLES.map((n) => grads[net.variables[n].name]);
  });
  const out = Object.fromEntries(VARIABLES.map((n, k) => [n, grads[k].dataSync() as Float32Array])) as Record<Variable, Float32Array>;
  tf.dispose(grads);
  net.dispose();
  return out;
}

function finiteDifferences(raw: BasicWeights, batch: TrialBatch<object>, reg: RegularizationWeights, bce: boolean) {
  const raw64 = toFloat64(raw);
  const eps = 1e-6;
  const out = {} as Record<Variable, Float64Array>;
  for (const name of VARIABLES) {
    const data = raw64[name].data as unknown as Float64Array;
    out[name] = new Float64Array(data.length);
    for (let k = 0; k < data.length; k++) {
      const keep = data[k];
      data[k] = keep + eps;
      const up = loss64(raw64, batch, reg, bce);
      data[k] = keep - eps;
      const down = loss64(raw64, batch, reg, bce);
      data[k] = keep;
      out[name][k] = (up - down) / (2 * eps);
    }
  }
  return out;
}

function expectClose(name: string, got: Float32Array, want: Float64Array) {
  const scale = Math.max(...Array.from(want, Math.abs), 1e-6);
  for (let k = 0; k < want.length; k++) {
    const error = Math.abs(got[k] - want[k]);
    if (error > 1e-4 * scale + 1e-3 * Math.abs(want[k])) {
      expect.fail(`${name}[${k}]: autodiff ${got[k]} vs finite differences ${want[k]} (scale ${scale})`);
    }
  }
}

function check(kernel: KernelChoice, options: {
  transfer: TransferFunctionName;
  dale: number | null;
  reg?: Partial<RegularizationWeights>;
  bce?: boolean;
}) {
  const raw = tinyRawWeights({ N_rec: 5, dale_ratio: options.dale, transfer_function: options.transfer, seed: 3 });
  const task = buildTask(perceptualDiscrimination, { dt: 10, tau: 100, T: 120, N_batch: 3 }, new Rng(11));
  const batch = task.getTrialBatch();
  const reg = { ...NO_REGULARIZATION, ...options.reg };
  const got = autodiff(raw, batch, reg, options.bce ? binaryCrossEntropy : meanSquaredError, kernel);
  const want = finiteDifferences(raw, batch, reg, options.bce ?? false);
  for (const name of VARIABLES) {
    expect(want[name].some((v) => v !== 0), `${name} has a non-zero gradient`).toBe(true);
    expectClose(name, got[name], want[name]);
  }
}

// 'auto' is the fused whole-sequence kernel on the cpu backend; 'per-step' the op-by-op graph.
describe.each(['auto', 'per-step'] as const)('BPTT gradients (%s kernel) match finite differences (raw variables, through masks and Dale)', (kernel) => {
  it('tanh, masks, no Dale, MSE', () => check(kernel, { transfer: 'tanh', dale: null }));
  it('softplus, masks, Dale 0.6, MSE', () => check(kernel, { transfer: 'softplus', dale: 0.6 }));
  it('relu, masks, Dale 0.6, MSE', () => check(kernel, { transfer: 'relu', dale: 0.6 }));
  it('sigmoid with every regularizer', () =>
    check(kernel, {
      transfer: 'sigmoid',
      dale: 0.6,
      reg: { L1_in: 0.01, L1_rec: 0.02, L1_out: 0.03, L2_in: 0.04, L2_rec: 0.05, L2_out: 0.06, L2_firing_rate: 0.07 },
    }));
  it('relu with every regularizer', () =>
    check(kernel, {
      transfer: 'relu',
      dale: 0.6,
      reg: { L1_in: 0.01, L1_rec: 0.02, L1_out: 0.03, L2_in: 0.04, L2_rec: 0.05, L2_out: 0.06, L2_firing_rate: 0.07 },
    }));
  it('tanh with binary cross-entropy', () => check(kernel, { transfer: 'tanh', dale: null, bce: true }));
});
