/**
 * `cogrnn sweep <sweep.json>`: expands a sweep file (src/core/sweep) into one spec per run and
 *  - runs them here as child processes of our own `cogrnn train`, at most --jobs at a time (default: the cores),
 *    printing a line per run as it ends; a failing run does not stop the others, but makes the exit code 1;
 *  - or, with --emit DIR, writes the specs, a Slurm job array and a GNU parallel line for a scheduler to run;
 *  - or, with --collect DIR, builds the table from what those runs left in DIR/runs.
 * Either way the folder holds specs/<id>.json, runs/<id>.{npz,json,log} and results.csv / results.json.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJsonText } from '../core/spec/errors.ts';
import { specToJson } from '../core/spec/spec.ts';
import { parallelLine, RUN_IDS_FILE, slurmScript, type TrainFlags, trainArgs } from '../core/sweep/emit.ts';
import { expandSweep, type SweepRun } from '../core/sweep/expand.ts';
import { describeRow, type ResultRow, resultRow, resultsCsv, resultsTable } from '../core/sweep/results.ts';
import { parseSweep, type SweepFile } from '../core/sweep/sweep.ts';
import { choiceOption, integerOption, parseOptions } from './args.ts';
import { NODE_BACKENDS } from './backends.ts';
import { CliError, UsageError } from './errors.ts';
import { oneLine, readBytes, writeBytes } from './files.ts';

export const SWEEP_USAGE =
  'cogrnn sweep <sweep.json> [--jobs N] [--out DIR] [--backend cpu|wasm|webgpu] [--iters TRIALS] | --emit DIR | --collect DIR';

/** The `cogrnn` bin each run starts, as `npm run cli` and `npx cogrnn` do. */
const COGRNN_BIN = fileURLToPath(new URL('../../bin/cogrnn.mjs', import.meta.url));

interface Sweep {
  file: SweepFile;
  runs: SweepRun[];
}

function readSweep(path: string): Sweep {
  const text = new TextDecoder().decode(readBytes(path, 'sweep file'));
  try {
    const file = parseSweep(parseJsonText(text));
    return { file, runs: expandSweep(file) };
  } catch (error) {
    throw new CliError(`invalid sweep ${path}: ${oneLine((error as Error).message)}`);
  }
}

const writeText = (path: string, text: string, what: string) => writeBytes(path, new TextEncoder().encode(text), what);

function makeFolder(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw new CliError(`cannot make the folder ${path}: ${(error as Error).message}`);
  }
}

/** DIR/specs/<id>.json for every run, DIR/runs/ for what they leave and DIR/run-ids.txt, one id a line. */
function writeSpecs(dir: string, runs: SweepRun[]): void {
  makeFolder(join(dir, 'specs'));
  makeFolder(join(dir, 'runs'));
  for (const run of runs) writeText(join(dir, 'specs', `${run.id}.json`), specToJson(run.spec), 'spec');
  writeText(join(dir, RUN_IDS_FILE), `${runs.map((r) => r.id).join('\n')}\n`, 'run list');
}

const readIfThere = (path: string): string | null => (existsSync(path) ? readFileSync(path, 'utf8') : null);

function rowFromFiles(dir: string, run: SweepRun, exitCode: number | null = null): ResultRow {
  const output = { stdout: readIfThere(join(dir, 'runs', `${run.id}.json`)), stderr: readIfThere(join(dir, 'runs', `${run.id}.log`)) };
  return resultRow(run, output, `runs/${run.id}.npz`, exitCode);
}

/** `cogrnn train` on one run's spec in `dir`, its stdout and stderr into runs/<id>.json and .log. */
function runOne(dir: string, run: SweepRun, flags: TrainFlags): Promise<ResultRow> {
  const stdout = openSync(join(dir, 'runs', `${run.id}.json`), 'w');
  const stderr = openSync(join(dir, 'runs', `${run.id}.log`), 'w');
  return new Promise((done) => {
    const child = spawn(process.execPath, [COGRNN_BIN, 'train', ...trainArgs(run.id, flags)], { cwd: dir, stdio: ['ignore', stdout, stderr] });
    const finish = (code: number | null, spawnError?: Error) => {
      closeSync(stdout);
      closeSync(stderr);
      const row = rowFromFiles(dir, run, code ?? 1);
      done(spawnError ? { ...row, status: 'failed', error: `could not start cogrnn train: ${spawnError.message}` } : row);
    };
    child.once('error', (error) => finish(null, error));
    child.once('close', (code) => finish(code));
  });
}

