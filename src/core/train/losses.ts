/**
 * PsychRNN's loss functions (reference §5), ŷ predictions, y targets, m the output mask, all
 * [N_batch, N_steps, N_out]. Both built-ins divide by the total element count, not by Σm.
 */
import * as tf from '@tensorflow/tfjs-core';
import { LOSS_FUNCTIONS } from '../spec/spec.ts';

/** A loss: (predictions, targets, mask) → scalar. User-supplied losses have this signature too. */
export type LossFunction = (predictions: tf.Tensor3D, y: tf.Tensor3D, mask: tf.Tensor3D) => tf.Scalar;

export type BuiltinLossName = (typeof LOSS_FUNCTIONS)[number];

/** mean((m ⊙ (ŷ − y))²) over all elements. */
export const meanSquaredError: LossFunction = (predictions, y, mask) =>
  tf.mean(tf.square(tf.mul(mask, tf.sub(predictions, y))));

const BCE_EPSILON = 1e-7;

/** p = clip(ŷ, 1e-7, 1 − 1e-7); mean(m ⊙ −(y·log(p + 1e-7) + (1 − y)·log(1 − p + 1e-7))). */
export const binaryCrossEntropy: LossFunction = (predictions, y, mask) => {
  const p = tf.clipByValue(predictions, BCE_EPSILON, 1 - BCE_EPSILON);
  const positive = tf.mul(y, tf.log(tf.add(p, BCE_EPSILON)));
  const negative = tf.mul(tf.sub(1, y), tf.log(tf.add(tf.sub(1, p), BCE_EPSILON)));
  return tf.mean(tf.mul(mask, tf.neg(tf.add(positive, negative))));
};

/** The built-in loss called `name`, or the user's function. */
export function resolveLoss(loss: BuiltinLossName | LossFunction): LossFunction {
  if (typeof loss === 'function') return loss;
  switch (loss) {
    case 'mean_squared_error':
      return meanSquaredError;
    case 'binary_cross_entropy':
      return binaryCrossEntropy;
    default:
      throw new Error(`loss: got ${JSON.stringify(loss)}; allowed: ${LOSS_FUNCTIONS.join(', ')} or a function`);
  }
}
