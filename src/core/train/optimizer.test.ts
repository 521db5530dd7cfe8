/** TF1 optimizer rules, fixed-weight masking and per-tensor clipping, checked against hand computation. */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../testing/backend.ts';
import { Optimizer, type OptimizerConfig, prepareGradient } from './optimizer.ts';

beforeAll(useCpuBackend);

/** Applies `steps` updates with the given constant gradient to θ = start; returns θ after each step. */
function run(config: OptimizerConfig, start: number[], gradient: number[], steps: number): number[][] {
  const optimizer = new Optimizer(config);
  const theta = tf.variable(tf.tensor1d(start));
  const trace: number[][] = [];
  for (let s = 0; s < steps; s++) {
    const g = tf.tensor1d(gradient);
    optimizer.apply({ theta }, { theta: g });
    g.dispose();
    trace.push(Array.from(theta.dataSync()));
  }
  optimizer.dispose();
  theta.dispose();
  return trace;
}

function expectCloseTo(got: number[], want: number[]) {
  got.forEach((v, k) => expect(v).toBeCloseTo(want[k], 6));
}

describe('optimizers follow TensorFlow 1', () => {
  it('Adam: lr_t = lr·√(1−β2^t)/(1−β1^t), θ −= lr_t·m/(√v + ε), ε outside the bias correction', () => {
    const c = { type: 'adam', learning_rate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 0.5 } as const;
    const g = [2, -0.001];
    let m = [0, 0];
    let v = [0, 0];
    let theta = [1, 1];
    const want: number[][] = [];
    for (let t = 1; t <= 3; t++) {
      m = m.map((mk, k) => 0.9 * mk + 0.1 * g[k]);
      v = v.map((vk, k) => 0.999 * vk + 0.001 * g[k] ** 2);
      const lrT = (0.1 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
      theta = theta.map((th, k) => th - (lrT * m[k]) / (Math.sqrt(v[k]) + 0.5));
      want.push(theta);
    }
    run(c, [1, 1], g, 3).forEach((got, s) => expectCloseTo(got, want[s]));
  });

  it('SGD', () => expectCloseTo(run({ type: 'sgd', learning_rate: 0.5 }, [1, 2], [1, -2], 2)[1], [0, 4]));

  it('Momentum and Nesterov momentum', () => {
    // a1 = g, a2 = μ·g + g
    const plain = run({ type: 'momentum', learning_rate: 0.1, momentum: 0.5, use_nesterov: false }, [0], [1], 2);
    expectCloseTo(plain[1], [-0.1 - 0.1 * 1.5]);
    const nesterov = run({ type: 'momentum', learning_rate: 0.1, momentum: 0.5, use_nesterov: true }, [0], [1], 1);
    expectCloseTo(nesterov[0], [-0.1 * (1 + 0.5 * 1)]);
  });

  it('RMSProp starts its mean square at 1', () => {
    const ms = 0.9 * 1 + 0.1 * 4;
    const got = run({ type: 'rmsprop', learning_rate: 0.01, decay: 0.9, momentum: 0, epsilon: 1e-10 }, [0], [2], 1);
    expectCloseTo(got[0], [(-0.01 * 2) / Math.sqrt(ms + 1e-10)]);
  });

  it('rejects a learning rate ≤ 0 with a message naming the field', () => {
    expect(() => new Optimizer({ type: 'sgd', learning_rate: 0 })).toThrow(/learning_rate: got 0; must be a number > 0/);
  });

  it('exports slots under TF1 names', async () => {
    const optimizer = new Optimizer({ type: 'adam', learning_rate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    const W_rec = tf.variable(tf.zeros([2, 2]));
    optimizer.apply({ W_rec }, { W_rec: tf.ones([2, 2]) });
    const slots = await optimizer.exportSlots();
    expect(Object.keys(slots).sort()).toEqual(['W_rec/Adam', 'W_rec/Adam_1']);
    expect(Array.from(slots['W_rec/Adam'].data)).toEqual([0.1, 0.1, 0.1, 0.1].map(Math.fround));
    optimizer.dispose();
    W_rec.dispose();
  });
});

describe('gradient preparation', () => {
  it('zeroes fixed entries before clipping each tensor to norm 1', () => {
    const g = tf.tensor1d([3, 4, 100]);
    const fixed = tf.tensor1d([0, 0, 1]);
    const out = Array.from(prepareGradient(g, fixed, true).dataSync());
    expectCloseTo(out, [0.6, 0.8, 0]);
  });

  it('leaves gradients with norm ≤ 1 alone and does not clip when clip_grads is false', () => {
    expectCloseTo(Array.from(prepareGradient(tf.tensor1d([0.3, 0.4]), undefined, true).dataSync()), [0.3, 0.4]);
    expectCloseTo(Array.from(prepareGradient(tf.tensor1d([3, 4]), undefined, false).dataSync()), [3, 4]);
  });
});

describe('applyRaw (the trainer\'s step from autodiff gradients)', () => {
  it('on a backend without fused programs, masks, clips and updates exactly as prepareGradient + apply', () => {
    for (const config of [
      { type: 'adam', learning_rate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      { type: 'sgd', learning_rate: 0.1 },
    ] as OptimizerConfig[]) {
      const fixed = { W: tf.tensor1d([0, 1, 0]) };
      const raw = new Optimizer(config);
      const prepared = new Optimizer(config);
      const a = { W: tf.variable(tf.tensor1d([1, 2, 3])) };
      const b = { W: tf.variable(tf.tensor1d([1, 2, 3])) };
      for (const g of [[3, 4, 100], [0.1, -0.2, 0.05]]) {
        tf.tidy(() => {
          raw.applyRaw(a, { W: tf.tensor1d(g) }, fixed, true);
          prepared.apply(b, { W: prepareGradient(tf.tensor1d(g), fixed.W, true) });
        });
      }
      expect(Array.from(a.W.dataSync()), config.type).toEqual(Array.from(b.W.dataSync()));
      expect(a.W.dataSync()[1], `${config.type}: the fixed entry`).toBe(2);
      expect(raw.iterations).toBe(2);
      tf.dispose([a.W, b.W, fixed.W]);
      raw.dispose();
      prepared.dispose();
    }
  });
});
