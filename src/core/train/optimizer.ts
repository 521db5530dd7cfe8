/**
 * One optimizer step with PsychRNN's gradient handling (reference §6, steps 3–5):
 *   g ← g ⊙ (1 − M)            fixed (non-plastic) weights, before clipping
 *   g ← g / max(1, ‖g‖₂)        each tensor clipped to norm 1 separately (tf.clip_by_norm)
 * then the update with TensorFlow 1's exact rules (tf.js's own Adam places ε differently):
 *   Adam:     lr_t = lr·√(1−β2^t)/(1−β1^t);  θ −= lr_t·m/(√v + ε)
 *   SGD:      θ −= lr·g
 *   Momentum: a = μ·a + g;  θ −= lr·a   (Nesterov: θ −= lr·(g + μ·a))
 *   RMSProp:  ms = ρ·ms + (1−ρ)·g² (ms starts at 1);  mom = μ·mom + lr·g/√(ms + ε);  θ −= mom
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NdArray } from '../model/weights.ts';
import type { OptimizerSpec } from '../spec/spec.ts';
import { toNdArray } from '../model/variables.ts';
import { fusedAdamStep, hasFusedAdam } from '../kernels/adam-step.ts';

/** One of the spec's optimizers (TF1 defaults filled in by the spec). */
export type OptimizerConfig = OptimizerSpec;

/** Slot names as TensorFlow 1 saves them beside each variable (`W_rec/Adam`, `W_rec/Adam_1`). */
const SLOT_NAMES: Record<OptimizerConfig['type'], string[]> = {
  adam: ['Adam', 'Adam_1'],
  sgd: [],
  momentum: ['Momentum'],
  rmsprop: ['RMSProp', 'RMSProp_1'],
};

/** g ⊙ (1 − M) for fixed entries, then per-tensor clipping to norm 1 when `clip`. */
export function prepareGradient(gradient: tf.Tensor, fixedMask: tf.Tensor | undefined, clip: boolean): tf.Tensor {
  let g = fixedMask ? tf.mul(gradient, tf.sub(1, fixedMask)) : gradient;
  if (clip) g = tf.div(g, tf.maximum(tf.norm(g), 1));
  return g;
}

/** What `Optimizer.restore` needs: the step count and clones of the slots. */
export interface OptimizerSnapshot {
  step: number;
  slots: Map<string, tf.Tensor[]>;
}

export class Optimizer {
  readonly config: OptimizerConfig;
  private step = 0;
  private readonly slots = new Map<string, tf.Variable[]>();

  constructor(config: OptimizerConfig) {
    if (!(config.learning_rate > 0)) {
      throw new Error(`optimizer.learning_rate: got ${config.learning_rate}; must be a number > 0`);
    }
    this.config = config;
  }

  /** Number of updates applied so far (TF's `t`). */
  get iterations(): number {
    return this.step;
  }

  /** Applies one update to each variable in `gradients` (already masked and clipped). */
  apply(variables: Readonly<Record<string, tf.Variable>>, gradients: Record<string, tf.Tensor>): void {
    this.step += 1;
    tf.tidy(() => {
      for (const [name, g] of Object.entries(gradients)) this.update(name, variables[name], g);
    });
  }

  /**
   * One training step from autodiff's gradients: each masked by its variable's fixed entries and clipped
   * (prepareGradient), then applied — Adam as fused programs on backends that have them (../kernels/adam-step.ts).
   */
  applyRaw(
    variables: Readonly<Record<string, tf.Variable>>,
    gradients: Record<string, tf.Tensor>,
    fixedMasks: Readonly<Record<string, tf.Tensor>>,
    clip: boolean,
  ): void {
    const c = this.config;
    if (c.type !== 'adam' || !hasFusedAdam(tf.getBackend())) {
      this.apply(variables, Object.fromEntries(Object.entries(gradients).map(([name, g]) => [name, prepareGradient(g, fixedMasks[name], clip)])));
      return;
    }
    this.step += 1;
    const lrT = this.adamRate();
    tf.tidy(() => {
      for (const [name, gradient] of Object.entries(gradients)) {
        const theta = variables[name];
        const [m, v] = this.slotsFor(name, theta);
        const next = fusedAdamStep({ theta, m, v, gradient, fixed: fixedMasks[name], clip, beta1: c.beta1, beta2: c.beta2, lrT, epsilon: c.epsilon });
        m.assign(next.m);
        v.assign(next.v);
        theta.assign(next.theta);
      }
    });
  }

