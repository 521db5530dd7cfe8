/**
 * What training a spec costs before anything is allocated: peak memory and time, from the sizes the spec fixes
 * (N_rec, N_batch, N_steps, N_in, N_out). The spec check refuses a spec past what the engine can hold (the
 * WebAssembly kernels address at most 4 GiB); the CLI and the page warn, with the figures, past what takes long.
 *
 * The factors are measured (Node 20, wasm and cpu backends, 2026-12-01; peak RSS of a short training run):
 * a Basic RNN holds about 6 copies of the recurrent states [N_batch, N_steps, N_rec] (forward, BPTT, the loss
 * epoch's read-back; 2 more with recurrent noise) and about 30 of each N_rec × N_rec matrix (variables, masks,
 * Dale matrices, effective weights, gradients, Adam's slots, the kernel's copy, the exported checkpoint); the
 * LSTM about 10 state copies and 20 of its gate weights. Measured peaks were 0.7–1.0 of these estimates.
 * The GRU, fused like the LSTM but keeping no cells, is given the LSTM's figures (10 state copies, 20 of its three
 * matrices) as an upper bound, not measured on its own.
 */
import type { ExperimentSpec, TaskSpec } from './spec/spec.ts';
import { taskShape } from './spec/checks.ts';
import { stepCount } from './tasks/steps.ts';

/** The most memory one training run may need: the WebAssembly kernels' 32-bit address space. */
export const MAX_TRAINING_BYTES = 4 * 2 ** 30;
/** Past these, the CLI and the page warn before training. */
export const WARN_BYTES = 2 ** 30;
export const WARN_SECONDS = 3600;
export const WARN_SECONDS_PER_ITERATION = 5;

/** A conservative CPU throughput for the time estimates (the fused kernels reach 10–25 GFLOP/s on 2 cores). */
const CPU_FLOPS = 10e9;
/** The spectral radius of W_rec (a general eigen-decomposition) costs about this many seconds per N_rec³. */
const EIGEN_SECONDS_PER_CUBE = 40e-9;
const FLOAT_BYTES = 4;
/** Copies of the recurrent states [N_batch, N_steps, N_rec] that training holds (the Basic RNN: 2 more with noise). */
const STATE_COPIES: Record<ExperimentSpec['model']['type'], number> = { basic: 6, lstm: 10, gru: 10 };
/** Each model's gate matrices [N_rec + N_in, N_rec]. */
const GATE_MATRICES: Record<ExperimentSpec['model']['type'], number> = { basic: 0, lstm: 4, gru: 3 };

export interface ResourceEstimate {
  /** peak memory of training, bytes */
  bytes: number;
  /** bytes of the recurrent-state copies, the weight copies and the trial batches */
  parts: { states: number; weights: number; trials: number };
  /** [N_batch, N_steps, N_rec] of the longest task (a curriculum's stages may differ in T) */
  statesShape: [number, number, number];
  /** initialization, seconds (GaussianSpectralRadius's eigen-decomposition; ~0 otherwise) */
  initSeconds: number;
  /** one optimizer step (forward and BPTT), seconds on a CPU */
  secondsPerIteration: number;
  iterations: number;
  /** initialization plus every iteration */
  totalSeconds: number;
}

function longestTask(spec: ExperimentSpec): TaskSpec {
  const tasks = [spec.task, ...(spec.curriculum?.stages ?? [])];
  return tasks.reduce((a, b) => (stepCount(b.T, b.dt) > stepCount(a.T, a.dt) ? b : a));
}

export function estimateResources(spec: ExperimentSpec): ResourceEstimate {
  const task = longestTask(spec);
  const { N_in, N_out } = taskShape(task);
  const N = spec.model.N_rec;
  const B = task.N_batch;
  const S = stepCount(task.T, task.dt);
  const type = spec.model.type;
  const gated = type !== 'basic';
  const stateCopies = STATE_COPIES[type] + (type === 'basic' && spec.model.rec_noise > 0 ? 2 : 0);
  const squareCopies = 30;
  const gateWeights = GATE_MATRICES[type] * (N + N_in) * N;
  const states = stateCopies * B * S * N * FLOAT_BYTES;
  const weights = (squareCopies * N * N + 20 * gateWeights + 30 * N * (N_in + N_out)) * FLOAT_BYTES;
  const trials = 4 * B * S * (N_in + 2 * N_out) * FLOAT_BYTES;
  // forward 2·B·S·(weights per step) multiply-adds, BPTT about twice that
  const perStep = gated ? gateWeights + N * N_out : N * N + N * (N_in + N_out);
  const secondsPerIteration = (6 * B * S * perStep) / CPU_FLOPS;
  const initSeconds = spec.model.initializer.type === 'GaussianSpectralRadius' && !gated ? EIGEN_SECONDS_PER_CUBE * N ** 3 : 0;
  const iterations = Math.ceil(spec.training.training_iters / spec.task.N_batch);
  return {
    bytes: states + weights + trials,
    parts: { states, weights, trials },
    statesShape: [B, S, N],
    initSeconds,
    secondsPerIteration,
    iterations,
    totalSeconds: initSeconds + iterations * secondsPerIteration,
  };
}

