/**
 * The peers compute the same loss as our engine on the same weights and batch: each peer script whose Python package
 * imports is run on a tiny problem (N_rec 8, N_batch 8, 20 steps) written by ./problem.ts, and its first-iteration
 * loss must equal ours to LOSS_RTOL. A peer that cannot run here is skipped with the reason.
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNpz } from '../../src/core/io/npz.ts';
import { parseSpecText } from '../../src/core/spec/spec.ts';
import { useCpuBackend } from '../../src/core/testing/backend.ts';
import { type PeerProblem, writePeerProblem } from './problem.ts';
import { compareLoss, LOSS_RTOL, PEERS } from './report.ts';
import { importProblem, runPeerScript } from './run-peers.ts';

const example = parseSpecText(readFileSync(new URL('../../examples/perceptual-discrimination.json', import.meta.url), 'utf8'));
const tiny = { ...example, task: { ...example.task, N_batch: 8, T: 20 * example.task.dt }, model: { ...example.model, N_rec: 8 } };

let problem: PeerProblem;
beforeAll(async () => {
  await useCpuBackend();
  problem = await writePeerProblem(tiny);
});
afterAll(() => rmSync(dirname(problem.path), { recursive: true, force: true }));

describe('the problem file', () => {
  it('holds the effective weights, the batch and the settings at the sizes asked for', () => {
    const npz = readNpz(readFileSync(problem.path));
    const shape = (key: string) => npz.get(key)?.shape;
    expect([problem.N_rec, problem.N_batch, problem.N_steps]).toEqual([8, 8, 20]);
    expect(shape('W_rec')).toEqual([8, 8]);
    expect(shape('W_in')).toEqual([8, 2]);
    expect(shape('x')).toEqual([8, 20, 2]);
    expect(shape('mask')).toEqual([8, 20, 2]);
    const alpha = npz.get('alpha');
    expect(alpha && 'data' in alpha ? alpha.data[0] : null).toBeCloseTo(0.1, 12);
    expect(problem.ourLoss).toBeGreaterThan(0);
  });
});

describe('importProblem', () => {
  it('names the package that does not import, the interpreter and Python\'s error', async () => {
    const reason = await importProblem('cogrnn_no_such_package');
    expect(reason).toMatch(/^(cogrnn_no_such_package|numpy) not importable by python3: ModuleNotFoundError: No module named|could not be run \(/);
  });
});

describe.each(PEERS)('$label peer', (peer) => {
  // importing jax or torch and compiling takes seconds, tens of them on a loaded machine
  it('takes its first step from the same loss as ours', { timeout: 180_000 }, async (context) => {
    const missing = await importProblem(peer.module);
    if (missing) {
      context.skip(missing);
      return;
    }
    // one thread: a tiny problem gains nothing from more, and PyTorch's spinning threads stall on a busy machine
    const out = await runPeerScript(peer, problem.path, problem, { warmup: 0, timed: 1 }, 1);
    expect(out.samples_ms).toHaveLength(1);
    const { relativeDifference } = compareLoss(problem.ourLoss, out.first_loss);
    expect(relativeDifference, `${peer.label} ${out.first_loss} vs our ${problem.ourLoss}`).toBeLessThanOrEqual(LOSS_RTOL);
  });
});
