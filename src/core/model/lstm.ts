/**
 * PsychRNN's `LSTM` (reference §3.4). With z = [h, u] (hidden first, then input):
 *   f = σ(z·W_f + b_f), i = σ(z·W_i + b_i), c̃ = tanh(z·W_c + b_c), o = σ(z·W_o + b_o)
 *   c' = f ⊙ c + i ⊙ c̃,   h' = o ⊙ σ(c')   (PsychRNN's non-standard σ where the usual LSTM has tanh)
 *   y = h'·W_outᵀ + b_out  (raw W_out, no transfer function)
 * The LSTM has no Dale's principle, connectivity masks or recurrent noise. PsychRNN keeps the base
 * RNN's W_in/W_rec/b_rec/init_state unused (and saves them); so do we, as constants.
 * init_hidden and init_cell are learned per batch row [N_batch, N_rec]; a batch of another size
 * starts every trial from row 0, like PsychRNN's LSTMSimulator. On the cpu and wasm backends the
 * sequence runs in a fused WebAssembly kernel (kernels/cpu/lstm-host-op.ts), on webgpu in two WGSL
 * dispatches (kernels/webgpu/lstm-webgpu-op.ts); elsewhere, and with `kernel: 'per-step'`, op by op.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Array3 } from '../array3.ts';
import { hostFusedLstm, type LstmTensors } from '../kernels/cpu/lstm-host-op.ts';
import type { FusedRnnResult } from '../kernels/custom-op.ts';
import { webgpuFusedLstm } from '../kernels/webgpu/lstm-webgpu-op.ts';
import type { KernelChoice } from './basic.ts';
import { type EffectiveWeights, type ForwardResult, type RecurrentNetwork, type BatchInputs, stackSteps, stepTensors } from './network.ts';
import type { TransferFunctionName } from './transfer.ts';
import { transferFunctionTf } from './transfer-tf.ts';
import { toNdArray, toVariable } from './variables.ts';
import { LSTM_WEIGHT_KEYS, type LstmWeights } from './weights.ts';

/** The LSTM's own parameters plus the readout it shares with the base RNN. */
export const LSTM_VARIABLES = [...LSTM_WEIGHT_KEYS, 'W_out', 'b_out'] as const;

export interface LstmOptions {
  alpha: number;
  /** PsychRNN's `*_train` flags apply only to W_out and b_out here; the gates always train. */
  trainable?: Partial<Record<string, boolean>>;
  /** how the sequence runs: the fused kernel where one exists ('auto', the default), or op by op */
  kernel?: KernelChoice;
}

/** The fused LSTM of each backend that has one. */
const FUSED_LSTM_OPS: Record<string, (variables: LstmTensors, x: Array3) => FusedRnnResult> = {
  cpu: hostFusedLstm,
  wasm: hostFusedLstm,
  webgpu: webgpuFusedLstm,
};

export class LstmRnn implements RecurrentNetwork {
  readonly type = 'lstm' as const;
  readonly N_in: number;
  readonly N_rec: number;
  readonly N_out: number;
  readonly alpha: number;
  readonly recNoise = 0;
  readonly kernel: KernelChoice;
  readonly transferFunction: TransferFunctionName;
  readonly variables: Record<string, tf.Variable>;
  readonly trainableNames: string[];
  private readonly unused: { W_in: tf.Tensor2D; W_rec: tf.Tensor2D };
  private readonly saved: LstmWeights;
  private readonly f: <T extends tf.Tensor>(x: T) => T;

