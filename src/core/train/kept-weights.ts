/**
 * The weights and optimizer state after the last epoch whose loss was finite: where the Trainer goes back to when the
 * loss becomes NaN or infinite (cheap to take every loss epoch: tf.js clones share their data until written).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RecurrentNetwork } from '../model/network.ts';
import type { Optimizer, OptimizerSnapshot } from './optimizer.ts';

export class KeptWeights {
  private kept: { epoch: number; variables: Record<string, tf.Tensor>; optimizer: OptimizerSnapshot } | null = null;

  constructor(
    private readonly network: RecurrentNetwork,
    private readonly optimizer: Optimizer,
  ) {}

  /** The epoch the kept state is from; null when none is kept. */
  get epoch(): number | null {
    return this.kept?.epoch ?? null;
  }

  /** Keeps the state after `epoch` steps, replacing the one kept before. */
  keep(epoch: number): void {
    this.dispose();
    const variables = Object.fromEntries(Object.entries(this.network.variables).map(([name, v]) => [name, tf.clone(v)]));
    this.kept = { epoch, variables, optimizer: this.optimizer.snapshot() };
  }

  /** Puts the kept variables and optimizer state back (it stays kept). */
  restore(): void {
    if (!this.kept) throw new Error('KeptWeights.restore: nothing was kept');
    for (const [name, value] of Object.entries(this.kept.variables)) this.network.variables[name].assign(value);
    this.optimizer.restore(this.kept.optimizer);
  }

  dispose(): void {
    if (!this.kept) return;
    tf.dispose(Object.values(this.kept.variables));
    for (const slots of this.kept.optimizer.slots.values()) tf.dispose(slots);
    this.kept = null;
  }
}
