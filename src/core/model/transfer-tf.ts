/** The tf.js versions of the transfer functions in transfer.ts. */
import * as tf from '@tensorflow/tfjs-core';
import type { TransferFunctionName } from './transfer.ts';

export function transferFunctionTf(name: TransferFunctionName): <T extends tf.Tensor>(x: T) => T {
  switch (name) {
    case 'relu':
      return (x) => tf.relu(x);
    case 'tanh':
      return (x) => tf.tanh(x);
    case 'sigmoid':
      return (x) => tf.sigmoid(x);
    case 'softplus':
      return (x) => tf.softplus(x);
    case 'linear':
      return (x) => x;
  }
}
