/** Tiny networks and specs for engine tests: small enough for finite differences and fast training. */
import { Rng } from '../rng.ts';
import { type ExperimentSpec, type ExperimentSpecInput, parseSpec } from '../spec/spec.ts';
import { weightInitializer } from '../model/initializers.ts';
import type { TransferFunctionName } from '../model/transfer.ts';
import { type BasicWeights, type NdArray, ndarray } from '../model/weights.ts';

/** A random 0/1 mask with roughly `density` ones. */
export function randomMask(shape: number[], density: number, rng: Rng): NdArray {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  for (let k = 0; k < size; k++) data[k] = rng.uniform() < density ? 1 : 0;
  return ndarray(shape, data);
}

/** Raw tiny weights with masks, optional Dale, and non-zero biases and initial state. */
export function tinyRawWeights(options: {
  N_in?: number;
  N_rec?: number;
  N_out?: number;
  dale_ratio?: number | null;
  masks?: boolean;
  transfer_function?: TransferFunctionName;
  /** standard deviation of the raw W_rec entries (default 0.5) */
  recStd?: number;
  seed?: number;
}): BasicWeights {
  const { N_in = 2, N_rec = 5, N_out = 2, dale_ratio = null, masks = true, transfer_function = 'relu', seed = 1 } = options;
  const recStd = options.recStd ?? 0.5;
  const rng = new Rng(seed);
  const raw = weightInitializer(
    {
      N_in,
      N_rec,
      N_out,
      dale_ratio,
      transfer_function,
      input_connectivity: masks ? randomMask([N_rec, N_in], 0.7, rng) : undefined,
      rec_connectivity: masks ? randomMask([N_rec, N_rec], 0.7, rng) : undefined,
      output_connectivity: masks ? randomMask([N_out, N_rec], 0.7, rng) : undefined,
      W_rec: ndarray([N_rec, N_rec], rng.fillNormal(new Float32Array(N_rec * N_rec), 0, recStd)),
    },
    rng,
  );
  raw.b_rec = ndarray([N_rec], rng.fillNormal(new Float32Array(N_rec), 0, 0.3));
  raw.b_out = ndarray([N_out], rng.fillNormal(new Float32Array(N_out), 0, 0.3));
  raw.init_state = ndarray([1, N_rec], rng.fillNormal(new Float32Array(N_rec), 0.3, 0.3));
  return raw;
}

/** A small perceptual-discrimination experiment (T 200 ms → 20 steps) merged with `overrides`. */
export function tinySpec(overrides: Partial<ExperimentSpecInput> = {}): ExperimentSpec {
  return parseSpec({
    version: 1,
    seed: 7,
    task: { name: 'PerceptualDiscrimination', dt: 10, tau: 100, T: 200, N_batch: 16 },
    model: { N_rec: 8 },
    training: { training_iters: 160, loss_epoch: 2 },
    ...overrides,
  });
}