  constructor(raw: LstmWeights, options: LstmOptions) {
    this.N_in = raw.N_in;
    this.N_rec = raw.N_rec;
    this.N_out = raw.N_out;
    this.alpha = options.alpha;
    this.kernel = options.kernel ?? 'auto';
    this.transferFunction = raw.transfer_function;
    this.f = transferFunctionTf(raw.transfer_function);
    this.saved = raw;
    const trainable = (name: string) => !['W_out', 'b_out'].includes(name) || options.trainable?.[name] !== false;
    this.variables = {};
    for (const name of LSTM_VARIABLES) this.variables[name] = toVariable(raw[name], trainable(name));
    this.trainableNames = LSTM_VARIABLES.filter(trainable);
    this.unused = {
      W_in: tf.tensor2d(raw.W_in.data, [raw.N_rec, raw.N_in]),
      W_rec: tf.tensor2d(raw.W_rec.data, [raw.N_rec, raw.N_rec]),
    };
  }

  effectiveWeights(): EffectiveWeights {
    return { W_in: this.unused.W_in, W_rec: this.unused.W_rec, W_out: this.variables.W_out as tf.Tensor2D };
  }

  rates<T extends tf.Tensor>(state: T): T {
    return this.f(state);
  }

  /** Initial hidden or cell state for a batch of `nBatch` trials. */
  private initial(name: 'init_hidden' | 'init_cell', nBatch: number): tf.Tensor2D {
    const v = this.variables[name] as tf.Tensor2D;
    if (v.shape[0] === nBatch) return v;
    return tf.tile(tf.slice(v, [0, 0], [1, this.N_rec]), [nBatch, 1]) as tf.Tensor2D;
  }

  /** Whether `forward` runs in the fused kernel on the active backend. */
  get fused(): boolean {
    return this.kernel === 'auto' && tf.getBackend() in FUSED_LSTM_OPS;
  }

  forward(inputs: BatchInputs): ForwardResult {
    if (!this.fused) return this.forwardPerStep(inputs);
    return FUSED_LSTM_OPS[tf.getBackend()](this.variables as unknown as LstmTensors, inputs.x);
  }

  /** The LSTM op by op, one step at a time. */
  private forwardPerStep(inputs: BatchInputs): ForwardResult {
    const nBatch = inputs.x.shape[0];
    const x = stepTensors(inputs.x);
    const n = this.N_rec;
    const v = this.variables;
    // The four gates side by side: [N_rec + N_in, 4·N_rec]; rows 0..N_rec−1 act on h, the rest on u.
    const gates = tf.concat([v.W_f, v.W_i, v.W_c, v.W_o], 1) as tf.Tensor2D;
    const bias = tf.concat([v.b_f, v.b_i, v.b_c, v.b_o], 0);
    const fromHidden = tf.slice(gates, [0, 0], [n, 4 * n]);
    const fromInput = tf.slice(gates, [n, 0], [this.N_in, 4 * n]);
    let h = this.initial('init_hidden', nBatch);
    let c = this.initial('init_cell', nBatch);
    const states: tf.Tensor2D[] = [];
    const outputs: tf.Tensor2D[] = [];
    for (let t = 0; t < x.length; t++) {
      const pre = tf.add(tf.add(tf.matMul(h, fromHidden), tf.matMul(x[t], fromInput)), bias);
      const [gf, gi, gc, go] = tf.split(pre, 4, 1);
      c = tf.add(tf.mul(tf.sigmoid(gf), c), tf.mul(tf.sigmoid(gi), tf.tanh(gc))) as tf.Tensor2D;
      h = tf.mul(tf.sigmoid(go), tf.sigmoid(c)) as tf.Tensor2D;
      states.push(h);
      outputs.push(tf.add(tf.matMul(h, v.W_out, false, true), v.b_out) as tf.Tensor2D);
    }
    return { predictions: stackSteps(outputs), states: stackSteps(states) };
  }

  async exportWeights(): Promise<LstmWeights> {
    const entries = await Promise.all(
      LSTM_VARIABLES.map(async (name) => [name, await toNdArray(this.variables[name])] as const),
    );
    return { ...this.saved, ...Object.fromEntries(entries), optimizer_slots: undefined };
  }

  dispose(): void {
    tf.dispose(Object.values(this.variables));
    tf.dispose([this.unused.W_in, this.unused.W_rec]);
  }
}