/** 11.2 GiB, 340 MiB, 12 KiB */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [[2 ** 40, 'TiB'], [2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']];
  for (const [size, unit] of units) if (bytes >= size) return `${Number((bytes / size).toPrecision(3))} ${unit}`;
  return `${Math.round(bytes)} B`;
}

/** 3 h 20 min, 17 min, 45 s, 0.2 s */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'forever';
  if (seconds >= 86400 * 2) return `${Number((seconds / 86400).toPrecision(2))} days`;
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
  if (seconds >= 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 0.01) return 'under 0.01 s';
  return seconds >= 10 ? `${Math.round(seconds)} s` : `${Number(seconds.toPrecision(1))} s`;
}

const THOUSANDS = (n: number) => n.toLocaleString('en-US');

/**
 * The spec field to change first: the part of the estimate that dominates (weights grow with N_rec², states with
 * N_batch · N_steps · N_rec, trial batches with N_batch · N_steps · N_in), and within it the factor furthest above
 * the paper's network (N_batch 128, T 2000 ms at dt 10 ms, N_rec 50, MatchToCategory's 16 inputs).
 */
/** The task's N_in option, where its input count is one (MatchToCategory's ring), else null. */
function inputsOption(task: TaskSpec): number | null {
  return typeof task.N_in === 'number' ? task.N_in : null;
}

function largestDriver(spec: ExperimentSpec, e: ResourceEstimate): { path: (string | number)[]; value: number } {
  const { weights, states, trials } = e.parts;
  const task = spec.task;
  const inputs = inputsOption(task);
  if (inputs !== null && trials > states && trials > weights) return { path: ['task', 'N_in'], value: inputs };
  if (weights >= states) {
    if (inputs !== null && inputs > spec.model.N_rec) return { path: ['task', 'N_in'], value: inputs };
    return { path: ['model', 'N_rec'], value: spec.model.N_rec };
  }
  const drivers = [
    { path: ['task', 'N_batch'], value: task.N_batch, ratio: task.N_batch / 128 },
    { path: ['task', 'T'], value: task.T, ratio: task.T / 2000 },
    { path: ['task', 'dt'], value: task.dt, ratio: 10 / task.dt },
    { path: ['model', 'N_rec'], value: spec.model.N_rec, ratio: spec.model.N_rec / 50 },
  ];
  return drivers.reduce((a, b) => (b.ratio > a.ratio ? b : a));
}

function describeSizes(e: ResourceEstimate): string {
  const [B, S, N] = e.statesShape;
  return `recurrent states ${THOUSANDS(B)} trials × ${THOUSANDS(S)} steps × ${THOUSANDS(N)} units, weights ${THOUSANDS(N)}² per matrix`;
}

/** Past the engine's limit: where to report it and what to say. Null when the spec fits. */
export function resourceIssue(spec: ExperimentSpec): { path: (string | number)[]; value: number; message: string } | null {
  const e = estimateResources(spec);
  if (e.bytes <= MAX_TRAINING_BYTES) return null;
  const driver = largestDriver(spec, e);
  const smallDt = driver.path[1] === 'dt';
  const inputs = inputsOption(spec.task) === null ? '' : ', task.N_in';
  const fix = smallDt
    ? `use a larger task.dt (fewer steps per trial), or lower model.N_rec or task.N_batch`
    : `lower model.N_rec, task.N_batch${inputs} or the steps per trial (task.T / task.dt)`;
  const message =
    `is too ${smallDt ? 'small' : 'large'}: training would need about ${formatBytes(e.bytes)} (${describeSizes(e)}); ` +
    `CogRNN trains experiments up to ${formatBytes(MAX_TRAINING_BYTES)}: ${fix}`;
  return { ...driver, message };
}

/** A sentence to show before training a spec that will take long or much memory; null when it is quick. */
export function resourceWarning(spec: ExperimentSpec): string | null {
  const e = estimateResources(spec);
  const slow = e.totalSeconds > WARN_SECONDS || e.secondsPerIteration > WARN_SECONDS_PER_ITERATION || e.initSeconds > 60;
  if (e.bytes <= WARN_BYTES && !slow) return null;
  const init = e.initSeconds > 60 ? `, ${formatDuration(e.initSeconds)} to initialize W_rec (its spectral radius)` : '';
  const driver = largestDriver(spec, e).path.join('.');
  return (
    `large experiment: about ${formatBytes(e.bytes)} of memory${init} and ${formatDuration(e.secondsPerIteration)} per ` +
    `training step on a CPU (${formatDuration(e.totalSeconds)} in all for ${THOUSANDS(e.iterations)} steps); ` +
    `lower ${driver} to make it faster`
  );
}

/**
 * Running saved weights on a batch (the CLI's simulate and eval, the simulator in src/core/sim) holds the states
 * [N_batch, N_steps, N_rec] and outputs as float32, with a float64 copy of one trial's work: refuse past the same
 * limit, with the figure, before allocating. Null when it fits.
 */
export function simulationIssue(N_batch: number, N_steps: number, N_rec: number, N_out: number): string | null {
  const bytes = N_batch * N_steps * (N_rec + N_out) * FLOAT_BYTES + 2 * N_steps * N_rec * 8;
  if (bytes <= MAX_TRAINING_BYTES) return null;
  return (
    `simulating ${THOUSANDS(N_batch)} trials × ${THOUSANDS(N_steps)} steps of a ${THOUSANDS(N_rec)}-unit network needs about ` +
    `${formatBytes(bytes)} for its states; CogRNN simulates up to ${formatBytes(MAX_TRAINING_BYTES)} at once: split the trials into smaller batches`
  );
}
