/**
 * The problem the peers (bench/peers/jax_rnn.py, torch_rnn.py) train, written by our side so that the race is over
 * the same work: the example network's initial weights as our engine draws them, the one fixed batch the benchmark
 * trains on (bench/timing.ts draws it the same way) and the settings, in one .npz (layout: problem_file.py's header).
 * It also holds our engine's loss at those weights on that batch, which the peers' first-iteration loss must match.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NpyArray } from '../../src/core/io/npz.ts';
import { writeNpz } from '../../src/core/io/npz.ts';
import { weightsToNpzEntries } from '../../src/core/io/weights-file.ts';
import { Rng } from '../../src/core/rng.ts';
import type { ExperimentSpec } from '../../src/core/spec/spec.ts';
import { createTask } from '../../src/core/tasks/registry.ts';
import type { Array3 } from '../../src/core/array3.ts';
import { Trainer } from '../../src/core/train/trainer.ts';

export interface PeerProblem {
  /** the .npz the peer scripts read */
  path: string;
  N_rec: number;
  N_batch: number;
  N_steps: number;
  /** our engine's loss at the initial weights on the batch (the loss its first training iteration takes a step on) */
  ourLoss: number;
}

/**
 * Why the peers cannot train `spec` (they implement only the plain network of the example), or null. Each listed
 * feature would change the work or the loss, so the comparison would not be like for like.
 */
export function unsupportedByPeers(spec: ExperimentSpec): string | null {
  const m = spec.model;
  const c = m.type === 'basic' ? m.constraints : null;
  const reasons = [
    m.type !== 'basic' && `model ${m.type} (the peers implement the basic RNN)`,
    spec.loss !== 'mean_squared_error' && `loss ${JSON.stringify(spec.loss)} (the peers use mean_squared_error)`,
    m.type === 'basic' && m.rec_noise !== 0 && `rec_noise ${m.rec_noise} (the peers have no recurrent noise)`,
    spec.training.optimizer.type !== 'adam' && `optimizer ${spec.training.optimizer.type} (the peers use adam)`,
    Object.values(spec.regularization).some((w) => w !== 0) && 'regularization (the peers have none)',
    c && (c.dale_ratio || c.input_connectivity || c.rec_connectivity || c.output_connectivity || c.fixed_weights || !c.autapses) &&
      "Dale's principle, connectivity masks or fixed weights (the peers train unconstrained matrices)",
    c && Object.values(c.trainable).some((t) => !t) && 'untrainable variables (the peers train all six)',
  ].filter((r): r is string => typeof r === 'string');
  return reasons.length === 0 ? null : `the peers cannot train this spec: ${reasons.join('; ')}`;
}

const float3 = (a: Array3): NpyArray => ({ dtype: '<f4', shape: [...a.shape], data: a.data });
const scalar = (value: number): NpyArray => ({ dtype: '<f8', shape: [], data: Float64Array.of(value) });

/** Writes `spec`'s problem (its N_rec, N_batch and T as given) to a fresh temporary folder, on the active tf.js backend. */
export async function writePeerProblem(spec: ExperimentSpec): Promise<PeerProblem> {
  const unsupported = unsupportedByPeers(spec);
  if (unsupported) throw new Error(unsupported);
  const optimizer = spec.training.optimizer;
  if (optimizer.type !== 'adam') throw new Error(`the peers use adam, not ${optimizer.type}`);
  const batch = createTask(spec.task, new Rng(spec.seed).fork('bench batch')).getTrialBatch();
  const trainer = new Trainer(spec);
  try {
    const [weights, evaluation] = await Promise.all([trainer.exportWeights(), trainer.evaluateBatch(batch)]);
    const entries = weightsToNpzEntries({ ...weights, optimizer_slots: undefined });
    entries.set('x', float3(batch.x)).set('y', float3(batch.y)).set('mask', float3(batch.mask));
    entries.set('alpha', scalar(spec.task.dt / spec.task.tau));
    entries.set('learning_rate', scalar(optimizer.learning_rate)).set('beta1', scalar(optimizer.beta1));
    entries.set('beta2', scalar(optimizer.beta2)).set('epsilon', scalar(optimizer.epsilon));
    entries.set('clip_grads', scalar(spec.training.clip_grads ? 1 : 0));
    const path = join(mkdtempSync(join(tmpdir(), 'cogrnn-peers-')), `problem-${spec.model.N_rec}.npz`);
    writeFileSync(path, writeNpz(entries));
    const [N_batch, N_steps] = batch.x.shape;
    return { path, N_rec: spec.model.N_rec, N_batch, N_steps, ourLoss: evaluation.loss };
  } finally {
    trainer.dispose();
  }
}
