/**
 * A gated recurrent unit (Cho et al. 2014) as TF1's GRUCell computes it, the TensorFlow PsychRNN was built on.
 * CogRNN's own: PsychRNN has no GRU, so this one follows PsychRNN's LSTM conventions (reference §3.4). With
 * z = [h, u] (hidden first, then input):
 *   r = σ(z·W_r + b_r),   g = σ(z·W_u + b_u)          (reset and update gates)
 *   c̃ = tanh([r ⊙ h, u]·W_c + b_c)                    (candidate; the reset gate acts before the matmul, as TF1's)
 *   h' = g ⊙ h + (1 − g) ⊙ c̃,   y = h'·W_outᵀ + b_out  (raw W_out, no transfer function)
 * Like the LSTM (./gated.ts) the GRU has no Dale's principle, connectivity masks or recurrent noise, and keeps the
 * base RNN's W_in/W_rec/b_rec/init_state unused (and saves them), as constants. init_hidden [N_batch, N_rec] is
 * learned per batch row; a batch of another size starts every trial from row 0, as the LSTM does. On the cpu and wasm
 * backends the sequence runs in a fused WebAssembly kernel (kernels/cpu/gru-host-op.ts), on webgpu in two WGSL
 * dispatches (kernels/webgpu/gru-webgpu-op.ts); elsewhere (WebGL), and with `kernel: 'per-step'`, op by op.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Array3 } from '../array3.ts';
import { type GruTensors, hostFusedGru } from '../kernels/cpu/gru-host-op.ts';
import { webgpuFusedGru } from '../kernels/webgpu/gru-webgpu-op.ts';
import type { FusedRnnResult } from '../kernels/custom-op.ts';
import { GatedRnn, type GatedOptions } from './gated.ts';
import { type BatchInputs, type ForwardResult, stackSteps, stepTensors } from './network.ts';
import { GRU_WEIGHT_KEYS, type GruWeights } from './weights.ts';

/** The GRU's own parameters plus the readout it shares with the base RNN. */
export const GRU_VARIABLES = [...GRU_WEIGHT_KEYS, 'W_out', 'b_out'] as const;

/** The fused GRU of each backend that has one. */
const FUSED_GRU_OPS: Record<string, (variables: GruTensors, x: Array3) => FusedRnnResult> = {
  cpu: hostFusedGru,
  wasm: hostFusedGru,
  webgpu: webgpuFusedGru,
};

export class GruRnn extends GatedRnn<GruWeights> {
  readonly type = 'gru' as const;

  constructor(raw: GruWeights, options: GatedOptions) {
    super(raw, GRU_VARIABLES, options);
  }

  /** Whether `forward` runs in the fused kernel on the active backend. */
  get fused(): boolean {
    return this.kernel === 'auto' && tf.getBackend() in FUSED_GRU_OPS;
  }

  forward(inputs: BatchInputs): ForwardResult {
    if (!this.fused) return this.forwardPerStep(inputs);
    return FUSED_GRU_OPS[tf.getBackend()](this.variables as unknown as GruTensors, inputs.x);
  }

  /** The GRU op by op, one step at a time. */
  private forwardPerStep(inputs: BatchInputs): ForwardResult {
    const nBatch = inputs.x.shape[0];
    const x = stepTensors(inputs.x);
    const n = this.N_rec;
    const v = this.variables;
    // r and g side by side: [N_rec + N_in, 2·N_rec]; rows 0..N_rec−1 act on h, the rest on u.
    const gates = tf.concat([v.W_r, v.W_u], 1) as tf.Tensor2D;
    const gateBias = tf.concat([v.b_r, v.b_u], 0);
    const gatesFromHidden = tf.slice(gates, [0, 0], [n, 2 * n]);
    const gatesFromInput = tf.slice(gates, [n, 0], [this.N_in, 2 * n]);
    const candidateFromHidden = tf.slice(v.W_c, [0, 0], [n, n]);
    const candidateFromInput = tf.slice(v.W_c, [n, 0], [this.N_in, n]);
    let h = this.initial('init_hidden', nBatch);
    const states: tf.Tensor2D[] = [];
    const outputs: tf.Tensor2D[] = [];
    for (let t = 0; t < x.length; t++) {
      const pre = tf.add(tf.add(tf.matMul(h, gatesFromHidden), tf.matMul(x[t], gatesFromInput)), gateBias);
      const [r, g] = tf.split(tf.sigmoid(pre), 2, 1);
      const candidatePre = tf.add(tf.add(tf.matMul(tf.mul(r, h), candidateFromHidden), tf.matMul(x[t], candidateFromInput)), v.b_c);
      // h' = g ⊙ h + (1 − g) ⊙ c̃ = c̃ + g ⊙ (h − c̃)
      const candidate = tf.tanh(candidatePre);
      h = tf.add(candidate, tf.mul(g, tf.sub(h, candidate))) as tf.Tensor2D;
      states.push(h);
      outputs.push(tf.add(tf.matMul(h, v.W_out, false, true), v.b_out) as tf.Tensor2D);
    }
    return { predictions: stackSteps(outputs), states: stackSteps(states) };
  }
}
