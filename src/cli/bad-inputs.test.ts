/**
 * The CLI's bad inputs as one table (later issues add rows: task code, masks, links, files). Each row runs
 * `cogrnn …` in a fresh copy of the fixture folder and checks the exit code, the one `cogrnn …` line on stderr
 * and what it names, and that every file that was there before is byte for byte what it was (except the ones the
 * row says it may write), with no temporary file left behind. Cases that passed before this table stay in it.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ExpectStatic } from 'vitest';
import { BUILTIN_TASK_NAMES } from '../core/tasks/registry.ts';
import { writeFixtures } from './fixtures.ts';
import { type CliResult, describeRun, expectCliError, runCli } from './testing.ts';

const fixtures = mkdtempSync(join(tmpdir(), 'cogrnn-bad-inputs-'));
const runs: string[] = [];
beforeAll(() => writeFixtures(fixtures));
afterAll(() => {
  for (const d of [fixtures, ...runs]) rmSync(d, { recursive: true, force: true });
});

interface BadInput {
  name: string;
  args: string[];
  /** 0 for a warning that lets the command go on */
  code: 0 | 1 | 2;
  /** what the message line must contain: the file, field, option, value, index or allowed values */
  mentions: (string | RegExp)[];
  /** files the command may write; every other file must stay as it was */
  writes?: string[];
  /** a command that also prints progress or a summary: check only its last stderr line */
  lastLine?: boolean;
  env?: Record<string, string>;
}

const TASKS = BUILTIN_TASK_NAMES.join(', ');
const SIM = ['simulate', '--weights', 'tiny.npz', '--inputs', 'in.npz', '--out', 'out.npz'];
const TRAIN = (spec: string, ...more: string[]) => ['train', spec, '--backend', 'cpu', ...more];
const EVAL = (weights: string) => ['eval', '--weights', weights, '--task', 'PerceptualDiscrimination'];

