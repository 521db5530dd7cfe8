/**
 * The peers' side of the benchmark report, as pure functions: which peers there are, parsing the JSON line a peer
 * script prints, the same-loss check, and the lines "CogRNN 25.7 ms = 1.69 × JAX 15.2 ms" per N_rec. The processes
 * are run by ./run-peers.ts.
 */
import { FUSED } from '../implementations.ts';
import type { Timing } from '../timing.ts';

export interface Peer {
  name: 'jax' | 'torch';
  /** as the report names it */
  label: string;
  /** the Python package that must import */
  module: string;
  /** in bench/peers/ */
  script: string;
  how: string;
  /** whether the script takes --threads (XLA sizes its own thread pool) */
  takesThreads: boolean;
}

export const PEERS: readonly Peer[] = [
  { name: 'jax', label: 'JAX', module: 'jax', script: 'jax_rnn.py', how: 'lax.scan + jit, XLA CPU', takesThreads: false },
  { name: 'torch', label: 'PyTorch', module: 'torch', script: 'torch_rnn.py', how: 'eager, a Python loop over steps', takesThreads: true },
];

/**
 * The peers' first-iteration loss must equal ours to this relative difference. Both sides compute in float32 and
 * sum in different orders: on the example at N_rec 50 the peers were 1e-7 from a float64 numpy reference, tf.js's
 * cpu backend too, and its wasm backend (one float32 pass over the 51,200 terms of the mean) 3.5e-6.
 */
export const LOSS_RTOL = 1e-5;

/** What a peer script reports (bench/peers/problem_file.py `report`). */
export interface PeerOutput {
  peer: string;
  version: string;
  threads: number;
  N_rec: number;
  N_batch: number;
  N_steps: number;
  first_loss: number;
  samples_ms: number[];
  ms_per_iteration: number;
}

export type PeerResult =
  | { peer: Peer['name']; N_rec: number; status: 'ran'; version: string; threads: number; msPerIteration: number;
      samples: number[]; firstLoss: number; ourLoss: number; relativeDifference: number; sameLoss: boolean }
  | { peer: Peer['name']; N_rec: number; status: 'skipped' | 'failed'; reason: string };

const NUMBER_FIELDS = ['threads', 'N_rec', 'N_batch', 'N_steps', 'first_loss', 'ms_per_iteration'] as const;

/**
 * The peer's report from its stdout (the last non-empty line is the JSON), checked against the problem it was
 * given (`expected`); the error names the script, the field and what it held.
 */
export function parsePeerOutput(script: string, stdout: string, expected: { N_rec: number; N_batch: number; N_steps: number }): PeerOutput {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error(`${script} printed no JSON report as its last line; it printed ${JSON.stringify(line.slice(0, 200))}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${script}: its report is not a JSON object: ${line.slice(0, 200)}`);
  const report = value as Record<string, unknown>;
  for (const field of NUMBER_FIELDS) {
    if (typeof report[field] !== 'number' || !Number.isFinite(report[field])) {
      throw new Error(`${script}: report field ${field} is ${JSON.stringify(report[field])}, expected a finite number`);
    }
  }
  const samples = report.samples_ms;
  if (!Array.isArray(samples) || samples.length === 0 || !samples.every((s) => typeof s === 'number' && s >= 0)) {
    throw new Error(`${script}: report field samples_ms is ${JSON.stringify(samples)}, expected a non-empty list of milliseconds`);
  }
  for (const key of ['N_rec', 'N_batch', 'N_steps'] as const) {
    if (report[key] !== expected[key]) throw new Error(`${script} trained ${key} ${report[key]}, but the problem has ${expected[key]}`);
  }
  return report as unknown as PeerOutput;
}

/** |theirs − ours| / |ours|, and whether it is within LOSS_RTOL. */
export function compareLoss(ours: number, theirs: number): { relativeDifference: number; sameLoss: boolean } {
  const relativeDifference = Math.abs(theirs - ours) / Math.max(Math.abs(ours), Number.MIN_VALUE);
  return { relativeDifference, sameLoss: relativeDifference <= LOSS_RTOL };
}

/** A peer that cannot run, in words: "jax not importable by python3: ModuleNotFoundError: No module named 'jax'". */
export function importFailure(module: string, python: string, stderr: string): string {
  const lines = stderr.trim().split('\n').filter(Boolean);
  return `${module} not importable by ${python}: ${lines.at(-1) ?? 'it exited without saying why'}`;
}

/** A fused row: the engine as it trains, on one thread or (`--threads`) on "cogrnn (fused), n threads". */
const isFused = (t: Timing) => t.implementation === FUSED.name || t.implementation.startsWith(`${FUSED.name}, `);

/**
 * The row our side is measured by: the fastest fused row on wasm (any thread count the run timed), else the fastest
 * fused row of the first backend timed.
 */
export function ourTiming(timings: readonly Timing[], N_rec: number): Timing | null {
  const fused = timings.filter((t) => isFused(t) && t.N_rec === N_rec && t.msPerIteration !== null);
  const backend = fused.some((t) => t.backend === 'wasm') ? 'wasm' : fused[0]?.backend;
  const rows = fused.filter((t) => t.backend === backend);
  return rows.reduce<Timing | null>((best, t) => (best === null || t.msPerIteration! < best.msPerIteration! ? t : best), null);
}

/** " (cpu, 2 threads)" for a row that is not the one-thread wasm one, else "" */
function rowLabel(row: Timing): string {
  const threads = row.implementation.slice(FUSED.name.length).replace(/^, /, '');
  const parts = [row.backend === 'wasm' ? '' : row.backend, threads].filter(Boolean);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/** "CogRNN 25.7 ms = 1.69 × JAX 15.2 ms", or the reason a figure is missing. */
export function ratioLine(ours: Timing | null, peer: Peer, result: PeerResult): string {
  if (result.status !== 'ran') return `${peer.label}: ${result.status}: ${result.reason}`;
  const theirs = `${peer.label} ${result.msPerIteration.toFixed(1)} ms`;
  const check = result.sameLoss
    ? `✓ same loss (${result.firstLoss.toPrecision(7)}, relative difference ${result.relativeDifference.toExponential(1)})`
    : `✗ NOT the same loss: ${result.firstLoss.toPrecision(7)} vs our ${result.ourLoss.toPrecision(7)} ` +
      `(relative difference ${result.relativeDifference.toExponential(1)} > ${LOSS_RTOL}): this timing is not of the same work`;
  if (ours?.msPerIteration == null) return `no CogRNN fused timing at this N_rec; ${theirs}  ${check}`;
  // three significant figures, so a ratio far below 1 still reads (0.0135 ×)
  const ratio = (ours.msPerIteration / result.msPerIteration).toPrecision(3);
  return `CogRNN${rowLabel(ours)} ${ours.msPerIteration.toFixed(1)} ms = ${ratio} × ${theirs}  ${check}`;
}

/** The report's peers section: per N_rec, one line per peer. */
export function peerLines(results: readonly PeerResult[], timings: readonly Timing[], sizes: readonly number[]): string[] {
  const lines = [`Peers (same run, ms per training iteration; first-iteration loss must agree to ${LOSS_RTOL} relative):`];
  for (const N_rec of sizes) {
    lines.push(`  N_rec ${N_rec}:`);
    for (const peer of PEERS) {
      const result = results.find((r) => r.peer === peer.name && r.N_rec === N_rec);
      if (result) lines.push(`    ${ratioLine(ourTiming(timings, N_rec), peer, result)}`);
    }
  }
  return lines;
}
