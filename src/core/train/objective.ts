/**
 * The training objective on one batch: reg_loss = loss(ŷ, y, m) + regularization (reference §5),
 * and the tensors it needs. Pure tf.js; the caller owns tidy scopes.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Array3 } from '../array3.ts';
import type { Rng } from '../rng.ts';
import type { BatchInputs, ForwardResult, RecurrentNetwork } from '../model/network.ts';
import type { TrialBatch } from '../tasks/task.ts';
import type { LossFunction } from './losses.ts';
import { type CustomRegularizer, regularization, type RegularizationWeights } from './regularizers.ts';

export interface BatchTensors extends BatchInputs {
  /** [N_batch, N_steps, N_out] */
  y: tf.Tensor3D;
  /** [N_batch, N_steps, N_out] */
  mask: tf.Tensor3D;
}

export function tensor3(a: Array3): tf.Tensor3D {
  return tf.tensor3d(a.data, a.shape);
}

/**
 * A trial batch for one forward pass: targets and mask uploaded, inputs left on the host for the model,
 * with fresh recurrent-noise draws ξ [N_batch, N_steps, N_rec] from `noiseRng` when the network is noisy.
 */
export function batchTensors(batch: TrialBatch<object>, network: RecurrentNetwork, noiseRng: Rng): BatchTensors {
  const [nBatch, nSteps] = batch.x.shape;
  const shape: [number, number, number] = [nBatch, nSteps, network.N_rec];
  const noise = network.recNoise > 0 ? { data: noiseRng.fillNormal(new Float32Array(nBatch * nSteps * network.N_rec)), shape } : null;
  return { x: batch.x, noise, y: tensor3(batch.y), mask: tensor3(batch.mask) };
}

export interface Objective {
  loss: LossFunction;
  regularization: RegularizationWeights;
  customRegularizer?: CustomRegularizer;
}

export interface ObjectiveValue extends ForwardResult {
  /** loss + regularization */
  total: tf.Scalar;
}

export function evaluateObjective(network: RecurrentNetwork, t: BatchTensors, objective: Objective): ObjectiveValue {
  const forward = network.forward(t);
  const loss = objective.loss(forward.predictions, t.y, t.mask);
  const reg = regularization(network, forward.states, objective.regularization, objective.customRegularizer);
  return { ...forward, total: tf.add(loss, reg) as tf.Scalar };
}
