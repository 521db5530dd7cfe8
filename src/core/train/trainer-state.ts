/**
 * A training run's position as plain data (structured-clone safe, no tensors): what `Trainer.exportState` gives and
 * `new Trainer(spec, { resume })` continues from — after a backend failed, say. It holds the RAW variables (before
 * the masks and Dale's |W|), not the effective weights PsychRNN saves: under Dale the gradient of |W| depends on
 * the sign of the raw W, so resuming from effective weights would train differently from there on.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RngState } from '../rng.ts';
import type { TaskPosition } from '../tasks/task.ts';
import type { RecurrentNetwork } from '../model/network.ts';
import { toNdArray } from '../model/variables.ts';
import type { NdArray, NetworkWeights } from '../model/weights.ts';
import type { CurriculumPosition } from './curriculum.ts';
import type { StreamPosition } from './evaluation-stream.ts';
import type { Optimizer } from './optimizer.ts';

export interface TrainerState {
  /** epochs (optimizer steps) done */
  epoch: number;
  /** the masks and shapes as `exportWeights` gives them, with each variable's raw value */
  weights: NetworkWeights;
  /** the optimizer's step count (Adam's t) and each variable's slots in the optimizer's order */
  optimizer: { step: number; slots: Record<string, NdArray[]> };
  /** the stage, its metric values so far and the epochs spent in the stage; null without a curriculum */
  curriculum: (CurriculumPosition & { iterationsInStage: number }) | null;
  /** reg_loss every loss_epoch so far (a curriculum metric may read them) */
  losses: number[];
  /** the performance measure after the last epoch; null before one was measured */
  performance: number | null;
  /** the recurrent-noise stream */
  noise: RngState;
  /** the training tasks' positions: the curriculum's stages then the target, or the one task */
  tasks: TaskPosition[];
  /** the evaluation twins in the order they were made: which training task each copies, and its position */
  evaluation: StreamPosition;
  /** the observation stream's twins and its noise (summaries that only look: `Trainer.observe`) */
  observation: { twins: StreamPosition; noise: RngState };
}

/** `exportWeights`' record with each variable's raw value: building a network from it gives these variables. */
export async function rawWeights(network: RecurrentNetwork): Promise<NetworkWeights> {
  const raw = await Promise.all(Object.entries(network.variables).map(async ([name, v]) => [name, await toNdArray(v)] as const));
  return { ...(await network.exportWeights()), ...Object.fromEntries(raw) };
}

export async function exportOptimizer(optimizer: Optimizer): Promise<TrainerState['optimizer']> {
  const snapshot = optimizer.snapshot();
  try {
    const slots: Record<string, NdArray[]> = {};
    for (const [name, tensors] of snapshot.slots) slots[name] = await Promise.all(tensors.map(toNdArray));
    return { step: snapshot.step, slots };
  } finally {
    for (const tensors of snapshot.slots.values()) tf.dispose(tensors);
  }
}

/**
 * Gives a fresh optimizer `saved`'s step count and slots. The Optimizer makes a variable's slots at its first update
 * and restores only slots it has, so one update with zero gradients makes them first — it moves no weight, as every
 * rule moves θ by lr·g or by slots that start at 0 — and `restore` then sets the saved values and step.
 */
export function restoreOptimizer(optimizer: Optimizer, variables: Readonly<Record<string, tf.Variable>>, saved: TrainerState['optimizer']): void {
  const names = Object.keys(saved.slots);
  for (const name of names) {
    if (!variables[name]) throw new Error(`Trainer: the state to resume has optimizer slots for ${name}; the network has no variable ${name}`);
  }
  if (names.length > 0) tf.tidy(() => optimizer.apply(variables, Object.fromEntries(names.map((name) => [name, tf.zerosLike(variables[name])]))));
  const slots = new Map(names.map((name) => [name, saved.slots[name].map((a) => tf.tensor(a.data, a.shape))]));
  optimizer.restore({ step: saved.step, slots });
  for (const tensors of slots.values()) tf.dispose(tensors);
}
