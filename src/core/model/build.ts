/**
 * From an experiment spec to a network: PsychRNN's initializer selection (reference §3.1, §4) —
 * a loaded weights file wins, else the spec's initializer — and the fixed-weight masks.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng.ts';
import { type ExperimentSpec, taskShape } from '../spec/spec.ts';
import { BasicRnn, type KernelChoice } from './basic.ts';
import { GruRnn } from './gru.ts';
import { alphaIdentity, gaussianSpectralRadius, gruInitializer, type InitializerOptions, lstmInitializer, weightInitializer } from './initializers.ts';
import { LstmRnn } from './lstm.ts';
import type { RecurrentNetwork } from './network.ts';
import { type BasicWeights, MODEL_NAMES, type NdArray, type NetworkWeights, ndarray } from './weights.ts';

/** A 0/1 matrix from the spec (rows of numbers) as an NdArray, or undefined when absent. */
export function matrixFromRows(rows: readonly (readonly number[])[] | null | undefined): NdArray | undefined {
  if (!rows) return undefined;
  const cols = rows[0]?.length ?? 0;
  return ndarray([rows.length, cols], rows.flat());
}

/** The raw initial parameters the spec's initializer draws (base RNN part). */
export function initialBasicWeights(spec: ExperimentSpec, rng: Rng): BasicWeights {
  const { N_in, N_out } = taskShape(spec.task);
  const m = spec.model;
  const c = m.constraints;
  const init = m.initializer;
  const options: InitializerOptions = {
    N_in,
    N_rec: m.N_rec,
    N_out,
    dale_ratio: c.dale_ratio,
    autapses: c.autapses,
    input_connectivity: matrixFromRows(c.input_connectivity),
    rec_connectivity: matrixFromRows(c.rec_connectivity),
    output_connectivity: matrixFromRows(c.output_connectivity),
    which_rand_init: init.which_rand_init,
    which_rand_W_rec_init: init.which_rand_W_rec_init,
    init_minval: init.init_minval,
    init_maxval: init.init_maxval,
    transfer_function: m.transfer_function,
  };
  switch (init.type) {
    case 'GaussianSpectralRadius':
      return gaussianSpectralRadius({ ...options, spec_rad: init.spec_rad }, rng);
    case 'AlphaIdentity':
      return alphaIdentity({ ...options, alpha: init.alpha }, rng);
    case 'WeightInitializer':
      return weightInitializer(options, rng);
  }
}

/**
 * The spec's initial parameters: the base RNN's draws, then, for the gated models, their own (PsychRNN's LSTM
 * draws the unused base variables first too).
 */
export function initialWeights(spec: ExperimentSpec, rng: Rng): NetworkWeights {
  const base = initialBasicWeights(spec, rng);
  const sizes = { N_in: base.N_in, N_rec: base.N_rec, N_out: base.N_out, N_batch: spec.task.N_batch };
  switch (spec.model.type) {
    case 'basic':
      return base;
    case 'lstm':
      return { ...base, ...lstmInitializer(sizes, rng), model: 'lstm' };
    case 'gru':
      return { ...base, ...gruInitializer(sizes, rng), model: 'gru' };
  }
}

/**
 * The spec's network, initialized from `weights` when given (effective weights become the raw ones);
 * `kernel` chooses how a Basic RNN's or LSTM's recurrence runs (see BasicRnn).
 */
export function buildNetwork(spec: ExperimentSpec, rng: Rng, weights?: NetworkWeights, kernel?: KernelChoice): RecurrentNetwork {
  const alpha = spec.task.dt / spec.task.tau;
  const trainable = spec.model.constraints.trainable;
  if (weights && weights.model !== spec.model.type) {
    throw new Error(`weights: the file holds ${MODEL_NAMES[weights.model]} but the spec asks for model.type "${spec.model.type}"`);
  }
  const raw = weights ?? initialWeights(spec, rng);
  switch (raw.model) {
    case 'basic':
      return new BasicRnn(raw, { alpha, recNoise: spec.model.rec_noise, trainable, kernel });
    case 'lstm':
      return new LstmRnn(raw, { alpha, trainable, kernel });
    case 'gru':
      return new GruRnn(raw, { alpha, trainable, kernel });
  }
}

/** PsychRNN's train_params['fixed_weights']: 1 marks an entry whose gradient is zeroed. */
export function fixedWeightMasks(spec: ExperimentSpec, network: RecurrentNetwork): Record<string, tf.Tensor> {
  const masks: Record<string, tf.Tensor> = {};
  const fixed = spec.model.constraints.fixed_weights;
  if (!fixed) return masks;
  for (const [name, rows] of Object.entries(fixed)) {
    if (!rows) continue;
    const variable = network.variables[name];
    if (!variable) throw new Error(`model.constraints.fixed_weights.${name}: the ${network.type} model has no variable ${name}`);
    const values = (rows as number[] | number[][]).flat();
    if (values.length !== variable.size) {
      throw new Error(
        `model.constraints.fixed_weights.${name}: got ${values.length} entries; ${name} has shape [${variable.shape.join(', ')}]`,
      );
    }
    masks[name] = tf.tensor(values, variable.shape);
  }
  return masks;
}
