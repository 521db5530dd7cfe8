/** Reading and writing the CLI's files, with errors that name the file and what was wrong. */
import { readFileSync, writeFileSync } from 'node:fs';
import { type ExperimentFile, loadExperimentNpz } from '../core/experiment-file.ts';
import { type NpyArray, readNpz } from '../core/npz.ts';
import { type ExperimentSpec, parseSpecText } from '../core/spec.ts';
import { CliError } from './errors.ts';

function readBytes(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new CliError(`cannot read ${what} ${path}: ${reason}`);
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

export function writeBytes(path: string, bytes: Uint8Array, what: string): void {
  try {
    writeFileSync(path, bytes);
  } catch (error) {
    throw new CliError(`cannot write ${what} ${path}: ${(error as Error).message}`);
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
