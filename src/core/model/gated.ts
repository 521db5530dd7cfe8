/**
 * What PsychRNN's LSTM (./lstm.ts) and CogRNN's GRU (./gru.ts) share (reference §3.4): their own variables plus
 * the W_out/b_out readout they take from the base RNN; the base RNN's W_in/W_rec/b_rec/init_state kept unused (and
 * saved) as constants; initial states learned per batch row [N_batch, N_rec], row 0 for a batch of another size; no
 * Dale's principle, masks or recurrent noise. Each model adds its forward pass.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelChoice } from './basic.ts';
import type { BatchInputs, EffectiveWeights, ForwardResult, RecurrentNetwork } from './network.ts';
import type { TransferFunctionName } from './transfer.ts';
import { transferFunctionTf } from './transfer-tf.ts';
import { toNdArray, toVariable } from './variables.ts';
import type { GruWeights, LstmWeights, NdArray } from './weights.ts';

export interface GatedOptions {
  alpha: number;
  /** PsychRNN's `*_train` flags apply only to W_out and b_out here; the gates always train. */
  trainable?: Partial<Record<string, boolean>>;
  /** how the sequence runs: the fused kernel where one exists ('auto', the default), or op by op */
  kernel?: KernelChoice;
}

export abstract class GatedRnn<W extends LstmWeights | GruWeights> implements RecurrentNetwork {
  abstract readonly type: W['model'];
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
  private readonly saved: W;
  private readonly names: readonly string[];
  private readonly f: <T extends tf.Tensor>(x: T) => T;

  /** `names`: the model's variables (its own, then W_out and b_out), as keys of `raw`. */
  constructor(raw: W, names: readonly string[], options: GatedOptions) {
    this.N_in = raw.N_in;
    this.N_rec = raw.N_rec;
    this.N_out = raw.N_out;
    this.alpha = options.alpha;
    this.kernel = options.kernel ?? 'auto';
    this.transferFunction = raw.transfer_function;
    this.f = transferFunctionTf(raw.transfer_function);
    this.saved = raw;
    this.names = names;
    const trainable = (name: string) => !['W_out', 'b_out'].includes(name) || options.trainable?.[name] !== false;
    const arrays = raw as unknown as Record<string, NdArray>;
    this.variables = {};
    for (const name of names) this.variables[name] = toVariable(arrays[name], trainable(name));
    this.trainableNames = names.filter(trainable);
    this.unused = {
      W_in: tf.tensor2d(raw.W_in.data, [raw.N_rec, raw.N_in]),
      W_rec: tf.tensor2d(raw.W_rec.data, [raw.N_rec, raw.N_rec]),
    };
  }

  abstract forward(inputs: BatchInputs): ForwardResult;

  effectiveWeights(): EffectiveWeights {
    return { W_in: this.unused.W_in, W_rec: this.unused.W_rec, W_out: this.variables.W_out as tf.Tensor2D };
  }

  /** f(h), what the L2 firing-rate regularizer penalizes. */
  rates<T extends tf.Tensor>(state: T): T {
    return this.f(state);
  }

  /** The initial state `name` ([rows, N_rec]) for a batch of `nBatch` trials: one row each, or row 0 for all. */
  protected initial(name: string, nBatch: number): tf.Tensor2D {
    const v = this.variables[name] as tf.Tensor2D;
    if (v.shape[0] === nBatch) return v;
    return tf.tile(tf.slice(v, [0, 0], [1, this.N_rec]), [nBatch, 1]) as tf.Tensor2D;
  }

  async exportWeights(): Promise<W> {
    const entries = await Promise.all(this.names.map(async (name) => [name, await toNdArray(this.variables[name])] as const));
    return { ...this.saved, ...Object.fromEntries(entries), optimizer_slots: undefined };
  }

  dispose(): void {
    tf.dispose(Object.values(this.variables));
    tf.dispose([this.unused.W_in, this.unused.W_rec]);
  }
}