const CASES: BadInput[] = [
  { name: 'no command', args: [], code: 2, mentions: ['no command', 'train, simulate, eval, check', '--help'] },
  { name: 'unknown command', args: ['frobnicate'], code: 2, mentions: ['"frobnicate"', 'train, simulate, eval, check'] },

  { name: 'train without a spec', args: ['train'], code: 2, mentions: ['cogrnn train:', 'one spec file, got 0', 'usage:'] },
  { name: 'train with two specs', args: ['train', 'spec.json', 'spec.json'], code: 2, mentions: ['one spec file, got 2'] },
  { name: 'train with a missing spec file', args: ['train', 'missing.json'], code: 1, mentions: ['missing.json', 'no such file'] },
  { name: 'train with a directory as spec', args: ['train', 'a-directory'], code: 1, mentions: ['a-directory', 'directory'] },
  { name: 'train with invalid JSON', args: ['train', 'bad-json.json'], code: 1, mentions: ['bad-json.json', /line 3, column \d+/] },
  { name: 'train with an invalid spec', args: ['train', 'bad-spec.json'], code: 1, mentions: ['bad-spec.json', 'model.N_rec', '≥ 1'] },
  { name: 'train with a misspelt spec key', args: ['train', 'misspelt-spec.json'], code: 1, mentions: ['misspelt-spec.json', 'trainig'] },
  { name: 'train with an unknown option', args: ['train', 'spec.json', '--frobnicate'], code: 2, mentions: ['--frobnicate', 'usage:'] },
  { name: 'train --iters 0', args: ['train', 'spec.json', '--iters', '0'], code: 2, mentions: ['--iters', '"0"', 'integer ≥ 1'] },
  { name: 'train --iters abc', args: ['train', 'spec.json', '--iters', 'abc'], code: 2, mentions: ['--iters', '"abc"', 'integer ≥ 1'] },
  { name: 'train --iters without a value', args: ['train', 'spec.json', '--iters'], code: 2, mentions: ['--iters'] },
  { name: 'train --seed -1', args: ['train', 'spec.json', '--seed', '-1'], code: 2, mentions: ['--seed', '"-1"', 'integer ≥ 0'] },
  { name: 'train --seed 1.5', args: ['train', 'spec.json', '--seed=1.5'], code: 2, mentions: ['--seed', '"1.5"', 'integer ≥ 0'] },
  { name: 'train --backend tpu', args: ['train', 'spec.json', '--backend', 'tpu'], code: 2, mentions: ['--backend', '"tpu"', 'cpu, wasm, webgpu'] },
  { name: 'train --out ""', args: ['train', 'spec.json', '--out', ''], code: 2, mentions: ['--out', 'file name'] },

  { name: 'simulate without --weights', args: ['simulate', '--inputs', 'in.npz', '--out', 'out.npz'], code: 2, mentions: ['cogrnn simulate:', '--weights is required'] },
  { name: 'simulate without --inputs', args: ['simulate', '--weights', 'tiny.npz', '--out', 'out.npz'], code: 2, mentions: ['--inputs is required'] },
  { name: 'simulate without --out', args: ['simulate', '--weights', 'tiny.npz', '--inputs', 'in.npz'], code: 2, mentions: ['--out is required'] },
  { name: 'simulate with a stray argument', args: [...SIM, 'extra'], code: 2, mentions: ['"extra"'] },
  { name: 'simulate with a missing weights file', args: ['simulate', '--weights', 'missing.npz', '--inputs', 'in.npz', '--out', 'out.npz'], code: 1, mentions: ['missing.npz', 'no such file'] },
  { name: 'simulate with random bytes as weights', args: ['simulate', '--weights', 'random.npz', '--inputs', 'in.npz', '--out', 'out.npz'], code: 1, mentions: ['invalid weights file random.npz'] },
  { name: 'simulate with a truncated weights file', args: ['simulate', '--weights', 'truncated.npz', '--inputs', 'in.npz', '--out', 'out.npz'], code: 1, mentions: ['invalid weights file truncated.npz'] },
  { name: 'simulate with weights lacking W_rec', args: ['simulate', '--weights', 'no-w-rec.npz', '--inputs', 'in.npz', '--out', 'out.npz'], code: 1, mentions: ['no-w-rec.npz', 'W_rec'] },
  { name: 'simulate with a missing inputs file', args: ['simulate', '--weights', 'tiny.npz', '--inputs', 'missing-in.npz', '--out', 'out.npz'], code: 1, mentions: ['missing-in.npz', 'no such file'] },
  { name: 'simulate with inputs lacking x', args: ['simulate', '--weights', 'tiny.npz', '--inputs', 'no-x.npz', '--out', 'out.npz'], code: 1, mentions: ['no-x.npz', "'x'", 'N_in'] },
  { name: 'simulate with x of the wrong N_in', args: ['simulate', '--weights', 'tiny.npz', '--inputs', 'in-3-inputs.npz', '--out', 'out.npz'], code: 1, mentions: ['in-3-inputs.npz', 'N_in = 3', 'N_in = 2'] },
  { name: 'simulate with random bytes as inputs', args: ['simulate', '--weights', 'tiny.npz', '--inputs', 'random.npz', '--out', 'out.npz'], code: 1, mentions: ['inputs file random.npz'] },
  { name: 'simulate with only --dt', args: [...SIM, '--dt', '10'], code: 2, mentions: ['--dt', '--tau'] },
  { name: 'simulate with only --tau', args: [...SIM, '--tau', '100'], code: 2, mentions: ['--dt', '--tau'] },
  { name: 'simulate --dt 0', args: [...SIM, '--dt', '0', '--tau', '100'], code: 2, mentions: ['--dt', '"0"', '> 0'] },
  { name: 'simulate a file without dt/tau and no --dt/--tau', args: ['simulate', '--weights', 'psychrnn-style.npz', '--inputs', 'in.npz', '--out', 'out.npz'], code: 2, mentions: ['psychrnn-style.npz', 'dt and tau', '--dt 10 --tau 100'] },
  { name: 'simulate --rec-noise abc', args: [...SIM, '--rec-noise', 'abc'], code: 2, mentions: ['--rec-noise', '"abc"', '≥ 0'] },
  { name: 'simulate --rec-noise -0.5', args: [...SIM, '--rec-noise', '-0.5'], code: 2, mentions: ['--rec-noise', '"-0.5"', '≥ 0'] },
  { name: 'simulate to an unwritable --out', args: ['simulate', '--weights', 'tiny.npz', '--inputs', 'in.npz', '--out', 'no-such-dir/out.npz'], code: 1, mentions: ['no-such-dir/out.npz', 'cannot write'] },

  { name: 'eval without --task', args: ['eval', '--weights', 'tiny.npz'], code: 2, mentions: ['cogrnn eval:', '--task is required'] },
  { name: 'eval without --weights', args: ['eval', '--task', 'PerceptualDiscrimination'], code: 2, mentions: ['--weights is required'] },
  { name: 'eval with an unknown task name', args: ['eval', '--weights', 'tiny.npz', '--task', 'Frobnicate'], code: 2, mentions: ['"Frobnicate"', TASKS] },
  { name: 'eval with a missing task spec', args: ['eval', '--weights', 'tiny.npz', '--task', 'missing.json'], code: 1, mentions: ['missing.json', 'no such file'] },
  { name: 'eval MatchToCategory on a 2-input network', args: ['eval', '--weights', 'tiny.npz', '--task', 'MatchToCategory'], code: 1, mentions: ['MatchToCategory', 'N_in 16', 'tiny.npz', 'N_in 2'] },
  { name: 'eval with a corrupt weights file', args: ['eval', '--weights', 'random.npz', '--task', 'PerceptualDiscrimination'], code: 1, mentions: ['invalid weights file random.npz'] },
  { name: 'eval --seed x', args: ['eval', '--weights', 'tiny.npz', '--task', 'PerceptualDiscrimination', '--seed', 'x'], code: 2, mentions: ['--seed', '"x"'] },

  // the spec: parses ⇒ builds, and means something (src/core/spec/rules.test.ts has the rules themselves)
  { name: 'train a spec of a future version', args: TRAIN('future-spec.json'), code: 1, mentions: ['future-spec.json', 'spec version 4', 'reads versions 1, 2 and 3'] },
  { name: 'train a spec with a number too large for a double', args: TRAIN('too-large-number.json'), code: 1, mentions: ['task.T: got 1e400 (beyond the largest number'] },
  { name: 'train with T shorter than dt', args: TRAIN('t-shorter-than-dt.json'), code: 1, mentions: ['task.T: got 5', 'is too short for dt = 10 ms', 'T ≥ 40 ms works'] },
  { name: 'train MatchToCategory with T 3', args: TRAIN('mtc-t3.json'), code: 1, mentions: ['task.T: got 3', 'must be ≥ 2000 ms for MatchToCategory'] },
  { name: 'train DelayedDiscrimination with no decision period', args: TRAIN('dd-no-decision.json'), code: 1, mentions: ['task.decision_duration: got 0', 'must be > 0 ms'] },
  { name: 'train with dt > tau', args: TRAIN('dt-over-tau.json'), code: 1, mentions: ['task.dt: got 100', 'must be ≤ tau = 50 ms'] },
  { name: 'train with no excitatory unit', args: TRAIN('no-excitatory.json'), code: 1, mentions: ['model.constraints.dale_ratio: got 0.1', '0 excitatory units'] },
  { name: 'train with nothing trainable', args: TRAIN('nothing-trainable.json'), code: 1, mentions: ['model.constraints.trainable', 'leaves nothing to train'] },
  { name: 'train masks that cut every path from input to output', args: TRAIN('cut-pathway.json'), code: 1, mentions: ['model.constraints.rec_connectivity', 'cuts every path from the inputs to outputs 0, 1'] },
  { name: 'train a curriculum stage of another N_in', args: TRAIN('stage-other-shape.json'), code: 1, mentions: ['curriculum.stages[1].N_in: got 16', 'must equal task.N_in = 2'] },
  { name: 'train an empty curriculum', args: TRAIN('empty-curriculum.json'), code: 1, mentions: ['curriculum.stages', 'at least 1 task'] },
  { name: 'train a curriculum threshold outside [0, 1]', args: TRAIN('threshold-out-of-range.json'), code: 1, mentions: ['curriculum.thresholds[0]: got 1.5', 'in [0, 1]', '"accuracy"'] },
  { name: 'train a curriculum stage too short for its task', args: TRAIN('stage-too-short.json'), code: 1, mentions: ['curriculum.stages[0].T: got 3'] },
  { name: 'train N_rec 20000 (refused before allocating)', args: TRAIN('n-rec-20000.json'), code: 1, mentions: ['model.N_rec: got 20000', 'is too large', 'GiB', 'up to 4 GiB'] },
  { name: 'train N_rec 1e5', args: TRAIN('n-rec-1e5.json'), code: 1, mentions: ['model.N_rec: got 100000', 'is too large'] },
  { name: 'train N_batch 1e7', args: TRAIN('n-batch-1e7.json'), code: 1, mentions: ['task.N_batch: got 10000000', 'is too large'] },
  { name: 'train T 1e9', args: TRAIN('t-1e9.json'), code: 1, mentions: ['task.T: got 1000000000', 'is too large'] },
  { name: 'check a large spec warns with the figures', args: ['check', 'large.json'], code: 0, mentions: ['cogrnn check: warning: large experiment', 'GiB of memory', 'to initialize W_rec', 'lower model.N_rec'] },
  { name: 'train a very long run warns before it starts', args: TRAIN('long-run.json'), code: 0, mentions: [/^cogrnn train: warning: large experiment: .* in all for 625,000,000 steps/], lastLine: false },

  // --out is checked before training and written atomically
  { name: 'train --out into a missing folder', args: TRAIN('spec.json', '--out', 'no-such-dir/w.npz'), code: 1, mentions: ['cannot write weights file no-such-dir/w.npz', 'the folder no-such-dir does not exist'] },
  { name: 'train --out a directory', args: TRAIN('spec.json', '--out', 'a-directory'), code: 1, mentions: ['cannot write weights file a-directory', 'it is a directory'] },
  { name: 'train --out a read-only location', args: TRAIN('spec.json', '--out', '/sys/cogrnn-weights.npz'), code: 1, mentions: ['cannot write weights file /sys/cogrnn-weights.npz', 'permission denied'] },
  { name: 'simulate --out a directory', args: ['simulate', '--weights', 'tiny.npz', '--inputs', 'in.npz', '--out', 'a-directory'], code: 1, mentions: ['cannot write output file a-directory', 'it is a directory'] },

  // NaN and Inf: training keeps the last good weights, files with them are refused
  { name: 'train to NaN at once keeps the existing --out', args: TRAIN('nan-at-once.json', '--out', 'good.npz'), code: 1, lastLine: true, mentions: ['became NaN or infinite', 'good.npz was not written (left as it was)', 'a lower training.optimizer.learning_rate (now 1000000000)', /learning_rate \(now 1000000000\)$/] },
  { name: 'train to NaN later writes the last good weights', args: TRAIN('nan-later.json', '--out', 'good.npz'), code: 1, lastLine: true, writes: ['good.npz'], mentions: ['stopped at 32 trials', 'wrote the last good weights (after 16 trials) to good.npz', 'or training.clip_grads: true'] },
  { name: 'eval NaN weights', args: EVAL('nan-weights.npz'), code: 1, mentions: ['invalid weights file nan-weights.npz', "'W_rec' holds NaN at [3, 1]", 'must be finite'] },
  { name: 'eval infinite weights', args: EVAL('inf-weights.npz'), code: 1, mentions: ["'b_out' holds -Infinity at [1]"] },
  { name: 'simulate NaN weights', args: ['simulate', '--weights', 'nan-weights.npz', '--inputs', 'in.npz', '--out', 'out.npz'], code: 1, mentions: ["'W_rec' holds NaN at [3, 1]"] },
  { name: 'simulate NaN inputs', args: ['simulate', '--weights', 'tiny.npz', '--inputs', 'nan-in.npz', '--out', 'out.npz'], code: 1, mentions: ['inputs file nan-in.npz', "'x' holds NaN at [2, 5, 1]", 'must be finite'] },
  { name: 'eval weights whose activity diverges', args: EVAL('exploding.npz'), code: 1, mentions: ["the network's states reach Infinity at [0, 1, 0]", 'diverges', 'no accuracy'] },
  { name: 'simulate weights whose activity diverges (written for inspection)', args: ['simulate', '--weights', 'exploding.npz', '--inputs', 'in.npz', '--out', 'out.npz'], code: 1, writes: ['out.npz'], mentions: ['diverges', 'out.npz was written for inspection'] },

  { name: 'simulate more trials than fit in memory (refused before allocating)', args: ['simulate', '--weights', 'wide.npz', '--inputs', 'long-in.npz', '--out', 'out.npz', '--dt', '10', '--tau', '100'], code: 1, mentions: ['simulating 4,000 trials × 600 steps of a 500-unit network needs about', 'GiB', 'split the trials into smaller batches'] },

  // messages that name the right thing
  { name: 'eval weights whose W_rec is the odd size out', args: EVAL('wrong-w-rec.npz'), code: 1, mentions: ["'W_rec' has shape [7, 7]", 'W_in, W_out, b_rec, init_state', 'N_rec = 8'] },
  { name: 'eval weights with an invalid embedded spec', args: EVAL('bad-embedded-spec.npz'), code: 1, mentions: ['invalid weights file bad-embedded-spec.npz', 'the experiment spec stored in the file (cogrnn_spec) is invalid', 'model.N_rec: got 0'] },
  { name: 'simulate weights with a future-version embedded spec', args: ['simulate', '--weights', 'future-embedded-spec.npz', '--inputs', 'in.npz', '--out', 'out.npz'], code: 1, mentions: ['stored in the file (cogrnn_spec)', 'spec version 4'] },
  { name: 'train --backend webgpu with no GPU driver: one line, no Dawn warnings', args: ['train', 'spec.json', '--backend', 'webgpu'], code: 1, env: { VK_ICD_FILENAMES: '/nonexistent-icd.json' }, mentions: ['backend webgpu: could not start', 'no WebGPU adapter was found', 'available: cpu, wasm'] },

  // a person's task file (--task-file, or a custom task in the spec): compile errors as file:line:col, run-time errors
  // naming the function, the time step and the line
  { name: 'train --task-file with a syntax error', args: TRAIN('spec.json', '--task-file', 'syntax-error.ts'), code: 1, mentions: ['cogrnn train: syntax-error.ts:14:21: syntax error: Unexpected token, expected ","'] },
  { name: 'train --task-file with a type error', args: TRAIN('spec.json', '--task-file', 'type-error.ts'), code: 1, mentions: ["cogrnn train: type-error.ts:12:5: type error: Type 'string' is not assignable to type 'number'."] },
  { name: 'train --task-file importing a module', args: TRAIN('spec.json', '--task-file', 'imports-fs.ts'), code: 1, mentions: ["imports-fs.ts: imports 'node:fs'", "can import only 'cogrnn'"] },
  { name: 'train --task-file with no default export', args: TRAIN('spec.json', '--task-file', 'no-default.ts'), code: 1, mentions: ['no-default.ts: has no default export', 'export default defineTask'] },
  { name: 'train --task-file whose option default breaks its bounds', args: TRAIN('spec.json', '--task-file', 'bad-option.ts'), code: 1, mentions: [/bad-option\.ts:3:\d+: running the file threw defineTask: Probe: /, "option 'gain': its default 5 is not a number in [0, 2]"] },
  { name: 'train --task-file with a missing file', args: TRAIN('spec.json', '--task-file', 'missing.ts'), code: 1, mentions: ['cannot read task file missing.ts: no such file'] },
  { name: 'train --task-file ""', args: TRAIN('spec.json', '--task-file', ''), code: 2, mentions: ['--task-file needs a file name'] },
  { name: 'train a task whose trialFunction throws', args: TRAIN('spec.json', '--task-file', 'throws.ts'), code: 1, mentions: ['Probe: trialFunction threw no trial for 40 ms (t = 40 ms, batch 1, trial 0; throws.ts:12:28)'] },
  { name: 'train a task that writes NaN', args: TRAIN('spec.json', '--task-file', 'writes-nan.ts'), code: 1, mentions: ['Probe: trialFunction wrote NaN into step.y[', 'expected N_out = 2 finite numbers (t = 0 ms, batch 1, trial 0)'] },
  { name: 'train a task that writes a wrong-length output', args: TRAIN('spec.json', '--task-file', 'wrong-length.ts'), code: 1, mentions: ['wrote an array of length 3 into step.y', 'expected N_out = 2'] },
  { name: 'train a task with no mask-1 step', args: TRAIN('spec.json', '--task-file', 'no-mask.ts'), code: 1, mentions: ['Probe: trialFunction never sets step.mask to 1', 'nothing would be scored'] },
  { name: 'train a custom spec with an option out of its declared bounds', args: TRAIN('custom-bad-option.json'), code: 1, mentions: ['Probe: gain must be a number in [0, 2], got 3'] },
  { name: 'train a custom spec whose recorded shape disagrees with its code', args: TRAIN('custom-wrong-shape.json'), code: 1, mentions: ['its code gives N_out = 2', 'the spec records task.N_out = 3', 'set task.N_out to 2'] },
  { name: 'check a custom spec whose option is out of bounds', args: ['check', 'custom-bad-option.json'], code: 1, mentions: ['cogrnn check: Probe: gain must be a number in [0, 2], got 3'] },
];

