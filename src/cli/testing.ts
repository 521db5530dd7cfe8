/**
 * Helpers for the CLI tests: run `src/cli/main.ts` as a child process (node + tsx's loader, ~1 s a run)
 * and check the one-line error contract.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
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
