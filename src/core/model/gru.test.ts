/**
 * The GRU's BPTT: tf.js autodiff gradients of reg_loss (MSE or BCE, L1/L2 on W_out, the L2 firing-rate term on
 * f(h)) for every variable, through the fused kernel and the op-by-op graph, against central finite differences of
 * the float64 GruSimulator. Also how a spec
 * builds a GRU, and the spec's refusals naming it.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs'; // registers the gradients of every op
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng.ts';
import { GruSimulator } from '../sim/gru-simulator.ts';
import { parseSpec } from '../spec/spec.ts';
import perceptualDiscrimination from '../tasks/perceptual-discrimination.ts';
import { buildTask, type TrialBatch } from '../tasks/task.ts';
import { useCpuBackend } from '../testing/backend.ts';
import { normals } from '../testing/close.ts';
import { tinyRawWeights, tinySpec } from '../testing/tiny.ts';
import { binaryCrossEntropy, meanSquaredError } from '../train/losses.ts';
import { batchTensors, evaluateObjective } from '../train/objective.ts';
import { NO_REGULARIZATION, type RegularizationWeights } from '../train/regularizers.ts';
import type { KernelChoice } from './basic.ts';
import { buildNetwork } from './build.ts';
import { GRU_VARIABLES, GruRnn } from './gru.ts';
import { transferFunction } from './transfer.ts';
import { type GruWeights, type NdArray, ndarray } from './weights.ts';

type Variable = (typeof GRU_VARIABLES)[number];

beforeAll(useCpuBackend);

/** A random GRU with gates strong enough that every path of the gradient matters; `rows` of init_hidden. */
function randomGru(N_rec: number, rows: number, seed: number): GruWeights {
  const N_in = 2;
  const rng = new Rng(seed);
  const gate = () => ndarray([N_rec + N_in, N_rec], normals(rng, (N_rec + N_in) * N_rec, 1.5 / Math.sqrt(N_rec + N_in)));
  const vector = (n: number) => ndarray([n], normals(rng, n, 0.5));
  return {
    ...tinyRawWeights({ N_in, N_rec, N_out: 2, masks: false, transfer_function: 'tanh', seed }),
    model: 'gru',
    init_hidden: ndarray([rows, N_rec], normals(rng, rows * N_rec, 0.5)),
    W_r: gate(),
    W_u: gate(),
    W_c: gate(),
    b_r: vector(N_rec),
    b_u: vector(N_rec),
    b_c: vector(N_rec),
  };
}

const mean = (a: ArrayLike<number>, f: (v: number) => number) => {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += f(a[k]);
  return s / a.length;
};

/** reg_loss in float64 through the simulator. */
function loss64(w: GruWeights, batch: TrialBatch<object>, reg: RegularizationWeights, bce: boolean): number {
  const { outputs, states } = new GruSimulator(w, { precision: 'float64' }).runTrials(batch.x);
  let loss = 0;
  for (let k = 0; k < outputs.data.length; k++) {
    const [m, y] = [batch.mask.data[k], batch.y.data[k]];
    if (bce) {
      const p = Math.min(Math.max(outputs.data[k], 1e-7), 1 - 1e-7);
      loss += m * -(y * Math.log(p + 1e-7) + (1 - y) * Math.log(1 - p + 1e-7));
    } else {
      loss += (m * (outputs.data[k] - y)) ** 2;
    }
  }
  loss /= outputs.data.length;
  loss += reg.L1_out * mean(w.W_out.data, Math.abs) + reg.L2_out * mean(w.W_out.data, (v) => v * v);
  const f = transferFunction(w.transfer_function);
  return loss + reg.L2_firing_rate * mean(states.data, (v) => f(v) ** 2);
}

function autodiff(raw: GruWeights, batch: TrialBatch<object>, reg: RegularizationWeights, bce: boolean, kernel: KernelChoice) {
  const net = new GruRnn(raw, { alpha: 0.1, kernel });
  expect(net.fused, 'the kernel asked for runs').toBe(kernel === 'auto');
  const grads = tf.tidy(() => {
    const t = batchTensors(batch, net, new Rng(0));
    const loss = bce ? binaryCrossEntropy : meanSquaredError;
    const vars = GRU_VARIABLES.map((n) => net.variables[n]);
    const { grads } = tf.variableGrads(() => evaluateObjective(net, t, { loss, regularization: reg }).total, vars);
    return GRU_VARIABLES.map((n) => grads[net.variables[n].name]);
  });
  const out = Object.fromEntries(GRU_VARIABLES.map((n, k) => [n, grads[k].dataSync() as Float32Array])) as Record<Variable, Float32Array>;
  tf.dispose(grads);
  net.dispose();
  return out;
}

