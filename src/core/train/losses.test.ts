/** PsychRNN's losses and regularizers: means over all elements, effective weights, firing rates. */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BasicRnn } from '../model/basic.ts';
import { useCpuBackend } from '../testing/backend.ts';
import { tinyRawWeights } from '../testing/tiny.ts';
import { binaryCrossEntropy, meanSquaredError, resolveLoss } from './losses.ts';
import { NO_REGULARIZATION, regularization } from './regularizers.ts';

beforeAll(useCpuBackend);

const t3 = (values: number[]) => tf.tensor3d(values, [1, 2, 2]);

describe('losses', () => {
  it('MSE divides by every element, not by Σmask', () => {
    const value = meanSquaredError(t3([1, 2, 3, 4]), t3([0, 0, 0, 0]), t3([1, 0, 0, 1])).dataSync()[0];
    expect(value).toBeCloseTo((1 + 16) / 4, 6);
  });

  it('BCE clips predictions to (1e-7, 1 − 1e-7) and adds 1e-7 inside the logs', () => {
    const p = [0.2, 1.5, -1, 0.9];
    const y = [1, 0, 0, 1];
    const m = [1, 1, 1, 0];
    // float32 arithmetic, as TensorFlow and tf.js compute it: 1 − 1e-7 rounds to 1 − 1.19e-7
    const f = Math.fround;
    const clip = (v: number) => Math.min(Math.max(v, f(1e-7)), f(1 - 1e-7));
    const want =
      p.reduce((s, pk, k) => {
        const q = clip(f(pk));
        return s + m[k] * -(y[k] * Math.log(f(q + 1e-7)) + (1 - y[k]) * Math.log(f(f(1 - q) + 1e-7)));
      }, 0) / 4;
    expect(binaryCrossEntropy(t3(p), t3(y), t3(m)).dataSync()[0]).toBeCloseTo(want, 5);
  });

  it('resolves names, passes functions through, and names the allowed losses otherwise', () => {
    expect(resolveLoss('mean_squared_error')).toBe(meanSquaredError);
    const custom = () => tf.scalar(1);
    expect(resolveLoss(custom)).toBe(custom);
    expect(() => resolveLoss('hinge' as never)).toThrow(/allowed: mean_squared_error, binary_cross_entropy/);
  });
});

describe('regularization', () => {
  it('is the sum of means over effective weights and rates, plus the custom term', async () => {
    const raw = tinyRawWeights({ N_rec: 4, dale_ratio: 0.5, transfer_function: 'tanh' });
    const net = new BasicRnn(raw, { alpha: 0.1, recNoise: 0 });
    const eff = await net.exportWeights();
    const states = tf.tensor3d([0.5, -1, 2, 0, 1, 1, -2, 0.1, 1, 1, 1, 1, 0, 0, 0, 0], [2, 2, 4]);
    const weights = { ...NO_REGULARIZATION, L1_in: 0.1, L2_rec: 0.2, L1_out: 0.3, L2_firing_rate: 0.4 };
    const mean = (a: ArrayLike<number>, f: (v: number) => number) => Array.from(a, f).reduce((s, v) => s + v, 0) / a.length;
    const rates = states.dataSync();
    const want =
      0.1 * mean(eff.W_in.data, Math.abs) +
      0.2 * mean(eff.W_rec.data, (v) => v * v) +
      0.3 * mean(eff.W_out.data, Math.abs) +
      0.4 * mean(rates, (v) => Math.tanh(v) ** 2) +
      1.5;
    const got = regularization(net, states, weights, () => tf.scalar(1.5)).dataSync()[0];
    expect(got).toBeCloseTo(want, 5);
    expect(regularization(net, states, NO_REGULARIZATION).dataSync()[0]).toBe(0);
    tf.dispose(states);
    net.dispose();
  });
});