/** sha256 of every file under `root` (relative path → hash). */
function snapshot(root: string, at = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(join(root, at))) {
    const path = join(at, name);
    if (statSync(join(root, path)).isDirectory()) for (const [p, h] of snapshot(root, path)) files.set(p, h);
    else files.set(path, createHash('sha256').update(readFileSync(join(root, path))).digest('hex'));
  }
  return files;
}

function expectMessage(expect: ExpectStatic, result: CliResult, c: BadInput): void {
  const context = describeRun(result);
  if (c.lastLine === undefined && c.code !== 0) {
    expectCliError(expect, result, c.code, c.mentions);
    return;
  }
  expect(result.code, context).toBe(c.code);
  const lines = result.stderr.trimEnd().split('\n');
  // a warning comes first, before any progress; a failure after a run is the last line
  const line = c.lastLine ? lines[lines.length - 1] : lines[0];
  expect(line, context).toMatch(/^cogrnn /);
  for (const mention of c.mentions) {
    if (typeof mention === 'string') expect(line, context).toContain(mention);
    else expect(line, context).toMatch(mention);
  }
}

describe.concurrent(`bad inputs (${CASES.length} rows): a clear message, the right exit code, nothing that existed changed`, () => {
  for (const c of CASES) {
    it(`${c.name} → exit ${c.code}`, async ({ expect }) => {
      const dir = mkdtempSync(join(tmpdir(), 'cogrnn-bad-input-'));
      runs.push(dir);
      cpSync(fixtures, dir, { recursive: true });
      const before = snapshot(dir);
      const result = await runCli(c.args, dir, 60_000, c.env);
      expectMessage(expect, result, c);
      const after = snapshot(dir);
      for (const [path, hash] of before) {
        if (!c.writes?.includes(path)) expect(after.get(path), `${path} changed or vanished`).toBe(hash);
      }
      for (const path of after.keys()) {
        if (!before.has(path)) expect(c.writes ?? [], `${path} appeared`).toContain(path);
      }
    });
  }
});
