/**
 * `cogrnn sweep` end to end on tiny specs (N_rec 4, T 200, N_batch 8, 32 trials, cpu): 4 runs with --jobs 2 give a
 * table of 4 rows with finite accuracies and a weights file each; a failing run is reported while the others finish;
 * --emit writes the specs, a Slurm array script `bash -n` accepts and the GNU parallel line; --collect rebuilds the
 * same table from the runs' files.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeRun, parseJsonStdout, runCli, type CliResult } from './testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'cogrnn-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = {
  version: 2,
  task: { name: 'PerceptualDiscrimination', dt: 10, tau: 50, T: 200, N_batch: 8 },
  model: { N_rec: 4 },
  training: { training_iters: 32, loss_epoch: 1 },
};
const sweep = { version: 1, name: 'tiny', base, vary: { 'task.coherence': [0.2, 0.6] }, seeds: [1, 2] };
const table = (folder: string) => JSON.parse(readFileSync(join(dir, folder, 'results.json'), 'utf8')) as { runs: Record<string, unknown>[] };

let ran: CliResult;
beforeAll(async () => {
  writeFileSync(join(dir, 'sweep.json'), JSON.stringify(sweep));
  ran = await runCli(['sweep', 'sweep.json', '--jobs', '2', '--backend', 'cpu', '--out', 'local'], dir, 120_000);
}, 130_000);

it('runs 4 tiny specs 2 at a time into one table of 4 rows with finite accuracies', () => {
  expect(parseJsonStdout(expect, ran)).toMatchObject({ runs: 4, ok: 4, failed: 0, missing: 0 });
  expect(ran.stderr.match(/^cogrnn sweep: \[\d\/4\] run-00\d .*: ok: accuracy/gm), describeRun(ran)).toHaveLength(4);
  const rows = table('local').runs;
  expect(rows.map((r) => [r.id, r.values])).toEqual([
    ['run-000', { 'task.coherence': 0.2, seed: 1 }],
    ['run-001', { 'task.coherence': 0.2, seed: 2 }],
    ['run-002', { 'task.coherence': 0.6, seed: 1 }],
    ['run-003', { 'task.coherence': 0.6, seed: 2 }],
  ]);
  for (const row of rows) {
    expect(row).toMatchObject({ status: 'ok', trials: 32, error: null, weights: `runs/${row.id}.npz` });
    expect(Number.isFinite(row.accuracy) && Number.isFinite(row.loss)).toBe(true);
    expect(existsSync(join(dir, 'local', 'runs', `${row.id}.npz`))).toBe(true);
  }
  const csv = readFileSync(join(dir, 'local', 'results.csv'), 'utf8').trimEnd().split('\n');
  expect(csv[0]).toBe('id,task.coherence,seed,status,accuracy,loss,trials,seconds,stop_reason,weights,error');
  expect(csv).toHaveLength(5);
});

it('--collect on the folder builds the same table', async () => {
  const collected = await runCli(['sweep', 'sweep.json', '--collect', 'local'], dir);
  expect(parseJsonStdout(expect, collected)).toMatchObject({ runs: 4, ok: 4 });
  expect(table('local').runs).toHaveLength(4);
});

it('--emit writes the specs, a Slurm array script bash accepts and the parallel line; --collect reads what they leave', async () => {
  const emitted = await runCli(['sweep', 'sweep.json', '--emit', 'cluster', '--backend', 'cpu'], dir);
  expect(parseJsonStdout(expect, emitted)).toMatchObject({ runs: 4 });
  for (const id of ['run-000', 'run-003']) expect(JSON.parse(readFileSync(join(dir, 'cluster', 'specs', `${id}.json`), 'utf8')).task.N_batch).toBe(8);
  expect(readFileSync(join(dir, 'cluster', 'run-ids.txt'), 'utf8')).toBe('run-000\nrun-001\nrun-002\nrun-003\n');
  const script = join(dir, 'cluster', 'slurm.sbatch');
  execFileSync('bash', ['-n', script]);
  const slurm = readFileSync(script, 'utf8');
  expect(slurm).toContain('#SBATCH --array=0-3\n');
  expect(slurm).toContain('$COGRNN train "specs/$ID.json" --out "runs/$ID.npz" --json --backend cpu > "runs/$ID.json" 2> "runs/$ID.log"');
  const parallel = readFileSync(join(dir, 'cluster', 'parallel.txt'), 'utf8');
  expect(parallel).toMatch(/^parallel --jobs 100% --halt never '\$\{COGRNN:-npx cogrnn\} train "specs\/\{\}.json" .*' :::: run-ids.txt\n$/);
  execFileSync('bash', ['-n', join(dir, 'cluster', 'parallel.txt')]);
  // before any job ran every row is missing; after, --collect finds what the scheduler's jobs left
  const before = await runCli(['sweep', 'sweep.json', '--collect', 'cluster'], dir);
  expect(before.code).toBe(1);
  expect(JSON.parse(before.stdout)).toMatchObject({ runs: 4, ok: 0, missing: 4 });
  cpSync(join(dir, 'local', 'runs'), join(dir, 'cluster', 'runs'), { recursive: true });
  const after = await runCli(['sweep', 'sweep.json', '--collect', 'cluster'], dir);
  expect(parseJsonStdout(expect, after)).toMatchObject({ runs: 4, ok: 4 });
  expect(table('cluster').runs).toEqual(table('local').runs);
});

it('a failing run is reported in the table and the exit code while the others finish', async () => {
  writeFileSync(join(dir, 'three.json'), JSON.stringify({ ...sweep, vary: {}, seeds: [1, 2, 3] }));
  mkdirSync(join(dir, 'three', 'runs', 'run-001.npz'), { recursive: true }); // a folder where its weights file goes
  const result = await runCli(['sweep', 'three.json', '--jobs', '2', '--backend', 'cpu', '--out', 'three'], dir, 120_000);
  expect(result.code, describeRun(result)).toBe(1);
  expect(JSON.parse(result.stdout)).toMatchObject({ runs: 3, ok: 2, failed: 1 });
  expect(result.stderr).toContain('run-001 (seed=2): failed: train: cannot write weights file runs/run-001.npz: it is a directory');
  const rows = table('three').runs;
  expect(rows.map((r) => r.status)).toEqual(['ok', 'failed', 'ok']);
  expect(rows[1].error).toBe('train: cannot write weights file runs/run-001.npz: it is a directory');
}, 130_000);
