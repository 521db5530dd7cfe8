/**
 * PsychRNN's `Basic` continuous-time rate RNN (reference §3.2), as tf.js ops:
 *   x_{t+1} = (1−α)·x_t + α·(f(x_t)·W_rec_effᵀ + u_t·W_in_effᵀ + b_rec) + sqrt(2α σ_rec²)·ξ_t
 *   y_t     = f(x_{t+1})·W_out_effᵀ + b_out
 * starting from the learned init_state [1, N_rec] shared by all trials. Where a fused whole-sequence
 * kernel exists for the backend and transfer function (kernels/fused-rnn-op.ts) the recurrence runs
 * in it; elsewhere, and with `kernel: 'per-step'`, op by op.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  type ConstraintTensors,
  effectiveInputWeightsTf,
  effectiveOutputWeightsTf,
  effectiveRecurrentWeightsTf,
} from './constraints-tf.ts';
import { fusedRnn, hasFusedKernel } from '../kernels/fused-rnn-op.ts';
import { type BatchInputs, type EffectiveWeights, type ForwardResult, type RecurrentNetwork, stackSteps, stepTensors } from './network.ts';
import type { TransferFunctionName } from './transfer.ts';
import { transferFunctionTf } from './transfer-tf.ts';
import { diagonalRow, toNdArray, toVariable, type TrainableFlags } from './variables.ts';
import type { BasicWeights } from './weights.ts';

export const BASIC_VARIABLES = ['init_state', 'W_in', 'W_rec', 'W_out', 'b_rec', 'b_out'] as const;

export interface BasicOptions {
  alpha: number;
  recNoise: number;
  /** per-variable `*_train` flags (PsychRNN: W_in_train, …); all true by default */
  trainable?: TrainableFlags;
  /** how the recurrence runs: a fused kernel where one exists ('auto', the default), or op by op */
  kernel?: KernelChoice;
}

export type KernelChoice = 'auto' | 'per-step';

export class BasicRnn implements RecurrentNetwork {
  readonly type = 'basic' as const;
  readonly N_in: number;
  readonly N_rec: number;
  readonly N_out: number;
  readonly alpha: number;
  readonly recNoise: number;
  readonly kernel: KernelChoice;
  readonly transferFunction: TransferFunctionName;
  readonly variables: Record<string, tf.Variable>;
  readonly trainableNames: string[];
  private readonly constraints: ConstraintTensors;
  private readonly masks: BasicWeights;
  private readonly f: <T extends tf.Tensor>(x: T) => T;

  /** `raw` holds the raw (unconstrained) parameters plus the masks and Dale matrices. */
  constructor(raw: BasicWeights, options: BasicOptions) {
    this.N_in = raw.N_in;
    this.N_rec = raw.N_rec;
    this.N_out = raw.N_out;
    this.alpha = options.alpha;
    this.recNoise = options.recNoise;
    this.kernel = options.kernel ?? 'auto';
    this.transferFunction = raw.transfer_function;
    this.f = transferFunctionTf(raw.transfer_function);
    this.masks = raw;
    const trainable = (name: string) => options.trainable?.[name] !== false;
    this.variables = {};
    for (const name of BASIC_VARIABLES) {
      const value = name === 'init_state' ? { data: raw.init_state.data, shape: [1, raw.N_rec] } : raw[name];
      this.variables[name] = toVariable(value, trainable(name));
    }
    this.trainableNames = BASIC_VARIABLES.filter(trainable);
    const dale = raw.dale_ratio !== null && raw.dale_ratio !== 0;
    this.constraints = {
      inputConnectivity: tf.tensor2d(raw.input_connectivity.data, [raw.N_rec, raw.N_in]),
      recConnectivity: tf.tensor2d(raw.rec_connectivity.data, [raw.N_rec, raw.N_rec]),
      outputConnectivity: tf.tensor2d(raw.output_connectivity.data, [raw.N_out, raw.N_rec]),
      daleRecSigns: diagonalRow(raw.Dale_rec),
      daleOutSigns: diagonalRow(raw.Dale_out),
      dale,
    };
  }

