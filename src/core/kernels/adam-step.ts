/**
 * TF1 Adam's step of one variable, gradient masking and clipping included, as a few fused GPU programs where
 * the backend has them (webgpu: ./webgpu/adam-webgpu.ts). On a GPU each tf.js op is a dispatch with its own
 * overhead, and the op-by-op update of ../train/optimizer.ts takes about twenty per variable; on cpu and wasm
 * those ops cost well under a millisecond per iteration in all, so they keep the op-by-op update.
 *   g̃ = g ⊙ (1 − M) / max(1, ‖g ⊙ (1 − M)‖₂),   m' = β1·m + (1−β1)·g̃,   v' = β2·v + (1−β2)·g̃²,   θ' = θ − lr_t·m'/(√v' + ε)
 */
import * as tf from '@tensorflow/tfjs-core';
import { webgpuAdamStep } from './webgpu/adam-webgpu.ts';

export interface AdamStep {
  theta: tf.Tensor;
  /** first and second moment slots, in θ's shape */
  m: tf.Tensor;
  v: tf.Tensor;
  /** ∂L/∂θ as autodiff gives it: not yet masked or clipped */
  gradient: tf.Tensor;
  /** 1 where θ's entries are fixed (their gradient is zeroed), absent when none are */
  fixed?: tf.Tensor;
  /** clip the masked gradient to norm 1 (PsychRNN's clip_grads) */
  clip: boolean;
  beta1: number;
  beta2: number;
  /** lr·√(1−β2^t)/(1−β1^t) */
  lrT: number;
  epsilon: number;
}

/** The new θ, m and v (new tensors; the caller assigns them). */
export interface AdamStepResult {
  theta: tf.Tensor;
  m: tf.Tensor;
  v: tf.Tensor;
}

const FUSED_ADAM: Record<string, (step: AdamStep) => AdamStepResult> = {
  webgpu: webgpuAdamStep,
};

/** Whether `backend` (a tf.js backend name) runs Adam's step as fused programs. */
export function hasFusedAdam(backend: string): boolean {
  return backend in FUSED_ADAM;
}

/** One Adam step on the active backend's fused programs; throws where it has none, or when shapes differ. */
export function fusedAdamStep(step: AdamStep): AdamStepResult {
  const backend = tf.getBackend();
  if (!hasFusedAdam(backend)) {
    throw new Error(`no fused Adam step on the ${backend} backend; fused on: ${Object.keys(FUSED_ADAM).join(', ')}`);
  }
  for (const name of ['m', 'v', 'gradient', 'fixed'] as const) {
    const t = step[name];
    if (t && !tf.util.arraysEqual(t.shape, step.theta.shape)) {
      throw new Error(`Adam step: ${name} has shape [${t.shape.join(', ')}]; θ's is [${step.theta.shape.join(', ')}]`);
    }
  }
  return FUSED_ADAM[backend](step);
}