  /** Adam's step size at the current step t: lr_t = lr·√(1−β2^t)/(1−β1^t). */
  private adamRate(): number {
    const c = this.config as Extract<OptimizerConfig, { type: 'adam' }>;
    return (c.learning_rate * Math.sqrt(1 - c.beta2 ** this.step)) / (1 - c.beta1 ** this.step);
  }

  private slotsFor(name: string, variable: tf.Variable): tf.Variable[] {
    let s = this.slots.get(name);
    if (!s) {
      s = SLOT_NAMES[this.config.type].map((_, k) => tf.variable(this.initialSlot(k, variable), false));
      this.slots.set(name, s);
    }
    return s;
  }

  /** TF1's RMSProp starts its mean square at 1; every other slot starts at 0. */
  private initialSlot(k: number, like: tf.Tensor): tf.Tensor {
    return this.config.type === 'rmsprop' && k === 0 ? tf.onesLike(like) : tf.zerosLike(like);
  }

  private update(name: string, theta: tf.Variable, g: tf.Tensor): void {
    const c = this.config;
    const s = this.slotsFor(name, theta);
    switch (c.type) {
      case 'adam': {
        const [m, v] = s;
        const lrT = this.adamRate();
        m.assign(tf.add(tf.mul(m, c.beta1), tf.mul(g, 1 - c.beta1)));
        v.assign(tf.add(tf.mul(v, c.beta2), tf.mul(tf.square(g), 1 - c.beta2)));
        theta.assign(tf.sub(theta, tf.mul(lrT, tf.div(m, tf.add(tf.sqrt(v), c.epsilon)))));
        break;
      }
      case 'sgd':
        theta.assign(tf.sub(theta, tf.mul(g, c.learning_rate)));
        break;
      case 'momentum': {
        const [a] = s;
        a.assign(tf.add(tf.mul(a, c.momentum), g));
        const direction = c.use_nesterov ? tf.add(g, tf.mul(a, c.momentum)) : a;
        theta.assign(tf.sub(theta, tf.mul(direction, c.learning_rate)));
        break;
      }
      case 'rmsprop': {
        const [ms, mom] = s;
        ms.assign(tf.add(tf.mul(ms, c.decay), tf.mul(tf.square(g), 1 - c.decay)));
        mom.assign(tf.add(tf.mul(mom, c.momentum), tf.div(tf.mul(g, c.learning_rate), tf.sqrt(tf.add(ms, c.epsilon)))));
        theta.assign(tf.sub(theta, mom));
        break;
      }
    }
  }

  /** Its state now (the step count and a clone of every slot), to `restore` after a step went wrong. */
  snapshot(): OptimizerSnapshot {
    return { step: this.step, slots: new Map([...this.slots].map(([name, s]) => [name, s.map((slot) => tf.clone(slot))])) };
  }

  /** Back to `snapshot`'s state; the snapshot stays usable (and is the caller's to dispose). */
  restore(snapshot: OptimizerSnapshot): void {
    this.step = snapshot.step;
    tf.tidy(() => {
      for (const [name, s] of this.slots) {
        const saved = snapshot.slots.get(name);
        s.forEach((slot, k) => slot.assign(saved ? saved[k] : this.initialSlot(k, slot)));
      }
    });
  }

  /** The optimizer's slots keyed as PsychRNN/TF1 saves them, e.g. `W_rec/Adam`. */
  async exportSlots(): Promise<Record<string, NdArray>> {
    const out: Record<string, NdArray> = {};
    const names = SLOT_NAMES[this.config.type];
    for (const [variable, slots] of this.slots) {
      for (let k = 0; k < slots.length; k++) out[`${variable}/${names[k]}`] = await toNdArray(slots[k]);
    }
    return out;
  }

  dispose(): void {
    for (const s of this.slots.values()) tf.dispose(s);
    this.slots.clear();
  }
}
