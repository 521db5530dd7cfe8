/**
 * The optimizer check: on the active backend, three TF1 Adam steps with PsychRNN's gradient handling (fixed
 * entries, clipping to norm 1) as the trainer takes them (Optimizer.applyRaw: fused programs where the backend
 * has them) against the op-by-op update (prepareGradient + Optimizer.apply), from the same weights and
 * gradients; reported as the largest scale-aware difference per variable and slot.
 */
import * as tf from '@tensorflow/tfjs-core';
import { hasFusedAdam } from '../core/kernels/adam-step.ts';
import { Rng } from '../core/rng.ts';
import { relativeDifference } from '../core/testing/relative-difference.ts';
import { Optimizer, type OptimizerConfig, prepareGradient } from '../core/train/optimizer.ts';

const ADAM: OptimizerConfig = { type: 'adam', learning_rate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
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

type Arrays = Record<string, Float32Array>;

function randomArrays(rng: Rng, scale: (name: string, size: number) => number): Arrays {
  return Object.fromEntries(Object.entries(SHAPES).map(([name, shape]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return [name, rng.fillNormal(new Float32Array(size), 0, scale(name, size))];
  }));
}

/** The variables and slots after the steps, one way or the other. */
async function train(initial: Arrays, gradients: Arrays[], fixed: Arrays, clip: boolean, trainerPath: boolean): Promise<Arrays> {
  const variables = tf.tidy(() => Object.fromEntries(Object.entries(SHAPES).map(([n, s]) => [n, tf.variable(tf.tensor(initial[n], s), true)])));
  const masks = Object.fromEntries(Object.entries(fixed).map(([n, m]) => [n, tf.tensor(m, SHAPES[n])]));
  const optimizer = new Optimizer(ADAM);
  try {
    for (const step of gradients) {
      tf.tidy(() => {
        const g = Object.fromEntries(Object.entries(step).map(([n, a]) => [n, tf.tensor(a, SHAPES[n])]));
        if (trainerPath) optimizer.applyRaw(variables, g, masks, clip);
        else optimizer.apply(variables, Object.fromEntries(Object.entries(g).map(([n, t]) => [n, prepareGradient(t, masks[n], clip)])));
      });
    }
    const out: Arrays = {};
    for (const [n, v] of Object.entries(variables)) out[n] = (await v.data()) as Float32Array;
    for (const [n, slot] of Object.entries(await optimizer.exportSlots())) out[n] = slot.data as Float32Array;
    return out;
  } finally {
    optimizer.dispose();
    tf.dispose([...Object.values(variables), ...Object.values(masks)]);
  }
}

/** The check on the active backend; gradient norms alternate between under and over 1, so clipping matters. */
export async function runAdamCheck(seed = 7): Promise<AdamCheckReport> {
  const rng = new Rng(seed);
  const initial = randomArrays(rng, () => 1);
  const gradients = Array.from({ length: STEPS }, (_, step) => randomArrays(rng, (_n, size) => (step % 2 ? 3 : 0.2) / Math.sqrt(size)));
  const fixed = Object.fromEntries(MASKED.map((n) => [n, Float32Array.from(initial[n], () => (rng.uniform() < 0.3 ? 1 : 0))]));
  const want = await train(initial, gradients, fixed, true, false);
  const got = await train(initial, gradients, fixed, true, true);
  return {
    fused: hasFusedAdam(tf.getBackend()),
    maxRelDiff: Object.fromEntries(Object.keys(want).map((n) => [n, relativeDifference(got[n], want[n]).relative])),
  };
}
