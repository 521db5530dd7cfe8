/**
 * The `cogrnn` command line end to end: each test spawns `src/cli/main.ts` in a temporary directory.
 * Happy path: train → simulate → eval on a tiny spec; PsychRNN's fixture; numpy reading what we write.
 * The error paths are the table in ./bad-inputs.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Array3 } from '../core/array3.ts';
import { loadExperimentNpz } from '../core/io/experiment-file.ts';
import { type NpyArray, type NpyNumericArray, readNpz, writeNpz } from '../core/io/npz.ts';
import { Rng } from '../core/rng.ts';
import { parseSpec } from '../core/spec/spec.ts';
import { createTask } from '../core/tasks/registry.ts';
import { HAS_NUMPY, NUMPY_SKIP_REASON, runPython } from '../core/testing/python.ts';
import { FIXTURE_SKIP_REASON, FIXTURE_WEIGHTS } from '../core/testing/shared.ts';
import { TINY_SPEC, writeFixtures } from './fixtures.ts';
import { type CliResult, describeRun, expectCliError, parseJsonStdout, runCli } from './testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'cogrnn-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]): Promise<CliResult> => runCli(args, dir);
const write = (name: string, content: string | Uint8Array): void => writeFileSync(join(dir, name), content);
const readEntries = (name: string): Map<string, NpyArray> => readNpz(new Uint8Array(readFileSync(join(dir, name))));

function numeric(entries: Map<string, NpyArray>, key: string): NpyNumericArray {
  const entry = entries.get(key);
  if (!entry || !('data' in entry)) throw new Error(`no numeric '${key}' among ${[...entries.keys()].join(', ')}`);
  return entry;
}

beforeAll(() => writeFixtures(dir));

it('--help prints the usage of every command on stdout and exits 0', async () => {
  for (const flag of ['--help', '-h']) {
    const result = await cli(flag);
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^usage:/);
    for (const command of ['cogrnn train <spec.json>', 'cogrnn simulate --weights', 'cogrnn eval --weights', 'cogrnn check <spec.json>']) {
      expect(result.stdout).toContain(command);
    }
  }
});

// ---------------------------------------------------------------------------------------------------

interface TrainSummary {
  accuracy: number;
  loss: number;
  iterations: number;
  trials: number;
  seconds: number;
  backend: string;
  stage: number;
  stages: number;
  stopReason: string;
  losses: number[];
  out?: string;
}

describe('train → simulate → eval on a tiny PerceptualDiscrimination spec', () => {
  let first: CliResult;
  let again: CliResult;
  let overridden: CliResult;
  let seed2: CliResult;
  let dale: CliResult;

  beforeAll(async () => {
    write('spec-seed2.json', JSON.stringify({ ...TINY_SPEC, seed: 2, training: { training_iters: 64, loss_epoch: 2 } }));
    write(
      'spec-dale.json',
      JSON.stringify({ ...TINY_SPEC, model: { N_rec: 10, constraints: { dale_ratio: 0.8 } }, training: { training_iters: 32, loss_epoch: 2 } }),
    );
    [first, again, overridden, seed2, dale] = await Promise.all([
      cli('train', 'spec.json', '--backend', 'cpu', '--json', '--out', 'w.npz'),
      cli('train', 'spec.json', '--backend', 'cpu', '--out', 'w-again.npz'),
      cli('train', 'spec.json', '--backend', 'cpu', '--json', '--iters', '64', '--seed', '2', '--out', 'w-override.npz'),
      cli('train', 'spec-seed2.json', '--backend', 'cpu', '--json'),
      cli('train', 'spec-dale.json', '--backend', 'cpu', '--json', '--out', 'w-dale.npz'),
    ]);
  });

  it('train --json: one JSON summary on stdout, JSON progress lines on stderr, the weights file', () => {
    const summary = parseJsonStdout(expect, first) as unknown as TrainSummary;
    for (const key of ['accuracy', 'loss', 'iterations', 'trials', 'seconds', 'backend', 'stage', 'stopReason', 'losses', 'out']) {
      expect(summary).toHaveProperty(key);
    }
    expect(summary.accuracy).toBeGreaterThanOrEqual(0);
    expect(summary.accuracy).toBeLessThanOrEqual(1);
    expect(Number.isFinite(summary.loss)).toBe(true);
    expect(summary).toMatchObject({ iterations: 10, trials: 160, backend: 'cpu', stage: 0, stages: 1, stopReason: 'completed', out: 'w.npz' });
    expect(summary.seconds).toBeGreaterThanOrEqual(0);
    expect(summary.losses).toHaveLength(5); // 10 iterations, a loss every loss_epoch = 2
    expect(summary.losses.every(Number.isFinite)).toBe(true);

    const progress = first.stderr.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(progress).toHaveLength(5);
    for (const p of progress) {
      expect(p.event).toBe('progress');
      for (const key of ['iteration', 'trials', 'loss', 'accuracy']) expect(p[key]).toBeTypeOf('number');
    }
    expect(progress.map((p) => p.iteration)).toEqual([2, 4, 6, 8, 10]);
    expect(progress.at(-1)).toMatchObject({ trials: 160, totalTrials: 160 });
    expect(progress.map((p) => p.loss)).toEqual(summary.losses);

    const file = loadExperimentNpz(new Uint8Array(readFileSync(join(dir, 'w.npz'))));
    expect(file.weights).toMatchObject({ model: 'basic', N_in: 2, N_rec: 8, N_out: 2 });
    expect(file.spec).toMatchObject({ seed: 1, task: { dt: 10, tau: 50, T: 200 }, training: { training_iters: 160 } });
  });

  it('the same seed twice gives the same losses and the same file; without --json, progress is plain lines', () => {
    const a = parseJsonStdout(expect, first) as unknown as TrainSummary;
    const b = parseJsonStdout(expect, again) as unknown as TrainSummary;
    expect(b.losses).toEqual(a.losses);
    expect(b.accuracy).toBe(a.accuracy);
    expect(readFileSync(join(dir, 'w-again.npz')).equals(readFileSync(join(dir, 'w.npz')))).toBe(true);
    const lines = again.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/^\[[#-]+\] \d+\/160 trials {2}loss \d\.\d+ {2}accuracy \d\.\d+/);
  });

  it('--iters and --seed override the spec', () => {
    const o = parseJsonStdout(expect, overridden) as unknown as TrainSummary;
    const s = parseJsonStdout(expect, seed2) as unknown as TrainSummary;
    const a = parseJsonStdout(expect, first) as unknown as TrainSummary;
    expect(o).toMatchObject({ iterations: 4, trials: 64 });
    expect(o.losses).toEqual(s.losses); // spec seed 1 + --seed 2 --iters 64 ≡ a spec with seed 2, 64 trials
    expect(o.losses).not.toEqual(a.losses.slice(0, 2));
    const { spec } = loadExperimentNpz(new Uint8Array(readFileSync(join(dir, 'w-override.npz'))));
    expect(spec).toMatchObject({ seed: 2, training: { training_iters: 64 } });
    expect(s.out).toBeUndefined();
  });

  it('simulate writes outputs and states float32, using the dt and tau recorded in the file', async () => {
    const [recorded, explicit, otherTau] = await Promise.all([
      cli('simulate', '--weights', 'w.npz', '--inputs', 'in.npz', '--out', 'out.npz'),
      cli('simulate', '--weights', 'w.npz', '--inputs', 'in.npz', '--out', 'out-explicit.npz', '--dt', '10', '--tau', '50'),
      cli('simulate', '--weights', 'w.npz', '--inputs', 'in.npz', '--out', 'out-tau100.npz', '--dt', '10', '--tau', '100'),
    ]);
    for (const result of [recorded, explicit, otherTau]) {
      expect(result.code, describeRun(result)).toBe(0);
      expect(result.stderr).toBe('');
    }
    const out = readEntries('out.npz');
    expect([...out.keys()].sort()).toEqual(['outputs', 'states']);
    const outputs = numeric(out, 'outputs');
    const states = numeric(out, 'states');
    expect(outputs).toMatchObject({ dtype: '<f4', shape: [3, 20, 2] });
    expect(states).toMatchObject({ dtype: '<f4', shape: [3, 20, 8] });
    expect((outputs.data as Float32Array).every(Number.isFinite)).toBe(true);
    expect(numeric(readEntries('out-explicit.npz'), 'outputs').data).toEqual(outputs.data); // recorded tau is 50
    expect(numeric(readEntries('out-tau100.npz'), 'outputs').data).not.toEqual(outputs.data);
  });

  it('eval on the spec file and on a built-in task name', async () => {
    const [json, text] = await Promise.all([
      cli('eval', '--weights', 'w.npz', '--task', 'spec.json', '--json'),
      cli('eval', '--weights', 'w.npz', '--task', 'PerceptualDiscrimination'),
    ]);
    const result = parseJsonStdout(expect, json);
    expect(json.stderr).toBe('');
    expect(result).toMatchObject({ trials: 16, task: 'PerceptualDiscrimination', weights: 'w.npz' });
    expect(result.accuracy).toBeGreaterThanOrEqual(0);
    expect(result.accuracy).toBeLessThanOrEqual(1);
    expect(text.code, describeRun(text)).toBe(0);
    expect(text.stdout).toMatch(/^accuracy [01]\.\d{4} on 128 trials of PerceptualDiscrimination\n$/);
  });

  describe(`numpy reads the files ${HAS_NUMPY ? '' : NUMPY_SKIP_REASON}`, () => {
    it.skipIf(!HAS_NUMPY)('PsychRNN’s keys, float32, loaded the way its WeightInitializer does', () => {
      expect(dale.code, describeRun(dale)).toBe(0);
      // backend/initializations.py: np.load(allow_pickle=True); keys not ending in Adam / Adam_1 are read in;
      // dale_ratio is .item()'d when present (an ndarray), else None.
      const script = `
import sys, json, numpy as np
out = []
for path in sys.argv[1:]:
    weights = np.load(path, allow_pickle=True)
    initializations = {}
    for key in weights.keys():
        if not (key.endswith('Adam') or key.endswith('Adam_1')):
            initializations[key] = weights[key]
    dale_ratio = None
    if 'dale_ratio' in initializations and type(initializations['dale_ratio']) == np.ndarray:
        dale_ratio = initializations['dale_ratio'].item()
    out.append({
        'arrays': {k: [v.dtype.name, list(v.shape)] for k, v in initializations.items()},
        'adam': sorted(k for k in weights.keys() if k.endswith('Adam') or k.endswith('Adam_1')),
        'dale_ratio': dale_ratio,
    })
print(json.dumps(out))`;
      const [plain, withDale] = JSON.parse(runPython(script, join(dir, 'w.npz'), join(dir, 'w-dale.npz')));
      const shapes = (N_rec: number) => ({
        init_state: ['float32', [1, N_rec]],
        W_in: ['float32', [N_rec, 2]],
        W_rec: ['float32', [N_rec, N_rec]],
        W_out: ['float32', [2, N_rec]],
        b_rec: ['float32', [N_rec]],
        b_out: ['float32', [2]],
        Dale_rec: ['float32', [N_rec, N_rec]],
        Dale_out: ['float32', [N_rec, N_rec]],
        input_connectivity: ['float32', [N_rec, 2]],
        rec_connectivity: ['float32', [N_rec, N_rec]],
        output_connectivity: ['float32', [2, N_rec]],
      });
      expect(plain.arrays).toMatchObject(shapes(8));
      expect(plain.dale_ratio).toBeNull();
      expect(plain.adam).toContain('W_rec/Adam_1');
      expect(withDale.arrays).toMatchObject(shapes(10));
      expect(withDale.dale_ratio).toBeCloseTo(0.8, 12);
    });

    it.skipIf(!HAS_NUMPY)('PsychRNN’s numpy BasicSimulator step on the saved weights reproduces `simulate`', () => {
      // backend/simulation.py BasicSimulator.rnn_step with rec_noise 0, relu, alpha = dt/tau = 10/50.
      const script = `
import sys, json, numpy as np
w = np.load(sys.argv[1], allow_pickle=True)
x = np.load(sys.argv[2])['x'].astype(np.float64)
ours = np.load(sys.argv[3])
alpha = 10 / 50
relu = lambda s: np.maximum(s, 0)
state = np.tile(w['init_state'].astype(np.float64), (x.shape[0], 1))
outputs, states = [], []
for t in range(x.shape[1]):
    state = (1 - alpha) * state + alpha * (relu(state) @ w['W_rec'].T + x[:, t] @ w['W_in'].T + w['b_rec'])
    outputs.append(relu(state) @ w['W_out'].T + w['b_out'])
    states.append(state)
outputs = np.stack(outputs, 1)
states = np.stack(states, 1)
print(json.dumps({
    'outputs': float(np.abs(outputs - ours['outputs']).max()),
    'states': float(np.abs(states - ours['states']).max()),
    'scale': float(np.abs(outputs).max()),
}))`;
      expect(existsSync(join(dir, 'out.npz'))).toBe(true);
      const diff = JSON.parse(runPython(script, join(dir, 'w.npz'), join(dir, 'in.npz'), join(dir, 'out.npz')));
      expect(diff.scale).toBeGreaterThan(0);
      expect(diff.outputs).toBeLessThan(1e-5 * Math.max(1, diff.scale));
      expect(diff.states).toBeLessThan(1e-4);
    });
  });
});

// ---------------------------------------------------------------------------------------------------

describe.skipIf(!FIXTURE_WEIGHTS).concurrent(
  `PsychRNN's trained network ${FIXTURE_WEIGHTS ? '(../shared/fixtures/psychrnn_saved_weights.npz)' : FIXTURE_SKIP_REASON}`,
  () => {
    it('eval --task PerceptualDiscrimination scores ≥ 0.95', async ({ expect }) => {
      const result = await cli('eval', '--weights', FIXTURE_WEIGHTS!, '--task', 'PerceptualDiscrimination', '--json');
      const summary = parseJsonStdout(expect, result);
      expect(summary).toMatchObject({ trials: 128, task: 'PerceptualDiscrimination' });
      expect(summary.accuracy).toBeGreaterThanOrEqual(0.95);
    });

    it('simulate --dt 10 --tau 100 on a PerceptualDiscrimination batch: right shapes, and the outputs are correct', async ({ expect }) => {
      const task = createTask(parseSpec({ version: 1, task: { name: 'PerceptualDiscrimination', N_batch: 32 } }).task, new Rng(5));
      const batch = task.getTrialBatch();
      write('pd-batch.npz', writeNpz({ x: { dtype: '<f4', shape: [...batch.x.shape], data: batch.x.data } }));
      const result = await cli('simulate', '--weights', FIXTURE_WEIGHTS!, '--inputs', 'pd-batch.npz', '--out', 'pd-out.npz', '--dt', '10', '--tau', '100');
      expect(result.code, describeRun(result)).toBe(0);
      const out = readEntries('pd-out.npz');
      const outputs = numeric(out, 'outputs');
      expect(outputs).toMatchObject({ dtype: '<f4', shape: [32, 200, 2] });
      expect(numeric(out, 'states')).toMatchObject({ dtype: '<f4', shape: [32, 200, 50] });
      const asArray3: Array3 = { data: outputs.data as Float32Array, shape: [32, 200, 2] };
      expect(task.accuracyFunction(batch.y, asArray3, batch.mask)).toBeGreaterThanOrEqual(0.95);
    });

    it('simulate without --dt/--tau says the file records neither and suggests --dt 10 --tau 100', async ({ expect }) => {
      const result = await cli('simulate', '--weights', FIXTURE_WEIGHTS!, '--inputs', 'in.npz', '--out', 'never.npz');
      expectCliError(expect, result, 2, ['psychrnn_saved_weights.npz', '--dt 10 --tau 100']);
      expect(existsSync(join(dir, 'never.npz'))).toBe(false);
    });
  },
);