function finiteDifferences(raw: GruWeights, batch: TrialBatch<object>, reg: RegularizationWeights, bce: boolean) {
  const w = structuredClone(raw);
  for (const name of GRU_VARIABLES) w[name] = { data: Float64Array.from(raw[name].data), shape: raw[name].shape } as unknown as NdArray;
  const eps = 1e-6;
  const out = {} as Record<Variable, Float64Array>;
  for (const name of GRU_VARIABLES) {
    const data = w[name].data as unknown as Float64Array;
    out[name] = new Float64Array(data.length);
    for (let k = 0; k < data.length; k++) {
      const keep = data[k];
      data[k] = keep + eps;
      const up = loss64(w, batch, reg, bce);
      data[k] = keep - eps;
      const down = loss64(w, batch, reg, bce);
      data[k] = keep;
      out[name][k] = (up - down) / (2 * eps);
    }
  }
  return out;
}

function check(kernel: KernelChoice, rows: number, reg: Partial<RegularizationWeights>, bce = false) {
  const raw = randomGru(5, rows, 3 + rows);
  const task = buildTask(perceptualDiscrimination, { dt: 10, tau: 100, T: 150, N_batch: 3 }, new Rng(11));
  const batch = task.getTrialBatch();
  const weights = { ...NO_REGULARIZATION, ...reg };
  const got = autodiff(raw, batch, weights, bce, kernel);
  const want = finiteDifferences(raw, batch, weights, bce);
  for (const name of GRU_VARIABLES) {
    const scale = Math.max(...Array.from(want[name], Math.abs));
    expect(scale, `${name} has a non-zero gradient`).toBeGreaterThan(1e-6);
    for (let k = 0; k < want[name].length; k++) {
      const error = Math.abs(got[name][k] - want[name][k]);
      if (error > 1e-4 * scale + 1e-3 * Math.abs(want[name][k])) {
        expect.fail(`${name}[${k}]: autodiff ${got[name][k]} vs finite differences ${want[name][k]} (scale ${scale})`);
      }
    }
  }
}

// 'auto' is the fused WebAssembly kernel on the cpu backend; 'per-step' the op-by-op graph.
describe.each(['auto', 'per-step'] as const)('GRU BPTT gradients (%s kernel) match finite differences of the float64 simulator, for every variable', (kernel) => {
  it('MSE, one init_hidden row for the whole batch', () => check(kernel, 1, {}));
  it('MSE, one init_hidden row per trial, with the W_out and firing-rate regularizers', () =>
    check(kernel, 3, { L1_out: 0.03, L2_out: 0.06, L2_firing_rate: 0.07 }));
  it('binary cross-entropy', () => check(kernel, 3, {}, true));
});

describe('a spec with model.type "gru"', () => {
  it('builds a GruRnn whose init_hidden has a row per batch trial and TF1 GRUCell biases', async () => {
    const spec = tinySpec({ model: { type: 'gru', N_rec: 4 } });
    const net = buildNetwork(spec, new Rng(1));
    expect(net).toBeInstanceOf(GruRnn);
    expect(net.trainableNames).toEqual([...GRU_VARIABLES]);
    const w = (await net.exportWeights()) as GruWeights;
    net.dispose();
    expect(w.init_hidden.shape).toEqual([spec.task.N_batch, 4]);
    expect(w.W_c.shape).toEqual([4 + 2, 4]);
    expect([...w.b_r.data, ...w.b_u.data]).toEqual(new Array(8).fill(1));
    expect([...w.b_c.data]).toEqual([0, 0, 0, 0]);
    expect(() => buildNetwork(tinySpec({ model: { type: 'lstm', N_rec: 4 } }), new Rng(1), w)).toThrow(
      'weights: the file holds a GRU but the spec asks for model.type "lstm"',
    );
  });

  it('is refused with Dale, masks or the base RNN’s variables, naming the GRU', () => {
    const attempt = () =>
      parseSpec({
        version: 3,
        task: { name: 'PerceptualDiscrimination' },
        model: { type: 'gru', N_rec: 4, constraints: { dale_ratio: 0.8, trainable: { W_rec: false } } },
        regularization: { L2_rec: 0.1 },
      });
    expect(attempt).toThrow(
      'model.constraints.dale_ratio: got 0.8; must be null for model.type "gru": constraints do not apply to the GRU (it has no Dale rule and no connectivity masks)',
    );
    expect(attempt).toThrow('model.constraints.trainable.W_rec: got false; must be true for model.type "gru": the GRU does not use W_in, W_rec, b_rec or init_state');
    expect(attempt).toThrow('regularization.L2_rec: got 0.1; must be 0 for model.type "gru"');
  });
});
