/**
 * The training objective on one batch: reg_loss = loss(ŷ, y, m) + regularization (reference §5),
 * and the tensors it needs. Pure tf.js; the caller owns tidy scopes.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Array3 } from '../array3.ts';
import type { Rng } from '../rng.ts';
import type { ForwardResult, RecurrentNetwork, StepInputs } from '../model/network.ts';
import type { TrialBatch } from '../tasks/task.ts';
import type { LossFunction } from './losses.ts';
import { type CustomRegularizer, regularization, type RegularizationWeights } from './regularizers.ts';

export interface BatchTensors extends StepInputs {
  /** [N_batch, N_steps, N_out] */
  y: tf.Tensor3D;
  /** [N_batch, N_steps, N_out] */
  mask: tf.Tensor3D;
}

export function tensor3(a: Array3): tf.Tensor3D {
  return tf.tensor3d(a.data, a.shape);
}

/** Splits [N_batch, N_steps, N] data into N_steps tensors [N_batch, N] (a transpose in plain JS). */
export function stepTensors(data: Float32Array, nBatch: number, nSteps: number, n: number): tf.Tensor2D[] {
  const steps: tf.Tensor2D[] = [];
  for (let t = 0; t < nSteps; t++) {
    const step = new Float32Array(nBatch * n);
    for (let b = 0; b < nBatch; b++) step.set(data.subarray((b * nSteps + t) * n, (b * nSteps + t + 1) * n), b * n);
    steps.push(tf.tensor2d(step, [nBatch, n]));
  }
  return steps;
}

/** Uploads a trial batch, with fresh recurrent-noise draws from `noiseRng` when the network is noisy. */
export function batchTensors(batch: TrialBatch<object>, network: RecurrentNetwork, noiseRng: Rng): BatchTensors {
  const [nBatch, nSteps, nIn] = batch.x.shape;
  let noise: tf.Tensor2D[] | null = null;
  if (network.recNoise > 0) {
    const n = network.N_rec;
    noise = Array.from({ length: nSteps }, () => tf.tensor2d(noiseRng.fillNormal(new Float32Array(nBatch * n)), [nBatch, n]));
  }
  return { x: stepTensors(batch.x.data, nBatch, nSteps, nIn), noise, y: tensor3(batch.y), mask: tensor3(batch.mask) };
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
