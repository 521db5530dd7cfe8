/**
 * Transfer functions r = f(x) of the rate RNN (PsychRNN's `transfer_function`, default relu).
 * Plain-number versions for the simulator; the tf.js versions live beside the models.
 */
export const TRANSFER_FUNCTIONS = ['relu', 'tanh', 'sigmoid', 'softplus', 'linear'] as const;
export type TransferFunctionName = (typeof TRANSFER_FUNCTIONS)[number];

export function transferFunction(name: TransferFunctionName): (x: number) => number {
  switch (name) {
    case 'relu':
      return (x) => (x > 0 ? x : 0);
    case 'tanh':
      return Math.tanh;
    case 'sigmoid':
      return (x) => 1 / (1 + Math.exp(-x));
    case 'softplus':
      // log(1 + e^x), computed without overflow for large x
      return (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
    case 'linear':
      return (x) => x;
  }
}
