/**
 * A saved network's fixed points in one call, as the worker will ask for them: run the chosen trials
 * noise-free through the network's own dynamics (so an LSTM's starts are full [h; c] states), sample
 * `startCount` of the visited states (seeded), and search from them at the constant input u.
 */
import type { NetworkWeights } from '../../model/weights.ts';
import { Rng } from '../../rng.ts';
import { networkDynamics, stateTrajectories } from './dynamics.ts';
import { findFixedPoints, sampleStates, type FixedPointOptions, type FixedPointResult } from './finder.ts';

export interface NetworkFixedPointOptions extends Omit<FixedPointOptions, 'starts'> {
  /** the trials whose trajectories seed the search, their inputs [N_batch, N_steps, N_in] */
  trials: { data: ArrayLike<number>; shape: readonly [number, number, number] };
  /** how many states to start from; default 64 */
  startCount?: number;
  /** standard deviation of the noise added to each start; default 0 */
  noiseStd?: number;
  /** seeds the choice of starts and their noise */
  seed: number;
}

export interface NetworkFixedPointResult extends FixedPointResult {
  model: NetworkWeights['model'];
  /**
   * how many leading entries of a point's state are the recorded state the PCA plot shows
   * (N_rec: x for the Basic RNN, h of [h; c] for the LSTM)
   */
  recordedSize: number;
}

/** `alpha` = dt/τ (used by the Basic RNN). */
export async function findNetworkFixedPoints(
  weights: NetworkWeights,
  alpha: number,
  options: NetworkFixedPointOptions,
): Promise<NetworkFixedPointResult> {
  const { trials, startCount = 64, noiseStd = 0, seed, ...search } = options;
  const dynamics = networkDynamics(weights, alpha);
  const states = stateTrajectories(dynamics, trials);
  const starts = sampleStates(states, startCount, noiseStd, new Rng(seed).fork('fixed-point starts'));
  const result = await findFixedPoints(dynamics, { ...search, starts });
  return { ...result, model: weights.model, recordedSize: weights.N_rec };
}