/** Runs every run, at most `jobs` at once, a line on stderr as each ends; rows in run order. */
async function runAll(dir: string, runs: SweepRun[], jobs: number, flags: TrainFlags): Promise<ResultRow[]> {
  const rows: ResultRow[] = new Array(runs.length);
  let next = 0;
  let finished = 0;
  const lane = async () => {
    while (next < runs.length) {
      const i = next++;
      rows[i] = await runOne(dir, runs[i], flags);
      process.stderr.write(`cogrnn sweep: [${++finished}/${runs.length}] ${describeRow(rows[i])}\n`);
    }
  };
  await Promise.all(Array.from({ length: jobs }, lane));
  return rows;
}

/** Writes DIR/results.csv and results.json, prints the counts on stdout; 1 when a run failed or is missing. */
function report(dir: string, sweep: Sweep, rows: ResultRow[]): number {
  const table = resultsTable(sweep.file.name ?? null, sweep.file.combine, sweep.runs, rows);
  const csv = join(dir, 'results.csv');
  const json = join(dir, 'results.json');
  writeText(csv, resultsCsv(table), 'results table');
  writeText(json, `${JSON.stringify(table, null, 2)}\n`, 'results table');
  const count = (status: string) => rows.filter((r) => r.status === status).length;
  const counts = { runs: rows.length, ok: count('ok'), failed: count('failed'), missing: count('missing') };
  process.stdout.write(`${JSON.stringify({ ...counts, csv, json })}\n`);
  return counts.ok === rows.length ? 0 : 1;
}

function emit(dir: string, sweep: Sweep, jobs: number | undefined, flags: TrainFlags): number {
  writeSpecs(dir, sweep.runs);
  const name = sweep.file.name ?? 'sweep';
  const slurm = join(dir, 'slurm.sbatch');
  const parallel = join(dir, 'parallel.txt');
  writeText(slurm, slurmScript(name, sweep.runs.length, flags), 'Slurm script');
  writeText(parallel, parallelLine(jobs ?? '100%', flags), 'parallel command');
  process.stderr.write(`cogrnn sweep: wrote ${sweep.runs.length} specs to ${join(dir, 'specs')}; from inside ${dir} run: sbatch slurm.sbatch (or: bash parallel.txt), then cogrnn sweep <sweep.json> --collect .\n`);
  process.stdout.write(`${JSON.stringify({ runs: sweep.runs.length, specs: join(dir, 'specs'), slurm, parallel })}\n`);
  return 0;
}

export async function sweepCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    'sweep',
    args,
    {
      jobs: { type: 'string' },
      out: { type: 'string' },
      backend: { type: 'string' },
      iters: { type: 'string' },
      emit: { type: 'string' },
      collect: { type: 'string' },
    },
    SWEEP_USAGE,
  );
  if (positionals.length !== 1) throw new UsageError(`sweep: expected one sweep file, got ${positionals.length}; usage: ${SWEEP_USAGE}`);
  const jobs = integerOption('sweep', 'jobs', values.jobs, 1);
  const flags: TrainFlags = {
    backend: choiceOption('sweep', 'backend', values.backend, NODE_BACKENDS),
    iters: integerOption('sweep', 'iters', values.iters, 1),
  };
  const modes = (['emit', 'collect', 'out'] as const).filter((m) => values[m] !== undefined);
  if (modes.length > 1) throw new UsageError(`sweep: --${modes[0]} and --${modes[1]} cannot be given together; usage: ${SWEEP_USAGE}`);
  for (const m of modes) if (values[m] === '') throw new UsageError(`sweep: --${m} needs a folder name; usage: ${SWEEP_USAGE}`);
  if (values.collect !== undefined && (jobs !== undefined || flags.backend || flags.iters !== undefined)) {
    throw new UsageError(`sweep: --collect only reads what the runs left; --jobs, --backend and --iters belong to the runs; usage: ${SWEEP_USAGE}`);
  }

  const sweep = readSweep(positionals[0]);
  if (typeof values.collect === 'string') {
    if (!existsSync(join(values.collect, 'runs'))) throw new CliError(`sweep: ${join(values.collect, 'runs')} does not exist: --collect reads the folder --emit wrote`);
    return report(values.collect, sweep, sweep.runs.map((run) => rowFromFiles(values.collect as string, run)));
  }
  if (typeof values.emit === 'string') return emit(values.emit, sweep, jobs, flags);
  const dir = typeof values.out === 'string' ? values.out : join(dirname(positionals[0]), basename(positionals[0]).replace(/\.json$/i, '') + '-runs');
  writeSpecs(dir, sweep.runs);
  const lanes = Math.min(jobs ?? availableParallelism(), sweep.runs.length);
  process.stderr.write(`cogrnn sweep: ${sweep.runs.length} runs, ${lanes} at a time, into ${dir}\n`);
  return report(dir, sweep, await runAll(dir, sweep.runs, lanes, flags));
}
