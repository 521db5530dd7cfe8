/**
 * `cogrnn simulate --weights w.npz --inputs in.npz --out out.npz [--dt MS --tau MS] [--rec-noise S] [--seed S]`
 * Runs PsychRNN's BasicSimulator (or LSTMSimulator, or CogRNN's GruSimulator) on `x` [B, N_steps, N_in] from in.npz and writes
 * `outputs` [B, N_steps, N_out] and `states` [B, N_steps, N_rec], float32.
 */
import type { Array3 } from '../core/array3.ts';
import { writeNpz } from '../core/io/npz.ts';
import { Rng } from '../core/rng.ts';
import { GruSimulator } from '../core/sim/gru-simulator.ts';
import { BasicSimulator, LSTMSimulator } from '../core/sim/simulator.ts';
import type { NetworkWeights } from '../core/model/weights.ts';
import { describeNonFinite, firstNonFinite } from '../core/finite.ts';
import { simulationIssue } from '../core/resources.ts';
import { integerOption, parseOptions, positiveOption, requiredString } from './args.ts';
import { CliError, UsageError } from './errors.ts';
import { checkWritable, readNpzFile, readWeightsFile, writeBytes } from './files.ts';

export const SIMULATE_USAGE =
  'cogrnn simulate --weights w.npz --inputs in.npz --out out.npz [--dt MS --tau MS] [--rec-noise SIGMA] [--seed S]';

/** `x` from the inputs file as float32 [B, N_steps, N_in], checked against the network's N_in. */
function readInputs(path: string, N_in: number): Array3 {
  const entries = readNpzFile(path, 'inputs file');
  const x = entries.get('x');
  if (!x) throw new CliError(`inputs file ${path} has no 'x'; it must hold x with shape [N_batch, N_steps, N_in]`);
  if (!('data' in x) || x.shape.length !== 3 || typeof x.data[0] === 'bigint' || x.dtype === '|b1') {
    throw new CliError(`inputs file ${path}: 'x' must be a float array [N_batch, N_steps, N_in], got ${x.dtype} shape [${x.shape.join(', ')}]`);
  }
  const [b, t, n] = x.shape;
  if (n !== N_in) throw new CliError(`inputs file ${path}: 'x' has N_in = ${n} (shape [${b}, ${t}, ${n}]); the network has N_in = ${N_in}`);
  if (b === 0 || t === 0) throw new CliError(`inputs file ${path}: 'x' is empty (shape [${b}, ${t}, ${n}])`);
  const data = Float32Array.from(x.data as ArrayLike<number>);
  const bad = firstNonFinite(data, x.shape);
  if (bad) throw new CliError(`inputs file ${path}: ${describeNonFinite("'x'", data, bad)} ([trial, step, input]); inputs must be finite numbers`);
  return { data, shape: [b, t, n] };
}

/**
 * Finite weights can still blow up (a W_rec with a huge spectral radius): then the results are no numbers, which
 * must not pass for a result. Names the first bad entry; null when all are finite.
 */
export function nonFiniteResult(outputs: Array3, states: Array3): string | null {
  for (const [name, a, axes] of [['states', states, 'unit'], ['outputs', outputs, 'output']] as const) {
    const bad = firstNonFinite(a.data, a.shape);
    if (bad) return `the network's ${describeNonFinite(name, a.data, bad, 'reach')} ([trial, step, ${axes}]): its activity diverges with these weights`;
  }
  return null;
}

export function simulatorFor(weights: NetworkWeights, alpha: number, recNoise: number, seed: number) {
  // the gated models have no leak and no noise
  if (weights.model === 'lstm') return new LSTMSimulator(weights);
  if (weights.model === 'gru') return new GruSimulator(weights);
  return new BasicSimulator(weights, { alpha, rec_noise: recNoise, rng: new Rng(seed).fork('simulation noise') });
}

export async function simulateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    'simulate',
    args,
    {
      weights: { type: 'string' },
      inputs: { type: 'string' },
      out: { type: 'string' },
      dt: { type: 'string' },
      tau: { type: 'string' },
      'rec-noise': { type: 'string' },
      seed: { type: 'string' },
    },
    SIMULATE_USAGE,
  );
  if (positionals.length > 0) throw new UsageError(`simulate: unexpected argument ${JSON.stringify(positionals[0])}; usage: ${SIMULATE_USAGE}`);
  const weightsPath = requiredString('simulate', 'weights', values.weights, SIMULATE_USAGE);
  const inputsPath = requiredString('simulate', 'inputs', values.inputs, SIMULATE_USAGE);
  const outPath = requiredString('simulate', 'out', values.out, SIMULATE_USAGE);
  const dt = positiveOption('simulate', 'dt', values.dt);
  const tau = positiveOption('simulate', 'tau', values.tau);
  if ((dt === undefined) !== (tau === undefined)) throw new UsageError('simulate: give both --dt and --tau (alpha = dt/tau), or neither');
  const recNoiseRaw = values['rec-noise'];
  const recNoise = recNoiseRaw === undefined ? undefined : Number(recNoiseRaw);
  if (recNoise !== undefined && !(Number.isFinite(recNoise) && recNoise >= 0)) {
    throw new UsageError(`simulate: --rec-noise got ${JSON.stringify(recNoiseRaw)}; it must be a number ≥ 0`);
  }
  const seed = integerOption('simulate', 'seed', values.seed, 0) ?? 0;

  const { weights, spec } = readWeightsFile(weightsPath);
  const timing = dt !== undefined && tau !== undefined ? { dt, tau } : spec ? spec.task : null;
  if (!timing) {
    throw new UsageError(`simulate: ${weightsPath} does not record dt and tau (a PsychRNN file); pass --dt and --tau, e.g. --dt 10 --tau 100`);
  }
  const input = readInputs(inputsPath, weights.N_in);
  const tooLarge = simulationIssue(input.shape[0], input.shape[1], weights.N_rec, weights.N_out);
  if (tooLarge) throw new CliError(`simulate: ${inputsPath} with ${weightsPath}: ${tooLarge}`);
  checkWritable(outPath, 'output file');
  const simulator = simulatorFor(weights, timing.dt / timing.tau, recNoise ?? spec?.model.rec_noise ?? 0, seed);
  const { outputs, states } = simulator.runTrials(input);
  const bytes = writeNpz({
    outputs: { dtype: '<f4', shape: [...outputs.shape], data: outputs.data },
    states: { dtype: '<f4', shape: [...states.shape], data: states.data },
  });
  writeBytes(outPath, bytes, 'output file');
  const diverged = nonFiniteResult(outputs, states);
  if (diverged) throw new CliError(`simulate: ${diverged}; ${outPath} was written for inspection`);
  return 0;
}
