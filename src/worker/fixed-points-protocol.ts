/**
 * What the page and the fixed-points worker (fixed-points-worker.ts) say to each other: which conditions and inputs
 * a held network's task offers (`describe`), one search (`find`, with throttled progress), and Cancel. Every answer
 * is plain data; a request the worker cannot serve is answered `{ ok: false, message }`, naming what was wrong.
 */
import type { InputChoice } from '../core/analysis/fixed-points/condition-inputs.ts';
import type { FixedPointsView } from '../core/analysis/fixed-points/fixed-point-view.ts';
import type { NetworkWeights } from '../core/model/weights.ts';
import type { ExperimentSpec } from '../core/spec/spec.ts';

export type { InputChoice } from '../core/analysis/fixed-points/condition-inputs.ts';
export type { FixedPointSummary, FixedPointsView, Vector3 } from '../core/analysis/fixed-points/fixed-point-view.ts';

/** The network: a weights file (.npz, usually with its experiment's spec inside) or the weights themselves. */
export type FixedPointNetwork = { file: Uint8Array } | { weights: NetworkWeights };

export interface DescribeRequest {
  /** the page's spec: used when the network's file holds no spec of its own */
  spec: ExperimentSpec;
  network: FixedPointNetwork;
}

/** One input a condition offers, with the u it implies (or why it implies none). */
export interface InputOffer {
  choice: InputChoice;
  label: string;
  u: number[] | null;
  problem: string | null;
}

export interface FixedPointChoices {
  model: NetworkWeights['model'];
  N_rec: number;
  N_in: number;
  /** whose spec the trials come from: the network file's own, or the page's */
  specSource: 'file' | 'page';
  taskName: string;
  /** in the task's order; each with its trials' count and the inputs it offers */
  conditions: { label: string; trials: number; inputs: InputOffer[] }[];
}

export type DescribeAnswer = { ok: true; choices: FixedPointChoices } | { ok: false; message: string };

export interface FixedPointSearchOptions {
  /** how many states along the trajectories to start from */
  startCount: number;
  /** minima with q below this are fixed points */
  qTolerance: number;
  maxIterations: number;
}

export interface FindRequest extends DescribeRequest {
  /** a condition's label, or null for zero input over the trials of every condition */
  condition: string | null;
  /** ignored (zero) when `condition` is null */
  input: InputChoice;
  options: FixedPointSearchOptions;
}

export interface FindProgress {
  iteration: number;
  maxIterations: number;
  /** the lowest q over the starts so far */
  bestQ: number;
  /** starts below the q tolerance so far (before merging) */
  kept: number;
}

export interface FixedPointsResult extends FixedPointsView {
  condition: string | null;
  inputLabel: string;
  /** the constant input u searched at [N_in] */
  input: number[];
  model: NetworkWeights['model'];
  iterations: number;
  cancelled: boolean;
  options: FixedPointSearchOptions;
}

export type FindAnswer = { ok: true; result: FixedPointsResult } | { ok: false; message: string };

export interface FixedPointsWorkerApi {
  /** resolves once the worker has loaded; names what its lock-down could not remove (nothing, in a browser) */
  ready(): string[];
  describe(request: DescribeRequest): Promise<DescribeAnswer>;
  /** a new search cancels the one under way */
  find(request: FindRequest, onProgress: (progress: FindProgress) => void): Promise<FindAnswer>;
  /** the search under way stops and answers with what it found, marked cancelled */
  cancel(): void;
}
