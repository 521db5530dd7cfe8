/**
 * The optimizer check: on the active backend, three TF1 Adam steps with PsychRNN's gradient handling (fixed
 * entries, clipping to norm 1) as the trainer takes them (Optimizer.applyRaw: fused programs where the backend
 * has them) against the op-by-op update (prepareGradient + Optimizer.apply), from the same weights and
 * gradients; reported as the largest scale-aware difference per variable and slot.
 */
import * as tf from '@tensorflow/tfjs-core';
import { hasFusedAdam } from '../core/kernels/adam-step.ts';
import { Rng } from '../core/rng.ts';
import { randomAdamProblem, runAdamSteps } from '../core/testing/adam-steps.ts';
import { relativeDifference } from '../core/testing/relative-difference.ts';

const STEPS = 3;
/** A Basic RNN's variables (N_in 3, N_rec 37, N_out 2), W_rec and W_in with fixed entries. */
const SHAPES: Record<string, number[]> = { W_in: [37, 3], W_rec: [37, 37], W_out: [2, 37], b_rec: [37], b_out: [2], init_state: [1, 37] };
const MASKED = ['W_in', 'W_rec'];

export interface AdamCheckReport {
  /** whether the trainer's path ran fused programs on this backend */
  fused: boolean;
  /** per variable and slot (`W_rec/Adam`, …), max|trainer − op-by-op| / max|op-by-op| after the steps */
  maxRelDiff: Record<string, number>;
}

/** The check on the active backend; gradient norms alternate between under and over 1, so clipping matters. */
export async function runAdamCheck(seed = 7): Promise<AdamCheckReport> {
  const problem = randomAdamProblem(new Rng(seed), SHAPES, MASKED, STEPS);
  const want = await runAdamSteps(problem, true, false);
  const got = await runAdamSteps(problem, true, true);
  return {
    fused: hasFusedAdam(tf.getBackend()),
    maxRelDiff: Object.fromEntries(Object.keys(want).map((n) => [n, relativeDifference(got[n], want[n]).relative])),
  };
}
