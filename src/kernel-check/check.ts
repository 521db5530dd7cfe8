/**
 * The kernel check: on the active backend, the gradients of reg_loss (MSE + an L2 firing-rate term, so that
 * the states' gradient matters too) with respect to every raw variable, through masks and Dale, computed by
 * the Basic RNN with kernel 'auto' (fused where the backend has a kernel) and with kernel 'per-step', on small
 * random noisy networks; reported as the largest scale-aware difference max|a − b| / max|b| per variable.
 * Also the optimizer's step the trainer takes (fused programs where the backend has them) against op-by-op.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../core/rng.ts';
import { BASIC_VARIABLES, BasicRnn, type KernelChoice } from '../core/model/basic.ts';
import type { TransferFunctionName } from '../core/model/transfer.ts';
import { relativeDifference } from '../core/testing/relative-difference.ts';
import { tinyRawWeights } from '../core/testing/tiny.ts';
import { meanSquaredError } from '../core/train/losses.ts';
import { type BatchTensors, evaluateObjective } from '../core/train/objective.ts';
import { NO_REGULARIZATION } from '../core/train/regularizers.ts';
import { type AdamCheckReport, runAdamCheck } from './adam-check.ts';

const ALPHA = 0.2;
const REC_NOISE = 0.1;
const SIZES = { N_batch: 5, N_steps: 7, N_in: 3, N_out: 2 };
const REGULARIZATION = { ...NO_REGULARIZATION, L2_firing_rate: 0.5 };

/**
 * Every transfer function, on a small and a larger network, with masks, Dale 0.8 and noise; one case runs
 * longer than a WebGL chunk of steps (8) and ends in a partial one.
 */
const CASES: { N_rec: number; transfer: TransferFunctionName; N_steps?: number }[] = [
  { N_rec: 6, transfer: 'relu' },
  { N_rec: 37, transfer: 'relu' },
  { N_rec: 6, transfer: 'tanh', N_steps: 19 },
  { N_rec: 37, transfer: 'sigmoid' },
  { N_rec: 6, transfer: 'softplus' },
  { N_rec: 37, transfer: 'linear' },
];

export interface Comparison {
  /** whether 'auto' ran a fused kernel */
  fused: boolean;
  loss: number;
  /** the loss computed again without gradients */
  inferenceLoss: number;
  /** per variable, max|∇path − ∇per-step| / max|∇per-step| */
  maxRelDiff: Record<string, number>;
}

export interface CaseReport {
  name: string;
  perStepLoss: number;
  /** kernel 'auto' against kernel 'per-step' */
  comparison: Comparison;
}

export interface KernelCheckReport {
  backend: string;
  cases: CaseReport[];
  /** the trainer's Adam step against the op-by-op update */
  adam: AdamCheckReport;
  /** tensors alive after the check minus before it: 0 without leaks */
  leakedTensors: number;
  ms: number;
}

function randomArray(shape: [number, number, number], rng: Rng, f: () => number = () => rng.normal()) {
  const data = new Float32Array(shape[0] * shape[1] * shape[2]);
  for (let k = 0; k < data.length; k++) data[k] = f();
  return { data, shape };
}

interface PathResult {
  fused: boolean;
  loss: number;
  inferenceLoss: number;
  grads: Record<string, Float32Array>;
}

/** reg_loss with its gradients, and the loss again without the tape (inference keeps nothing for a backward pass). */
function lossAndGradients(net: BasicRnn, fused: boolean, batch: BatchTensors): PathResult {
  const vars = BASIC_VARIABLES.map((n) => net.variables[n]);
  const objective = () => evaluateObjective(net, batch, { loss: meanSquaredError, regularization: REGULARIZATION }).total;
  const { value, grads } = tf.variableGrads(objective, vars);
  const inference = tf.tidy(() => objective().dataSync()[0]);
  const result = {
    fused,
    loss: value.dataSync()[0],
    inferenceLoss: inference,
    grads: Object.fromEntries(BASIC_VARIABLES.map((n) => [n, grads[net.variables[n].name].dataSync() as Float32Array])),
  };
  tf.dispose([value, ...Object.values(grads)]);
  return result;
}

function runCase({ N_rec, transfer, N_steps = SIZES.N_steps }: (typeof CASES)[number], seed: number): CaseReport {
  const { N_batch, N_in, N_out } = SIZES;
  const rng = new Rng(seed);
  // W_rec entries ~ N(0, 1.2²/N_rec): activity stays bounded over the steps at every size
  const raw = tinyRawWeights({ N_in, N_rec, N_out, dale_ratio: 0.8, transfer_function: transfer, recStd: 1.2 / Math.sqrt(N_rec), seed });
  const x = randomArray([N_batch, N_steps, N_in], rng);
  const noise = randomArray([N_batch, N_steps, N_rec], rng);
  const y = randomArray([N_batch, N_steps, N_out], rng);
  const mask = randomArray([N_batch, N_steps, N_out], rng, () => (rng.uniform() < 0.8 ? 1 : 0));
  const batch: BatchTensors = { x, noise, y: tf.tensor3d(y.data, y.shape), mask: tf.tensor3d(mask.data, mask.shape) };
  const path = (kernel: KernelChoice): PathResult => {
    const net = new BasicRnn(raw, { alpha: ALPHA, recNoise: REC_NOISE, kernel });
    try {
      return lossAndGradients(net, net.fused, batch);
    } finally {
      net.dispose();
    }
  };
  const reference = path('per-step');
  const compare = (result: PathResult): Comparison => ({
    fused: result.fused,
    loss: result.loss,
    inferenceLoss: result.inferenceLoss,
    maxRelDiff: Object.fromEntries(BASIC_VARIABLES.map((n) => [n, relativeDifference(result.grads[n], reference.grads[n]).relative])),
  });
  const comparison = compare(path('auto'));
  tf.dispose([batch.y, batch.mask]);
  return { name: `${transfer}, N_rec ${N_rec}, ${N_steps} steps`, perStepLoss: reference.loss, comparison };
}

/**
 * The check on the active backend: the optimizer's step (./adam-check.ts), then the gradients. The step goes
 * first because it awaits GPU reads: in headless Chromium on SwiftShader the WebGPU device reports itself
 * destroyed after the first few gradient cases (seen from the third; each case alone is fine), which the
 * synchronous cases never observe but an awaited read after them does.
 */
export async function runKernelCheck(): Promise<KernelCheckReport> {
  const start = performance.now();
  const tensors = tf.memory().numTensors;
  const adam = await runAdamCheck();
  const cases = CASES.map((c, k) => runCase(c, 100 + k));
  return { backend: tf.getBackend(), cases, adam, leakedTensors: tf.memory().numTensors - tensors, ms: Math.round(performance.now() - start) };
}
