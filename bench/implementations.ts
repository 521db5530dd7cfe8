/**
 * The training implementations the benchmark compares, each one row of its table. The first is the
 * naive peer that speed-ups are measured against.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelChoice } from '../src/core/model/basic.ts';
import type { ExperimentSpec } from '../src/core/spec/spec.ts';
import type { TrialBatch } from '../src/core/tasks/task.ts';
import { Trainer } from '../src/core/train/trainer.ts';
import { naiveRnnFor } from './naive.ts';

/** One set-up training run on one batch, on the backend active when it was set up. */
export interface BenchRun {
  /** One optimizer step on the run's batch, resolved once the update has finished on the device. */
  step(): Promise<void>;
  dispose(): void;
}

export interface Implementation {
  name: string;
  /** Builds the spec's network on the active tf.js backend (`backend` names it: cpu, wasm, webgl, webgpu) to train on `batch`. */
  setup(spec: ExperimentSpec, backend: string, batch: TrialBatch<object>): BenchRun;
}

/** Reads a tiny tensor that depends on the update, so async backends (WebGPU) finish the step's work. */
async function flush(dependent: tf.Tensor): Promise<void> {
  await dependent.data();
}

export const NAIVE: Implementation = {
  name: 'naive tf.js',
  setup(spec, _backend, batch) {
    const net = naiveRnnFor(spec);
    return {
      async step() {
        tf.dispose(net.step(batch));
        await flush(net.outputBias);
      },
      dispose: () => net.dispose(),
    };
  },
};

/** Our trainer with the recurrence run one way (see BasicRnn's `kernel`). */
function engine(name: string, kernel: KernelChoice): Implementation {
  return {
    name,
    setup(spec, _backend, batch) {
      const trainer = new Trainer(spec, { kernel });
      return {
        async step() {
          trainer.step(batch);
          await flush(trainer.network.variables.b_out);
        },
        dispose: () => trainer.dispose(),
      };
    },
  };
}

/** What the app and CLI run: the fused whole-sequence kernel where the backend has one. */
export const FUSED = engine('cogrnn (fused)', 'auto');
export const PER_STEP = engine('cogrnn (per-step)', 'per-step');

/** The rows of the benchmark, the naive peer first. */
export const IMPLEMENTATIONS: readonly Implementation[] = [NAIVE, PER_STEP, FUSED];