  effectiveWeights(): EffectiveWeights {
    const v = this.variables;
    return {
      W_in: effectiveInputWeightsTf(v.W_in as tf.Tensor2D, this.constraints),
      W_rec: effectiveRecurrentWeightsTf(v.W_rec as tf.Tensor2D, this.constraints),
      W_out: effectiveOutputWeightsTf(v.W_out as tf.Tensor2D, this.constraints),
    };
  }

  rates<T extends tf.Tensor>(state: T): T {
    return this.f(state);
  }

  /** Whether `forward` runs in a fused kernel on the active backend. */
  get fused(): boolean {
    return this.kernel === 'auto' && hasFusedKernel(tf.getBackend(), this.transferFunction);
  }

  forward(inputs: BatchInputs): ForwardResult {
    const weights = this.effectiveWeights();
    const noiseScale = Math.sqrt(2 * this.alpha * this.recNoise * this.recNoise);
    if (!this.fused) return this.forwardPerStep(inputs, weights, noiseScale);
    const v = this.variables;
    return fusedRnn(
      { ...weights, b_rec: v.b_rec, b_out: v.b_out, init_state: v.init_state },
      { ...inputs, noiseScale, alpha: this.alpha, transfer: this.transferFunction },
    );
  }

  /** The recurrence op by op, one step at a time. */
  private forwardPerStep(inputs: BatchInputs, { W_in, W_rec, W_out }: EffectiveWeights, noiseScale: number): ForwardResult {
    const nBatch = inputs.x.shape[0];
    const x = stepTensors(inputs.x);
    const noise = inputs.noise && noiseScale > 0 ? stepTensors(inputs.noise) : null;
    const a = this.alpha;
    const inputWeights = tf.mul(W_in, a); // α·W_in_eff, folded once
    const recurrentWeights = tf.mul(W_rec, a); // α·W_rec_eff
    const bias = tf.mul(this.variables.b_rec, a);
    let state: tf.Tensor2D = tf.tile(this.variables.init_state, [nBatch, 1]) as tf.Tensor2D;
    const states: tf.Tensor2D[] = [];
    const outputs: tf.Tensor2D[] = [];
    for (let t = 0; t < x.length; t++) {
      const drive = tf.add(tf.matMul(x[t], inputWeights, false, true), bias);
      const rec = tf.matMul(this.f(state), recurrentWeights, false, true);
      state = tf.add(tf.add(tf.mul(state, 1 - a), rec), drive) as tf.Tensor2D;
      if (noise) state = tf.add(state, tf.mul(noise[t], noiseScale));
      states.push(state);
      outputs.push(tf.add(tf.matMul(this.f(state), W_out, false, true), this.variables.b_out) as tf.Tensor2D);
    }
    return { predictions: stackSteps(outputs), states: stackSteps(states) };
  }

  async exportWeights(): Promise<BasicWeights> {
    const eff = this.effectiveWeights();
    const [W_in, W_rec, W_out, init_state, b_rec, b_out] = await Promise.all([
      toNdArray(eff.W_in),
      toNdArray(eff.W_rec),
      toNdArray(eff.W_out),
      toNdArray(this.variables.init_state),
      toNdArray(this.variables.b_rec),
      toNdArray(this.variables.b_out),
    ]);
    tf.dispose([eff.W_in, eff.W_rec, eff.W_out]);
    return { ...this.masks, model: 'basic', W_in, W_rec, W_out, init_state, b_rec, b_out, optimizer_slots: undefined };
  }

  dispose(): void {
    tf.dispose(Object.values(this.variables));
    const c = this.constraints;
    tf.dispose([c.inputConnectivity, c.recConnectivity, c.outputConnectivity, c.daleRecSigns, c.daleOutSigns]);
  }
}
