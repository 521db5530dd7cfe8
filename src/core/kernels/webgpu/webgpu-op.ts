/**
 * The Basic RNN's fused op on the webgpu backend: the WGSL forward and backward recurrences
 * (./fused-rnn-webgpu.ts) inside one tf.customGrad, tensors staying on the GPU. Its one output packs
 * predictions and states side by side, [N_batch, N_steps, N_out + N_rec] (a custom gradient has one
 * output), and the gradient arrives packed the same way; slices on the GPU cut both apart.
 * Everything the backward reads is saved with the op (tf.js disposes a gradient's forward intermediates
 * before back-propagating): the packed output, the weights and the inputs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { customOp, rnnWeightList, type FusedRnnInputs, type FusedRnnResult, type FusedRnnWeights } from '../custom-op.ts';
import { webgpuFusedBackward, webgpuFusedForward } from './fused-rnn-webgpu.ts';

export function webgpuFusedRnn(weights: FusedRnnWeights, inputs: FusedRnnInputs): FusedRnnResult {
  const [B, T] = inputs.x.shape;
  const N_rec = weights.W_rec.shape[0];
  const N_out = weights.W_out.shape[0];
  const x = tf.tensor3d(inputs.x.data, inputs.x.shape);
  const noise = inputs.noise && inputs.noiseScale > 0 ? (tf.mul(tf.tensor3d(inputs.noise.data, inputs.noise.shape), inputs.noiseScale) as tf.Tensor3D) : null;
  const settings = { alpha: inputs.alpha, transfer: inputs.transfer };
  const predictionsOf = (both: tf.Tensor3D) => tf.slice(both, [0, 0, 0], [B, T, N_out]);
  const statesOf = (both: tf.Tensor3D) => tf.slice(both, [0, 0, N_out], [B, T, N_rec]);
  /** the weights and inputs as the kernels take them, from [W_in, W_rec, W_out, b_rec, b_out, init_state, x, noise?] */
  const kernelInputs = ([W_in, W_rec, W_out, b_rec, b_out, init_state, u, xi]: tf.Tensor[]) => ({
    W_in: W_in as tf.Tensor2D, W_rec: W_rec as tf.Tensor2D, W_out: W_out as tf.Tensor2D, b_rec, b_out, init_state,
    x: u as tf.Tensor3D, noise: (xi ?? null) as tf.Tensor3D | null, ...settings,
  });
  const op = customOp((args, save) => {
    const tensors = [...args, x, ...(noise ? [noise] : [])];
    const { states, outputs } = webgpuFusedForward(kernelInputs(tensors));
    const value = tf.concat([outputs, states], 2);
    save([value, ...tensors]);
    return {
      value,
      gradFunc: (dy, [packed, ...saved]) => {
        const g = webgpuFusedBackward({
          ...kernelInputs(saved),
          states: statesOf(packed as tf.Tensor3D),
          dOutputs: predictionsOf(dy),
          dStates: statesOf(dy),
        });
        return [g.dW_in, g.dW_rec, g.dW_out, g.db_rec, g.db_out, g.dInit_state];
      },
    };
  });
  const packed = op(rnnWeightList(weights));
  return { predictions: predictionsOf(packed), states: statesOf(packed) };
}
