/**
 * Helpers for the CLI tests: run `src/cli/main.ts` as a child process (node + tsx's loader, ~1 s a run)
 * and check the one-line error contract.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ExpectStatic } from 'vitest';
import { projectRoot } from '../core/testing/shared.ts';

export const CLI_MAIN = resolve(projectRoot, 'src/cli/main.ts');
/** tsx's loader as a file URL, so `--import` finds it whatever the child's working directory. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface CliResult {
  /** exit code; null when the run was killed */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** the command line, for failure messages */
  command: string;
}

/** Runs `cogrnn <args>` in `cwd`; resolves when it exits or is killed after `timeoutMs`. Never rejects. */
export function runCli(args: string[], cwd: string, timeoutMs = 30_000, env: Record<string, string> = {}): Promise<CliResult> {
  const command = `cogrnn ${args.map((a) => (/^[\w./=-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`;
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', TSX_LOADER, CLI_MAIN, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', (error) => done({ code: null, signal: null, stdout, stderr: `${stderr}spawn error: ${error.message}`, command }));
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr, command }));
  });
}

/** `result` printed for an assertion message. */
export function describeRun(result: CliResult): string {
  return `${result.command}\n  exit ${result.code ?? result.signal}\n  stdout: ${result.stdout}\n  stderr: ${result.stderr}`;
}

/**
 * The error contract: exit `code`, nothing on stdout, exactly one line on stderr that starts with `cogrnn`,
 * no stack trace, and that contains each of `mentions`. Returns the line.
 */
export function expectCliError(expect: ExpectStatic, result: CliResult, code: number, mentions: (string | RegExp)[]): string {
  const context = describeRun(result);
  expect(result.code, context).toBe(code);
  expect(result.stdout, context).toBe('');
  expect(result.stderr.endsWith('\n'), context).toBe(true);
  const lines = result.stderr.slice(0, -1).split('\n');
  expect(lines, context).toHaveLength(1);
  const [line] = lines;
  expect(line, context).toMatch(/^cogrnn[ :]/);
  expect(line, context).not.toMatch(/\bat .+:\d+:\d+|Error:|undefined/);
  for (const mention of mentions) {
    if (typeof mention === 'string') expect(line, context).toContain(mention);
    else expect(line, context).toMatch(mention);
  }
  return line;
}

/** stdout as exactly one JSON object on one line. */
export function parseJsonStdout(expect: ExpectStatic, result: CliResult): Record<string, unknown> {
  const context = describeRun(result);
  expect(result.code, context).toBe(0);
  const lines = result.stdout.trimEnd().split('\n');
  expect(lines, context).toHaveLength(1);
  const value: unknown = JSON.parse(lines[0]);
  expect(value, context).toBeTypeOf('object');
  return value as Record<string, unknown>;
}

/** A spec for `trainThenEvaluate`: its task by name, with its timing and batch size. */
export interface TrainedSpec {
  task: { name: string; N_batch: number; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * `cogrnn train spec.json --backend cpu --json --out w.npz` in a fresh folder, then `cogrnn eval` of those weights on
 * `trials` fresh trials of the same task (seed `evalSeed`); both runs must succeed. Returns both JSON summaries.
 */
export async function trainThenEvaluate(
  expect: ExpectStatic,
  spec: TrainedSpec,
  { trials = 256, evalSeed = 7, timeoutMs = 170_000 } = {},
): Promise<{ trained: Record<string, unknown>; evaluated: Record<string, unknown> }> {
  const dir = mkdtempSync(join(tmpdir(), 'cogrnn-trains-'));
  try {
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
    writeFileSync(join(dir, 'eval.json'), JSON.stringify({ version: 2, seed: evalSeed, task: { ...spec.task, N_batch: trials } }));
    const trained = parseJsonStdout(expect, await runCli(['train', 'spec.json', '--backend', 'cpu', '--json', '--out', 'w.npz'], dir, timeoutMs));
    const evaluated = parseJsonStdout(expect, await runCli(['eval', '--weights', 'w.npz', '--task', 'eval.json', '--json'], dir));
    expect(evaluated).toMatchObject({ trials, task: spec.task.name });
    return { trained, evaluated };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
