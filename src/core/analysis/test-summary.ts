/**
 * Everything a metric-epoch test sends to the page (PsychRNN Fig. 2 and 4), from one evaluated test
 * batch: an example trial, the psychometric curve, unit traces, PCA trajectories and the weights; and, once per run,
 * the weights' baseline (W_rec before training and the masks over it) that the weights view compares them with.
 * Every array is a fresh copy, so the worker may transfer it without detaching the batch's buffers.
 */
import { trialView, type Array3 } from '../array3.ts';
import { hasDale } from '../model/constraints.ts';
import type { TransferFunctionName } from '../model/transfer.ts';
import type { NdArray } from '../model/weights.ts';
import type { Task, TrialBatch } from '../tasks/task.ts';
import { trialConditions, trialLabel } from './conditions.ts';
import { type PcaTrajectories, pcaTrajectories } from './pca.ts';
import { correctTrials, type Psychometric, psychometric } from './psychometric.ts';
import { type UnitTraces, unitTraces } from './unit-traces.ts';

/** One trial of the test batch (Fig. 2A). Arrays are [N_steps, N] row-major. */
export interface ExampleTrial {
  dt: number;
  N_steps: number;
  N_in: number;
  N_out: number;
  x: Float32Array;
  y: Float32Array;
  mask: Float32Array;
  output: Float32Array;
  /** the trial's parameters as text, e.g. "coherence 0.3, direction 1" */
  label: string;
}

/** The effective recurrent weights (Fig. 4): [N_rec, N_rec] row-major, W[i][j] from j to i. */
export interface WeightMatrix {
  N_rec: number;
  W_rec: Float32Array;
  /** +1 excitatory / −1 inhibitory per unit with Dale's principle, else null */
  daleSigns: Float32Array | null;
}

/**
 * What a run's W_rec started from and what constrains it, from the network and the spec the run trains with (not
 * the page's spec, which may be edited meanwhile). All [N_rec, N_rec] row-major, W[i][j] from j to i.
 */
export interface WeightBaseline {
  N_rec: number;
  /** the effective W_rec before training (|W|·D·mask under Dale, as the test summaries' W_rec), W₀ */
  W_rec0: Float32Array;
  /** rec_connectivity: 0 forbids the entry, whose effective weight is then exactly 0 */
  recConnectivity: Float32Array;
  /** fixed_weights.W_rec: 1 marks an entry training does not move; null when none is fixed */
  fixed: Float32Array | null;
}

/** What a metric-epoch test sends to the page (the worker's `TestUpdate` is this with its `type`). */
export interface TestSummary {
  trials: number;
  stage: number;
  accuracy: number;
  loss: number;
  example: ExampleTrial;
  psychometric: Psychometric;
  unitTraces: UnitTraces;
  pca: PcaTrajectories;
  weights: WeightMatrix;
}

export interface TestSummaryInput {
  /** the task the batch is from: its conditions, trial descriptions and behaviour measure */
  task: Task<object>;
  batch: TrialBatch<object>;
  /** [N_batch, N_steps, N_out] */
  outputs: Array3;
  /** [N_batch, N_steps, N_rec]: x for the basic RNN, h for the LSTM (pass transfer 'linear' then) */
  states: Array3;
  transfer: TransferFunctionName;
  /** the effective recurrent weights, [N_rec, N_rec] */
  W_rec: NdArray;
  daleRatio: number | null;
  accuracy: number;
  loss: number;
  trials: number;
  stage: number;
}

/** Trial `b` of the batch (default the first) with the network's output and a label from its params. */
export function exampleTrial(task: Task<object>, batch: TrialBatch<object>, outputs: Array3, b = 0): ExampleTrial {
  const [, nSteps, nIn] = batch.x.shape;
  return {
    dt: task.dt,
    N_steps: nSteps,
    N_in: nIn,
    N_out: batch.y.shape[2],
    x: trialView(batch.x, b).slice(),
    y: trialView(batch.y, b).slice(),
    mask: trialView(batch.mask, b).slice(),
    output: trialView(outputs, b).slice(),
    label: trialLabel(task, batch.params[b]),
  };
}

/** PsychRNN's Dale vector: +1 for the first floor(dale_ratio·N_rec) units, −1 after; null without Dale. */
export function daleSigns(N_rec: number, daleRatio: number | null): Float32Array | null {
  if (!hasDale(daleRatio)) return null;
  const excitatory = Math.floor((daleRatio as number) * N_rec);
  return Float32Array.from({ length: N_rec }, (_, i) => (i < excitatory ? 1 : -1));
}

export function weightMatrix(W_rec: NdArray, daleRatio: number | null): WeightMatrix {
  const [rows, cols] = W_rec.shape;
  if (W_rec.shape.length !== 2 || rows !== cols) {
    throw new Error(`weightMatrix: W_rec must be [N_rec, N_rec]; got [${W_rec.shape.join(', ')}]`);
  }
  return { N_rec: rows, W_rec: W_rec.data.slice(), daleSigns: daleSigns(rows, daleRatio) };
}

/** The baseline from the initial effective W_rec, its rec_connectivity mask and the spec's fixed_weights.W_rec rows. */
export function weightBaseline(W_rec0: NdArray, recConnectivity: NdArray, fixedRows: readonly (readonly number[])[] | null | undefined): WeightBaseline {
  const { N_rec } = weightMatrix(W_rec0, null);
  const [rows, cols] = recConnectivity.shape;
  if (recConnectivity.shape.length !== 2 || rows !== N_rec || cols !== N_rec) {
    throw new Error(`weightBaseline: rec_connectivity must be [${N_rec}, ${N_rec}] like W_rec; got [${recConnectivity.shape.join(', ')}]`);
  }
  if (fixedRows && (fixedRows.length !== N_rec || fixedRows.some((row) => row.length !== N_rec))) {
    throw new Error(`weightBaseline: fixed_weights.W_rec must be ${N_rec} rows of ${N_rec} like W_rec; got rows of ${fixedRows.map((row) => row.length).join(', ')}`);
  }
  return {
    N_rec,
    W_rec0: W_rec0.data.slice(),
    recConnectivity: recConnectivity.data.slice(),
    fixed: fixedRows ? Float32Array.from(fixedRows.flat()) : null,
  };
}

function checkShapes(input: TestSummaryInput): void {
  const { batch, outputs, states, task } = input;
  const nBatch = batch.params.length;
  const shapes: [string, Array3][] = [['x', batch.x], ['outputs', outputs], ['states', states]];
  for (const [name, a] of shapes) {
    if (a.shape[0] !== nBatch || a.shape[1] !== task.N_steps) {
      throw new Error(
        `testSummary: ${name} has shape [${a.shape.join(', ')}]; expected [N_batch, N_steps, …] = [${nBatch}, ${task.N_steps}, …]`,
      );
    }
  }
  if (nBatch === 0) throw new Error('testSummary: the test batch is empty (N_batch = 0)');
}

export function testSummary(input: TestSummaryInput): TestSummary {
  checkShapes(input);
  const { task, batch, outputs, states } = input;
  const { keys, labels } = trialConditions(task, batch.params);
  return {
    trials: input.trials,
    stage: input.stage,
    accuracy: input.accuracy,
    loss: input.loss,
    example: exampleTrial(task, batch, outputs),
    psychometric: psychometric(task, batch, outputs),
    unitTraces: unitTraces(states, input.transfer, correctTrials(batch, outputs), keys, labels, task.dt),
    pca: pcaTrajectories(states, keys, labels),
    weights: weightMatrix(input.W_rec, input.daleRatio),
  };
}
