/**
 * PsychRNN's `LSTM` (reference §3.4). With z = [h, u] (hidden first, then input):
 *   f = σ(z·W_f + b_f), i = σ(z·W_i + b_i), c̃ = tanh(z·W_c + b_c), o = σ(z·W_o + b_o)
 *   c' = f ⊙ c + i ⊙ c̃,   h' = o ⊙ σ(c')   (PsychRNN's non-standard σ where the usual LSTM has tanh)
 *   y = h'·W_outᵀ + b_out  (raw W_out, no transfer function)
 * The LSTM has no Dale's principle, connectivity masks or recurrent noise. PsychRNN keeps the base
 * RNN's W_in/W_rec/b_rec/init_state unused (and saves them); so do we, as constants (./gated.ts).
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
import { GatedRnn, type GatedOptions } from './gated.ts';
import { type ForwardResult, type BatchInputs, stackSteps, stepTensors } from './network.ts';
import { LSTM_WEIGHT_KEYS, type LstmWeights } from './weights.ts';

/** The LSTM's own parameters plus the readout it shares with the base RNN. */
export const LSTM_VARIABLES = [...LSTM_WEIGHT_KEYS, 'W_out', 'b_out'] as const;

/** The fused LSTM of each backend that has one. */
const FUSED_LSTM_OPS: Record<string, (variables: LstmTensors, x: Array3) => FusedRnnResult> = {
  cpu: hostFusedLstm,
  wasm: hostFusedLstm,
  webgpu: webgpuFusedLstm,
};

export class LstmRnn extends GatedRnn<LstmWeights> {
  readonly type = 'lstm' as const;

  constructor(raw: LstmWeights, options: GatedOptions) {
    super(raw, LSTM_VARIABLES, options);
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
}
