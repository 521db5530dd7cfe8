/**
 * The perturbation lab's engine: a trained network run by the plain simulator (src/core/sim) on the same trials with
 * and without the spec's perturbation (src/core/spec/perturbation.ts), compared by the task's own accuracy, the
 * psychometric curve and a few example trials. In the window start ≤ t·dt < end:
 *   silenced units   unit gain 0 (RunOptions.unit_gain): the unit's output f(x) (h for the LSTM) is 0;
 *   cut connections  C_t[i][j] = 0 for the cut j → i, and W_rec_scale multiplies the rest (RunOptions.t_connectivity);
 *   state noise      √(2α)·σ·N(0, 1) per unit and step, α = dt/τ, PsychRNN's rec-noise form (RunOptions.state_noise);
 *   input scale      u_t[k] multiplied by input_scale[k] before the network sees it.
 * Both runs draw the model's own rec_noise from the same stream, so they differ by the perturbation alone; a
 * perturbation that changes nothing (scales 1, σ 0, no units, no cuts) gives the unperturbed run exactly.
 */
import type { Array3 } from '../array3.ts';
import type { BasicWeights, GruWeights, LstmWeights, NetworkWeights } from '../model/weights.ts';
import { Rng } from '../rng.ts';
import { GruSimulator } from '../sim/gru-simulator.ts';
import { BasicSimulator, LSTMSimulator, type RunOptions, type SimulationResult } from '../sim/simulator.ts';
import type { ExperimentSpec, PerturbationSpec } from '../spec/spec.ts';
import { emptyPerturbation, type Silence } from '../spec/perturbation.ts';
import { perTrialChoices } from '../tasks/accuracy.ts';
import type { Task, TrialBatch } from '../tasks/task.ts';
import { type Psychometric, psychometric } from './psychometric.ts';
import { type ExampleTrial, exampleTrial } from './test-summary.ts';

/** The trials a comparison runs on, and the task that made them (its accuracy, conditions and trial labels). */
export interface PerturbationTrials {
  task: Task<object>;
  batch: TrialBatch<object>;
}

/** One side of the comparison: how the network does on the trials. */
export interface PerturbationSide {
  /** the task's own accuracy function on the trials */
  accuracy: number;
  psychometric: Psychometric;
  /** a few trials with the network's output (the same trials on both sides) */
  examples: ExampleTrial[];
}

export interface PerturbationComparison {
  before: PerturbationSide;
  after: PerturbationSide;
  trials: number;
  /** the window as steps run, in ms: the first perturbed step's time and the end */
  window: { startMs: number; endMs: number; steps: number };
  /** how many units are silenced */
  silenced: number;
}

/** The steps t with start ≤ t·dt < end (end null = the trial's end): [first, end) as step indices. */
export function windowSteps(p: Pick<PerturbationSpec, 'start' | 'end'>, dt: number, N_steps: number): { first: number; end: number } {
  const first = Math.min(N_steps, Math.ceil(p.start / dt));
  const end = p.end === null ? N_steps : Math.min(N_steps, Math.ceil(p.end / dt));
  return { first, end: Math.max(first, end) };
}

/** The unit indices `silence` names, ascending and distinct; E are the first ⌊dale_ratio·N_rec⌋ units. */
export function silencedUnits(silence: Silence, N_rec: number, daleRatio: number | null): number[] {
  const excitatory = daleRatio ? Math.floor(daleRatio * N_rec) : N_rec;
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
  if (silence === null) return [];
  if (silence === 'all') return range(0, N_rec);
  if (silence === 'E' || silence === 'I') {
    if (!daleRatio) throw new Error(`silence "${silence}" needs Dale's principle: this network has no dale_ratio`);
    return silence === 'E' ? range(0, excitatory) : range(excitatory, N_rec);
  }
  const outside = silence.find((unit) => unit >= N_rec);
  if (outside !== undefined) throw new Error(`silence names unit ${outside}; this network's units are 0–${N_rec - 1}`);
  return [...new Set(silence)].sort((a, b) => a - b);
}

/** What the simulator needs to know about the network and the trials. */
export interface PerturbationContext {
  N_rec: number;
  N_in: number;
  N_steps: number;
  dt: number;
  /** dt/τ */
  alpha: number;
  daleRatio: number | null;
}

/** The run options (unit gain, connectivity, noise) of `p`; none where it leaves that part alone. */
export function perturbationRunOptions(p: PerturbationSpec, ctx: PerturbationContext, noiseRng: Rng): RunOptions {
  const { N_rec, N_steps } = ctx;
  const { first, end } = windowSteps(p, ctx.dt, N_steps);
  const options: RunOptions = {};
  const units = silencedUnits(p.silence, N_rec, ctx.daleRatio);
  if (units.length > 0 && end > first) {
    const gain = new Float32Array(N_steps * N_rec).fill(1);
    for (let t = first; t < end; t++) for (const i of units) gain[t * N_rec + i] = 0;
    options.unit_gain = gain;
  }
  if ((p.cut_connections !== null || p.W_rec_scale !== 1) && end > first) {
    const step = N_rec * N_rec;
    const C = new Float32Array(step);
    for (let i = 0; i < N_rec; i++) for (let j = 0; j < N_rec; j++) C[i * N_rec + j] = p.W_rec_scale * (1 - (p.cut_connections?.[i][j] ?? 0));
    const conn = new Float32Array(N_steps * step).fill(1);
    for (let t = first; t < end; t++) conn.set(C, t * step);
    options.t_connectivity = conn;
  }
  if (p.noise > 0 && end > first) {
    const std = new Float32Array(N_steps);
    std.fill(Math.sqrt(2 * ctx.alpha) * p.noise, first, end);
    options.state_noise = { std, rng: noiseRng };
  }
  return options;
}

