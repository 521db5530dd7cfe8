/**
 * The virtual file system TypeScript's language service checks a task file in (the editor's type errors,
 * completion and hover docs), with the options of `typescript-options.ts`: the ES2022 standard library (no DOM: a
 * task has no network or page), the real source files of the task API under /cogrnn/ — so hover shows the API's
 * own doc comments — with the module name 'cogrnn' mapped to /cogrnn/tasks/api.ts, and a `console` for logging.
 * Everything is bundled (`?raw` imports), nothing is fetched: the editor works offline.
 */
import type ts from 'typescript';
import { TASK_GLOBALS, taskCompilerOptions } from './typescript-options.ts';

/** The standard library ES2022 needs: lib.es2022.d.ts and the files it references, transitively. */
const LIBS = import.meta.glob<string>(
  [
    '/node_modules/typescript/lib/lib.es5.d.ts',
    '/node_modules/typescript/lib/lib.es201[5-9]*.d.ts',
    '/node_modules/typescript/lib/lib.es202[0-2]*.d.ts',
    '/node_modules/typescript/lib/lib.decorators*.d.ts',
  ],
  { query: '?raw', import: 'default', eager: true },
);

/** The task API's source files: api.ts and everything it imports. */
const API = import.meta.glob<string>(['../core/tasks/{api,options,periods,accuracy,noise,steps,validate,evidence,targets}.ts', '../core/array3.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Where the person's file lives in the virtual file system (its own name may be anything). */
export const TASK_PATH = '/task.ts';
const API_ENTRY = '/cogrnn/tasks/api.ts';
const GLOBALS_PATH = '/globals.d.ts';

/** Checked as strictly as the repository's own code, against ES2022 and the API. */
export function compilerOptions(typescript: typeof ts): ts.CompilerOptions {
  return taskCompilerOptions(typescript, API_ENTRY);
}

/** The file system: path → text. */
export function typescriptFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [path, text] of Object.entries(LIBS)) files.set(`/${path.split('/').pop()}`, text);
  for (const [path, text] of Object.entries(API)) files.set(path.replace(/^\.\.\/core\//, '/cogrnn/'), text);
  files.set(GLOBALS_PATH, TASK_GLOBALS);
  return files;
}

/** The files the language service always holds (the person's is added by the editor). */
export const ROOT_FILES = [GLOBALS_PATH];
