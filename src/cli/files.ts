/** Reading and writing the CLI's files, with errors that name the file and what was wrong. */
import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type ExperimentFile, loadExperimentNpz } from '../core/io/experiment-file.ts';
import { type NpyArray, readNpz } from '../core/io/npz.ts';
import { parseJsonText } from '../core/spec/errors.ts';
import { type ExperimentSpec, parseSpecText, SpecError } from '../core/spec/spec.ts';
import { CliError } from './errors.ts';

export function readBytes(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new CliError(`cannot read ${what} ${path}: ${reason}`);
  }
}

/** A spec file's JSON, not yet checked (for `--task-file`, which supplies the task); syntax errors name line and column. */
export function readSpecJson(path: string): Record<string, unknown> {
  const text = new TextDecoder().decode(readBytes(path, 'spec'));
  try {
    const json = parseJsonText(text);
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new SpecError([{ path: '', value: json, message: 'must be a JSON object' }]);
    return json as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`invalid spec ${path}: ${oneLine((error as Error).message)}`);
  }
}

export function readSpecFile(path: string): ExperimentSpec {
  const text = new TextDecoder().decode(readBytes(path, 'spec'));
  try {
    return parseSpecText(text);
  } catch (error) {
    throw new CliError(`invalid spec ${path}: ${oneLine((error as Error).message)}`);
  }
}

export function readWeightsFile(path: string): ExperimentFile {
  const bytes = readBytes(path, 'weights file');
  try {
    return loadExperimentNpz(bytes);
  } catch (error) {
    throw new CliError(`invalid weights file ${path}: ${oneLine((error as Error).message)}`);
  }
}

export function readNpzFile(path: string, what: string): Map<string, NpyArray> {
  const bytes = readBytes(path, what);
  try {
    return readNpz(bytes);
  } catch (error) {
    throw new CliError(`invalid ${what} ${path}: ${oneLine((error as Error).message)}`);
  }
}

function writeFailure(path: string, what: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  const folder = dirname(path);
  const reasons: Record<string, string> = {
    ENOENT: `the folder ${folder} does not exist`,
    ENOTDIR: `${folder} is not a folder`,
    EISDIR: 'it is a directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
  };
  return new CliError(`cannot write ${what} ${path}: ${reasons[code ?? ''] ?? (error as Error).message}`);
}

/** The temporary file beside `path` that `writeBytes` renames into place. */
const temporaryFor = (path: string) => join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);

/**
 * Fails now, with the reason, if `path` could not be written later: checked before a long run so that an
 * unwritable --out does not throw the run away. Creates and removes the temporary file `writeBytes` would use.
 */
export function checkWritable(path: string, what: string): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    // absent: fine, the folder is checked below
  }
  if (isDirectory) throw writeFailure(path, what, Object.assign(new Error(), { code: 'EISDIR' }));
  const temporary = temporaryFor(path);
  try {
    closeSync(openSync(temporary, 'wx'));
  } catch (error) {
    throw writeFailure(path, what, error);
  }
  rmSync(temporary, { force: true });
}

/**
 * Writes atomically: the bytes go to a temporary file beside `path`, which is then renamed over it, so a failed
 * or interrupted write never leaves half a file where a good one was.
 */
export function writeBytes(path: string, bytes: Uint8Array, what: string): void {
  const temporary = temporaryFor(path);
  try {
    writeFileSync(temporary, bytes, { flag: 'w' });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw writeFailure(path, what, error);
  }
}

/** Multi-line messages (a spec's list of problems) joined onto one line. */
export function oneLine(message: string): string {
  return message
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
    .join('; ');
}
