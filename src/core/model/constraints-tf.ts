/**
 * Effective weights as tf.js ops (reference §3.1), the only weights the dynamics ever see.
 * Same formulas as the plain-array versions in constraints.ts; gradients reach the raw W through
 * the masks and |·| (d|W|/dW = sign(W), times C, times the Dale column sign).
 */
import * as tf from '@tensorflow/tfjs-core';

export interface ConstraintTensors {
  inputConnectivity: tf.Tensor2D;
  recConnectivity: tf.Tensor2D;
  outputConnectivity: tf.Tensor2D;
  /** diagonal of Dale_rec as a row [1, N_rec]: +1 excitatory, −1 inhibitory */
  daleRecSigns: tf.Tensor2D;
  /** diagonal of Dale_out as a row [1, N_rec]: 1 excitatory, 0 inhibitory */
  daleOutSigns: tf.Tensor2D;
  /** PsychRNN tests `if dale_ratio:`, so 0 and null both mean no Dale */
  dale: boolean;
}

/** W_in_eff = W_in ⊙ C_in, or |W_in ⊙ C_in| with Dale. */
export function effectiveInputWeightsTf(W_in: tf.Tensor2D, c: ConstraintTensors): tf.Tensor2D {
  const masked = tf.mul(W_in, c.inputConnectivity) as tf.Tensor2D;
  return c.dale ? tf.abs(masked) : masked;
}

/** W_rec_eff = W_rec ⊙ C_rec, or |W_rec ⊙ C_rec| · Dale_rec (column j times d_j) with Dale. */
export function effectiveRecurrentWeightsTf(W_rec: tf.Tensor2D, c: ConstraintTensors): tf.Tensor2D {
  const masked = tf.mul(W_rec, c.recConnectivity) as tf.Tensor2D;
  return c.dale ? (tf.mul(tf.abs(masked), c.daleRecSigns) as tf.Tensor2D) : masked;
}

/** W_out_eff = W_out ⊙ C_out, or |W_out ⊙ C_out| · Dale_out (inhibitory units do not read out) with Dale. */
export function effectiveOutputWeightsTf(W_out: tf.Tensor2D, c: ConstraintTensors): tf.Tensor2D {
  const masked = tf.mul(W_out, c.outputConnectivity) as tf.Tensor2D;
  return c.dale ? (tf.mul(tf.abs(masked), c.daleOutSigns) as tf.Tensor2D) : masked;
}
