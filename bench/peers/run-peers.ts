/**
 * `npm run bench -- --peers`: runs the JAX and PyTorch peers (./jax_rnn.py, ./torch_rnn.py) with the Python that
 * `COGRNN_PYTHON` names (default python3), each at each N_rec, on the problem our side wrote (./problem.ts), and
 * checks their first-iteration loss against ours. A peer whose Python package is missing is skipped with the reason.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExperimentSpec } from '../../src/core/spec/spec.ts';
import { type Plan, withRecurrentUnits } from '../timing.ts';
import { writePeerProblem } from './problem.ts';
import { compareLoss, importFailure, parsePeerOutput, type Peer, PEERS, type PeerResult } from './report.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
/** one peer run at N_rec 256 takes seconds; this only stops a hung interpreter */
const RUN_TIMEOUT_MS = 10 * 60_000;

export const python = (): string => process.env.COGRNN_PYTHON || 'python3';

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  /** set when the program could not be started (ENOENT) or was killed */
  error?: string;
}

function runProcess(program: string, args: string[]): Promise<Finished> {
  return new Promise((resolve) => {
    execFile(program, args, { cwd: HERE, timeout: RUN_TIMEOUT_MS, maxBuffer: 16 * 2 ** 20 }, (error, stdout, stderr) => {
      const code = error && typeof error.code === 'number' ? error.code : error ? null : 0;
      const failure = error && code === null ? (error.killed ? `killed after ${RUN_TIMEOUT_MS / 1000} s` : error.message) : undefined;
      resolve({ code, stdout, stderr, ...(failure ? { error: failure } : {}) });
    });
  });
}

/** Why `module` cannot be imported by the Python, or null when it can (numpy is always needed to read the problem). */
export async function importProblem(module: string): Promise<string | null> {
  const py = python();
  const run = await runProcess(py, ['-c', `import numpy, ${module}`]);
  if (run.error) return `${py} could not be run (${run.error}); COGRNN_PYTHON names another Python 3 with numpy`;
  if (run.code === 0) return null;
  const numpyMissing = /No module named '?numpy/.test(run.stderr);
  return importFailure(numpyMissing ? 'numpy' : module, py, run.stderr);
}

/**
 * Runs one peer script on the problem file; its parsed report, or why it failed. `threads` (where the peer takes it)
 * defaults to the script's own default, every core.
 */
export async function runPeerScript(
  peer: Peer,
  problemPath: string,
  expected: { N_rec: number; N_batch: number; N_steps: number },
  plan: Pick<Plan, 'warmup' | 'timed'>,
  threads?: number,
) {
  const threadArgs = threads !== undefined && peer.takesThreads ? ['--threads', String(threads)] : [];
  const run = await runProcess(python(), [peer.script, problemPath, '--warmup', String(plan.warmup), '--iterations', String(plan.timed), ...threadArgs]);
  if (run.error || run.code !== 0) {
    const said = run.stderr.trim().split('\n').slice(-3).join(' / ');
    throw new Error(`${peer.script} ${run.error ?? `exited with code ${run.code}`}${said ? `: ${said}` : ''}`);
  }
  return parsePeerOutput(peer.script, run.stdout, expected);
}

/** Each importable peer at each N_rec of `example`, on the active tf.js backend (which computes our loss). */
export async function runPeers(example: ExperimentSpec, sizes: readonly number[], plan: Plan, log: (line: string) => void): Promise<PeerResult[]> {
  const available = new Map<Peer['name'], string | null>();
  for (const peer of PEERS) {
    const reason = await importProblem(peer.module);
    available.set(peer.name, reason);
    if (reason) log(`${peer.label}: skipped: ${reason}`);
  }
  const results: PeerResult[] = [];
  for (const N_rec of sizes) {
    const problem = await writePeerProblem(withRecurrentUnits(example, N_rec));
    try {
      for (const peer of PEERS) {
        const reason = available.get(peer.name);
        if (reason) {
          results.push({ peer: peer.name, N_rec, status: 'skipped', reason });
          continue;
        }
        try {
          const out = await runPeerScript(peer, problem.path, problem, plan);
          const check = compareLoss(problem.ourLoss, out.first_loss);
          results.push({ peer: peer.name, N_rec, status: 'ran', version: out.version, threads: out.threads, msPerIteration: out.ms_per_iteration,
            samples: out.samples_ms, firstLoss: out.first_loss, ourLoss: problem.ourLoss, ...check });
          log(`${peer.label} N_rec ${N_rec}: ${out.ms_per_iteration.toFixed(1)} ms/iteration (median of ${out.samples_ms.length}), ` +
            `first loss ${out.first_loss.toPrecision(7)} vs our ${problem.ourLoss.toPrecision(7)} ${check.sameLoss ? '✓' : '✗'}`);
        } catch (error) {
          results.push({ peer: peer.name, N_rec, status: 'failed', reason: (error as Error).message });
          log(`${peer.label} N_rec ${N_rec}: failed: ${(error as Error).message}`);
        }
      }
    } finally {
      rmSync(dirname(problem.path), { recursive: true, force: true });
    }
  }
  return results;
}
