/** The peers' report logic: parsing a peer's JSON line, the same-loss check, skip reasons and the ratio lines. */
import { describe, expect, it } from 'vitest';
import type { Timing } from '../timing.ts';
import { compareLoss, importFailure, LOSS_RTOL, ourTiming, parsePeerOutput, PEERS, peerLines, type PeerResult, ratioLine } from './report.ts';

const expected = { N_rec: 50, N_batch: 128, N_steps: 200 };
const output = { peer: 'jax', version: '0.10.2', threads: 2, N_in: 2, N_rec: 50, N_out: 2, N_batch: 128, N_steps: 200,
  first_loss: 0.2, warmup: 2, samples_ms: [15, 15.4, 14.9], ms_per_iteration: 15 };
const [JAX, TORCH] = PEERS;

function timing(backend: string, N_rec: number, ms: number | null, implementation = 'cogrnn (fused)'): Timing {
  return { backend, N_rec, implementation, msPerIteration: ms, minMs: ms, samples: ms === null ? [] : [ms], speedupVsNaive: null };
}
const ran = (ms: number, firstLoss: number, ourLoss = 0.2): PeerResult => ({
  peer: 'jax', N_rec: 50, status: 'ran', version: '0.10.2', threads: 2, msPerIteration: ms, samples: [ms],
  firstLoss, ourLoss, ...compareLoss(ourLoss, firstLoss),
});

describe('parsePeerOutput', () => {
  it('reads the last line of stdout as the report', () => {
    expect(parsePeerOutput('jax_rnn.py', `a warning\n${JSON.stringify(output)}\n`, expected)).toEqual(output);
  });

  it('names the script and what it printed when the last line is not JSON', () => {
    expect(() => parsePeerOutput('jax_rnn.py', 'Traceback: boom\n', expected)).toThrow('jax_rnn.py printed no JSON report as its last line; it printed "Traceback: boom"');
  });

  it('names a field that is missing or not a finite number', () => {
    expect(() => parsePeerOutput('torch_rnn.py', JSON.stringify({ ...output, first_loss: null }), expected))
      .toThrow('torch_rnn.py: report field first_loss is null, expected a finite number');
    expect(() => parsePeerOutput('torch_rnn.py', JSON.stringify({ ...output, samples_ms: [] }), expected))
      .toThrow('report field samples_ms is [], expected a non-empty list of milliseconds');
    expect(() => parsePeerOutput('torch_rnn.py', '[1, 2]', expected)).toThrow('torch_rnn.py: its report is not a JSON object');
  });

  it('refuses a report of a different problem than the one it was given', () => {
    expect(() => parsePeerOutput('jax_rnn.py', JSON.stringify({ ...output, N_rec: 256 }), expected))
      .toThrow('jax_rnn.py trained N_rec 256, but the problem has 50');
  });
});

describe('compareLoss', () => {
  it('agrees within the relative tolerance and not beyond it', () => {
    expect(compareLoss(0.2, 0.2 * (1 + LOSS_RTOL / 2)).sameLoss).toBe(true);
    expect(compareLoss(0.2, 0.2 * (1 + LOSS_RTOL * 2)).sameLoss).toBe(false);
    expect(compareLoss(0.2, 0.21).relativeDifference).toBeCloseTo(0.05, 12);
  });
});

describe('importFailure', () => {
  it("names the package, the interpreter and Python's own last line", () => {
    const stderr = 'Traceback (most recent call last):\n  File "<string>", line 1, in <module>\nModuleNotFoundError: No module named \'jax\'\n';
    expect(importFailure('jax', 'python3', stderr)).toBe("jax not importable by python3: ModuleNotFoundError: No module named 'jax'");
    expect(importFailure('torch', 'python3', '')).toBe('torch not importable by python3: it exited without saying why');
  });
});

describe('ourTiming', () => {
  it('takes the fused wasm row, else the fused row of another backend, never another implementation', () => {
    const rows = [timing('cpu', 50, 40), timing('wasm', 50, 25), timing('wasm', 50, 300, 'naive tf.js'), timing('cpu', 256, 400)];
    expect(ourTiming(rows, 50)?.backend).toBe('wasm');
    expect(ourTiming(rows, 256)?.backend).toBe('cpu');
    expect(ourTiming([timing('wasm', 50, null)], 50)).toBeNull();
  });

  it('takes the fastest thread count the run timed, and the line names it', () => {
    const rows = [timing('wasm', 50, 42), timing('wasm', 50, 29.9, 'cogrnn (fused), 2 threads'), timing('wasm', 50, 31, 'cogrnn (fused), 4 threads'), timing('cpu', 50, 20)];
    const ours = ourTiming(rows, 50);
    expect(ours?.implementation).toBe('cogrnn (fused), 2 threads');
    expect(ratioLine(ours, JAX, ran(33.2, 0.2))).toMatch(/^CogRNN \(2 threads\) 29\.9 ms = 0\.901 × JAX 33\.2 ms/);
    expect(ratioLine(timing('cpu', 50, 20, 'cogrnn (fused), 2 threads'), JAX, ran(10, 0.2))).toMatch(/^CogRNN \(cpu, 2 threads\) 20\.0 ms/);
  });
});

describe('ratioLine', () => {
  it('gives our ms as a multiple of the peer’s, with the loss check', () => {
    expect(ratioLine(timing('wasm', 50, 25.7), JAX, ran(15.2, 0.2))).toBe(
      'CogRNN 25.7 ms = 1.69 × JAX 15.2 ms  ✓ same loss (0.2000000, relative difference 0.0e+0)',
    );
  });

  it('names a backend other than wasm, and flags a peer whose loss differs', () => {
    const line = ratioLine(timing('cpu', 50, 40), TORCH, { ...ran(20, 0.3), peer: 'torch' });
    expect(line).toMatch(/^CogRNN \(cpu\) 40\.0 ms = 2\.00 × PyTorch 20\.0 ms {2}✗ NOT the same loss: 0\.3000000 vs our 0\.2000000/);
    expect(line).toContain('this timing is not of the same work');
  });

  it('says why a peer has no figure', () => {
    const skipped: PeerResult = { peer: 'jax', N_rec: 50, status: 'skipped', reason: 'jax not importable by python3: …' };
    expect(ratioLine(timing('wasm', 50, 25), JAX, skipped)).toBe('JAX: skipped: jax not importable by python3: …');
    expect(ratioLine(null, JAX, ran(15, 0.2))).toMatch(/^no CogRNN fused timing at this N_rec; JAX 15\.0 ms {2}✓/);
  });
});

describe('peerLines', () => {
  it('lists each size with one line per peer that has a result', () => {
    const results: PeerResult[] = [ran(15.2, 0.2), { peer: 'torch', N_rec: 50, status: 'failed', reason: 'torch_rnn.py exited with code 1' }];
    const lines = peerLines(results, [timing('wasm', 50, 25.7)], [50]);
    expect(lines.slice(1)).toEqual([
      '  N_rec 50:',
      '    CogRNN 25.7 ms = 1.69 × JAX 15.2 ms  ✓ same loss (0.2000000, relative difference 0.0e+0)',
      '    PyTorch: failed: torch_rnn.py exited with code 1',
    ]);
  });
});