/** `x` [N_batch, N_steps, N_in] with channel k scaled by input_scale[k] in the window; `x` itself when unscaled. */
export function perturbedInput(x: Array3, p: PerturbationSpec, dt: number): Array3 {
  const scale = p.input_scale;
  if (scale === null || scale.every((s) => s === 1)) return x;
  const [B, T, N_in] = x.shape;
  if (scale.length !== N_in) throw new Error(`input_scale has ${scale.length} factors; the trials have N_in = ${N_in} channels`);
  const { first, end } = windowSteps(p, dt, T);
  const data = x.data.slice();
  for (let b = 0; b < B; b++) for (let t = first; t < end; t++) for (let k = 0; k < N_in; k++) data[(b * T + t) * N_in + k] *= scale[k];
  return { data, shape: x.shape };
}

/** The network's simulator for these trials (rate RNN: dt, τ and its rec_noise from the spec, drawn from `rng`). */
function simulate(weights: NetworkWeights, spec: ExperimentSpec, input: Array3, options: RunOptions, rng: Rng): SimulationResult<'float32'> {
  switch (weights.model) {
    case 'basic': {
      const sim = new BasicSimulator(weights as BasicWeights, { dt: spec.task.dt, tau: spec.task.tau, rec_noise: spec.model.rec_noise, rng });
      return sim.runTrials(input, options);
    }
    case 'lstm':
      return new LSTMSimulator(weights as LstmWeights).runTrials(input, options);
    case 'gru':
      return new GruSimulator(weights as GruWeights).runTrials(input, options);
  }
}

/** Up to `count` trials to show: the first of each target choice (one per direction in a two-choice task), then the first ones. */
export function exampleTrialIndices(batch: TrialBatch<object>, count: number): number[] {
  const targets = perTrialChoices(batch.y, batch.mask);
  const picked: number[] = [];
  const seen = new Set<number>();
  targets.forEach((target, b) => {
    if (!seen.has(target) && picked.length < count) {
      seen.add(target);
      picked.push(b);
    }
  });
  for (let b = 0; b < batch.params.length && picked.length < count; b++) if (!picked.includes(b)) picked.push(b);
  return picked.sort((a, b) => a - b);
}

function side(trials: PerturbationTrials, batch: TrialBatch<object>, outputs: Array3, examples: number[]): PerturbationSide {
  const { task } = trials;
  return {
    accuracy: task.accuracyFunction(batch.y, outputs, batch.mask, batch.params),
    psychometric: psychometric(task, batch, outputs),
    examples: examples.map((b) => exampleTrial(task, batch, outputs, b)),
  };
}

export interface CompareOptions {
  /** example trials per side (default 2) */
  examples?: number;
  /** seeds the model's rec_noise (the same draws on both sides) and the perturbation's state noise (default spec.seed) */
  seed?: number;
}

/** The network on `trials` without and with `spec.perturbation` (null: the same run on both sides). */
export function comparePerturbation(spec: ExperimentSpec, weights: NetworkWeights, trials: PerturbationTrials, options: CompareOptions = {}): PerturbationComparison {
  const { task, batch } = trials;
  const [nBatch, N_steps, N_in] = batch.x.shape;
  if (nBatch === 0) throw new Error('comparePerturbation: no trials to run');
  if (N_in !== weights.N_in) throw new Error(`the trials have ${N_in} input channels but the network takes N_in = ${weights.N_in}`);
  const p = spec.perturbation ?? emptyPerturbation();
  const seed = options.seed ?? spec.seed;
  const rngs = () => ({ model: new Rng(seed).fork('rec_noise'), perturbation: new Rng(seed).fork('perturbation_noise') });
  const ctx: PerturbationContext = { N_rec: weights.N_rec, N_in, N_steps, dt: task.dt, alpha: task.alpha, daleRatio: weights.dale_ratio };
  const examples = exampleTrialIndices(batch, options.examples ?? 2);

  const before = simulate(weights, spec, batch.x, {}, rngs().model);
  const { model, perturbation } = rngs();
  const x = perturbedInput(batch.x, p, task.dt);
  const after = simulate(weights, spec, x, perturbationRunOptions(p, ctx, perturbation), model);
  const { first, end } = windowSteps(p, task.dt, N_steps);
  return {
    before: side(trials, batch, before.outputs, examples),
    after: side(trials, { ...batch, x }, after.outputs, examples),
    trials: nBatch,
    window: { startMs: first * task.dt, endMs: end * task.dt, steps: end - first },
    silenced: silencedUnits(p.silence, weights.N_rec, weights.dale_ratio).length,
  };
}

/** `batches` (of one task) as one batch: x, y and mask [Σ N_batch, N_steps, N], params in order. */
export function concatBatches<P extends object>(batches: TrialBatch<P>[]): TrialBatch<P> {
  const join = (key: 'x' | 'y' | 'mask'): Array3 => {
    const [, T, n] = batches[0][key].shape;
    const data = new Float32Array(batches.reduce((s, b) => s + b[key].data.length, 0));
    batches.reduce((at, b) => (data.set(b[key].data, at), at + b[key].data.length), 0);
    return { data, shape: [data.length / (T * n), T, n] };
  };
  return { x: join('x'), y: join('y'), mask: join('mask'), params: batches.flatMap((b) => b.params) };
}

/** At least `count` fresh trials of `task`, whole batches of its N_batch joined into one. */
export function drawTrials(task: Task<object>, count: number): PerturbationTrials {
  const batches = Array.from({ length: Math.max(1, Math.ceil(count / task.N_batch)) }, () => task.getTrialBatch());
  return { task, batch: concatBatches(batches) };
}
