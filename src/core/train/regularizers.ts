/**
 * PsychRNN's regularization (reference §5), added to the loss. Every term is a mean, not a sum,
 * and the weight terms act on the EFFECTIVE matrices (masked entries count in the denominator):
 *   L1 = L1_in·mean|W_in| + L1_rec·mean|W_rec| + L1_out·mean|W_out|
 *   L2 = L2_in·mean(W_in²) + L2_rec·mean(W_rec²) + L2_out·mean(W_out²)
 *   + L2_firing_rate·mean(f(states)²) + custom(network)
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RecurrentNetwork } from '../model/network.ts';
import type { RegularizationSpec } from '../spec/spec.ts';

/** The spec's regularization weights (L1_in … L2_firing_rate). */
export type RegularizationWeights = RegularizationSpec;

export const NO_REGULARIZATION: RegularizationWeights = {
  L1_in: 0,
  L1_rec: 0,
  L1_out: 0,
  L2_in: 0,
  L2_rec: 0,
  L2_out: 0,
  L2_firing_rate: 0,
};

/** A user-supplied regularizer: (network, states [N_batch, N_steps, N_rec]) → scalar. */
export type CustomRegularizer = (network: RecurrentNetwork, states: tf.Tensor3D) => tf.Scalar;

/** The regularization term for one forward pass; 0 (a scalar) when every weight is 0. */
export function regularization(
  network: RecurrentNetwork,
  states: tf.Tensor3D,
  weights: RegularizationWeights,
  custom?: CustomRegularizer,
): tf.Scalar {
  const terms: tf.Scalar[] = [];
  const needsWeights = [weights.L1_in, weights.L1_rec, weights.L1_out, weights.L2_in, weights.L2_rec, weights.L2_out].some(
    (w) => w !== 0,
  );
  if (needsWeights) {
    const eff = network.effectiveWeights();
    const pairs: [number, number, tf.Tensor2D][] = [
      [weights.L1_in, weights.L2_in, eff.W_in],
      [weights.L1_rec, weights.L2_rec, eff.W_rec],
      [weights.L1_out, weights.L2_out, eff.W_out],
    ];
    for (const [l1, l2, w] of pairs) {
      if (l1 !== 0) terms.push(tf.mul(l1, tf.mean(tf.abs(w))));
      if (l2 !== 0) terms.push(tf.mul(l2, tf.mean(tf.square(w))));
    }
  }
  if (weights.L2_firing_rate !== 0) {
    terms.push(tf.mul(weights.L2_firing_rate, tf.mean(tf.square(network.rates(states)))));
  }
  if (custom) terms.push(custom(network, states));
  return terms.length === 0 ? tf.scalar(0) : (tf.addN(terms) as tf.Scalar);
}
