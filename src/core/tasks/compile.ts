/**
 * A person's task file, from TypeScript source to a task definition: types are stripped by sucrase (which keeps
 * every line where it was, so errors point at the line the person wrote), the module runs with one import allowed —
 * 'cogrnn', the public task API (`api.ts`) — and its default export must be a `defineTask({...})` definition.
 *
 * Only a worker or the CLI calls this: the code is the person's own, and never runs on the page's main thread.
 */
import { transform } from 'sucrase';
import * as api from './api.ts';
import { type AnyTaskDefinition, definitionProblem } from './api.ts';
import { locateInSource } from './source-location.ts';

export { locateInSource };

/** The module name a task file imports the API from. */
export const API_MODULE = 'cogrnn';

/** A task file that cannot be used: where (1-based line and column, when known) and what is wrong. */
export class TaskCompileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly column: number | null,
    readonly detail: string,
  ) {
    super(`${file}${line === null ? '' : `:${line}:${column ?? 1}`}: ${detail}`);
    this.name = 'TaskCompileError';
  }
}

/** 1-based line and column of character `pos` of `source`. */
function lineColumn(source: string, pos: number): [number, number] {
  const before = source.slice(0, pos);
  const line = before.split('\n').length;
  return [line, pos - before.lastIndexOf('\n')];
}

/** The TypeScript of a task file as CommonJS JavaScript, on the same lines; syntax errors as TaskCompileErrors. */
export function transpileTask(source: string, file: string): string {
  try {
    return transform(source, { transforms: ['typescript', 'imports'], filePath: file }).code;
  } catch (error) {
    const pos = (error as { pos?: unknown }).pos;
    const message = (error as Error).message.replace(/^Error transforming [^:]*: /, '').replace(/ \(\d+:\d+\)$/, '');
    const [line, column] = typeof pos === 'number' ? lineColumn(source, pos) : [null, null];
    throw new TaskCompileError(file, line, column, `syntax error: ${message}`);
  }
}

function requireApi(file: string) {
  return (name: string) => {
    if (name === API_MODULE) return api;
    throw new TaskCompileError(file, null, null, `imports '${name}'; a task file can import only '${API_MODULE}' (defineTask, the period helpers, …)`);
  };
}

/** Compiles and runs a task file; returns its default export, checked to be a usable task definition. */
export function compileTask(source: string, file = 'task.ts'): AnyTaskDefinition {
  const code = transpileTask(source, file);
  const module = { exports: {} as Record<string, unknown> };
  try {
    const run = new Function('require', 'exports', 'module', `${code}\n//# sourceURL=${file}`); // WRAPPER_LINES above the code
    run(requireApi(file), module.exports, module);
  } catch (error) {
    if (error instanceof TaskCompileError) throw error;
    const at = locateInSource(error, file);
    const text = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
    throw new TaskCompileError(file, at?.line ?? null, at?.column ?? null, `running the file threw ${text}`);
  }
  const definition = module.exports.default as AnyTaskDefinition | undefined;
  if (definition === undefined) {
    throw new TaskCompileError(file, null, null, `has no default export; end it with export default defineTask({ ... })`);
  }
  const problem = definitionProblem(definition);
  if (problem) throw new TaskCompileError(file, null, null, problem);
  return definition;
}
