/**
 * A sweep's results table: one row per run from what `cogrnn train` printed (its JSON summary on stdout, saved as
 * runs/<id>.json) and its log (stderr, runs/<id>.log, whose last `cogrnn …` line is the error of a failed run),
 * as JSON and as CSV with one column per varied path. The same rows whether the runs ran here (`--jobs`) or on a
 * cluster (`--emit`, then `--collect`).
 */
import type { SweepRun } from './expand.ts';

/** What a finished run left behind: train's stdout and stderr (null when the file is not there). */
export interface RunOutput {
  stdout: string | null;
  stderr: string | null;
}

export type RunStatus = 'ok' | 'failed' | 'missing';

export interface ResultRow {
  id: string;
  label: string;
  values: Record<string, unknown>;
  status: RunStatus;
  accuracy: number | null;
  loss: number | null;
  trials: number | null;
  seconds: number | null;
  stopReason: string | null;
  /** the weights file, relative to the sweep folder; null when the run wrote none */
  weights: string | null;
  error: string | null;
}

export interface ResultsTable {
  name: string | null;
  combine: string;
  /** the varied paths, in the sweep's order (the CSV's value columns) */
  paths: string[];
  runs: ResultRow[];
}

const finiteOrNull = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** train's one-line summary, or null when stdout holds none (a failed or unfinished run). */
function parseSummary(stdout: string | null): Record<string, unknown> | null {
  const last = stdout?.trimEnd().split('\n').pop();
  if (!last) return null;
  try {
    const value: unknown = JSON.parse(last);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The last line of a log that is `cogrnn`'s own message (progress lines are JSON), without the prefix. */
function errorLine(stderr: string | null): string | null {
  const lines = (stderr ?? '').split('\n').map((s) => s.trim()).filter((s) => s.startsWith('cogrnn'));
  return lines.length > 0 ? lines[lines.length - 1].replace(/^cogrnn\s+/, '') : null;
}

/** One run's row; `weightsFile` is where its weights go, relative to the sweep folder. */
export function resultRow(run: SweepRun, output: RunOutput, weightsFile: string, exitCode: number | null = null): ResultRow {
  const summary = parseSummary(output.stdout);
  const error = errorLine(output.stderr);
  // without a summary, a run on a cluster may still be going: it failed only once it said so (or exited)
  const failed =
    summary === null ? error !== null || exitCode !== null : summary.stopReason === 'non_finite_loss' || (exitCode !== null && exitCode !== 0);
  const status: RunStatus = summary === null && !failed ? 'missing' : failed ? 'failed' : 'ok';
  const why =
    status === 'missing'
      ? 'no summary yet: the run has not finished (or was killed before it printed one)'
      : status === 'failed'
        ? (error ?? (exitCode !== null ? `train exited with code ${exitCode} and printed no message` : 'train printed no summary and no message'))
        : null;
  return {
    id: run.id,
    label: run.label,
    values: run.values,
    status,
    accuracy: finiteOrNull(summary?.accuracy),
    loss: finiteOrNull(summary?.loss),
    trials: finiteOrNull(summary?.trials),
    seconds: finiteOrNull(summary?.seconds),
    stopReason: typeof summary?.stopReason === 'string' ? summary.stopReason : null,
    weights: summary?.out !== undefined ? weightsFile : null,
    error: why,
  };
}

export function resultsTable(name: string | null, combine: string, runs: SweepRun[], rows: ResultRow[]): ResultsTable {
  return { name, combine, paths: Object.keys(runs[0]?.values ?? {}), runs: rows };
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function resultsCsv(table: ResultsTable): string {
  const header = ['id', ...table.paths, 'status', 'accuracy', 'loss', 'trials', 'seconds', 'stop_reason', 'weights', 'error'];
  const lines = table.runs.map((row) =>
    [row.id, ...table.paths.map((p) => row.values[p]), row.status, row.accuracy, row.loss, row.trials, row.seconds, row.stopReason, row.weights, row.error]
      .map(csvField)
      .join(','),
  );
  return `${[header.join(','), ...lines].join('\n')}\n`;
}

/** One line for a finished run: its values and either its figures or its error. */
export function describeRow(row: ResultRow): string {
  if (row.status !== 'ok') return `${row.id} (${row.label}): ${row.status}: ${row.error}`;
  const figures = `accuracy ${row.accuracy?.toFixed(3) ?? '?'}, loss ${row.loss?.toPrecision(4) ?? '?'}, ${row.trials ?? '?'} trials, ${row.seconds ?? '?'} s`;
  return `${row.id} (${row.label}): ok: ${figures}`;
}
