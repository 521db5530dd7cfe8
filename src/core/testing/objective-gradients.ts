/** reg_loss of a network on a trial batch and its gradient with respect to named variables, read back: what the kernel tests compare. */
import * as tf from '@tensorflow/tfjs-core';
import type { RecurrentNetwork } from '../model/network.ts';
import type { Rng } from '../rng.ts';
import type { TrialBatch } from '../tasks/task.ts';
import { batchTensors, evaluateObjective, type Objective } from '../train/objective.ts';

/** The loss, and ∂loss/∂variable for each of `names` (recurrent noise drawn from `noiseRng`); the network is left as it was. */
export async function objectiveGradients(
  net: RecurrentNetwork,
  batch: TrialBatch<object>,
  noiseRng: Rng,
  objective: Objective,
  names: readonly string[],
): Promise<{ loss: number; grads: Record<string, Float32Array> }> {
  const tensors = tf.tidy(() => {
    const inputs = batchTensors(batch, net, noiseRng);
    const variables = names.map((n) => net.variables[n]);
    const { value, grads } = tf.variableGrads(() => evaluateObjective(net, inputs, objective).total, variables);
    return [value, ...variables.map((v) => grads[v.name])];
  });
  const data = await Promise.all(tensors.map((g) => g.data() as Promise<Float32Array>));
  tf.dispose(tensors);
  return { loss: data[0][0], grads: Object.fromEntries(names.map((n, k) => [n, data[k + 1]])) };
}
