/**
 * TypeScript's own check of a person's task file, with the editor's options (`worker/typescript-options.ts`:
 * strict, ES2022 without the DOM, 'cogrnn' resolved to the task API's source). The CLI refuses a file with type errors
 * before it runs, naming file:line:col, as it refuses a syntax error.
 */
import { dirname, resolve } from 'node:path';
import ts from 'typescript';
import type { ExperimentSpec } from '../core/spec/spec.ts';
import { CUSTOM_TASK } from '../core/tasks/custom-task.ts';
import { projectRoot } from '../core/testing/shared.ts';
import { taskCompilerOptions, TASK_GLOBALS } from '../worker/typescript-options.ts';
import { CliError } from './errors.ts';

const API_ENTRY = resolve(projectRoot, 'src/core/tasks/api.ts');
/** Where the person's source sits in the program (beside nothing: it imports only 'cogrnn'). */
const VIRTUAL_DIR = resolve(projectRoot, '.task-check');

const OPTIONS = taskCompilerOptions(ts, API_ENTRY);

/** The type errors of `source` (a task file named `file`) as "file:line:col: message", in order; empty when it checks. */
export function taskTypeErrors(source: string, file: string): string[] {
  const path = resolve(VIRTUAL_DIR, file.replace(/[\\/]/g, '_'));
  const globals = resolve(VIRTUAL_DIR, 'globals.d.ts');
  const host = ts.createCompilerHost(OPTIONS);
  const virtual = new Map([
    [path, source],
    [globals, TASK_GLOBALS],
  ]);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => {
    const text = virtual.get(resolve(name));
    return text === undefined ? getSourceFile(name, language, ...rest) : ts.createSourceFile(name, text, language);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => virtual.has(resolve(name)) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => virtual.get(resolve(name)) ?? readFile(name);
  const program = ts.createProgram({ rootNames: [path, globals], options: { ...OPTIONS, baseUrl: dirname(path) }, host });
  const checked = program.getSourceFile(path)!;
  return [...program.getSyntacticDiagnostics(checked), ...program.getSemanticDiagnostics(checked)].map((d) => {
    const { line, character } = checked.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${file}:${line + 1}:${character + 1}: type error: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

/** Refuses a spec whose custom tasks (its task or a curriculum stage) have type errors: the first, and how many more. */
export function checkTaskTypes(command: string, spec: ExperimentSpec): void {
  for (const task of [spec.task, ...(spec.curriculum?.stages ?? [])]) {
    if (task.name !== CUSTOM_TASK) continue;
    const errors = taskTypeErrors(String(task.source), String(task.file));
    if (errors.length > 0) {
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more type error${errors.length > 2 ? 's' : ''})` : '';
      throw new CliError(`${command}: ${errors[0]}${more}`);
    }
  }
}
