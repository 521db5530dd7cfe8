/**
 * How a person's task file is type-checked, wherever it is (the page's editor, `typescript-env.ts`; the CLI can
 * share it): strict, ES2022 without the DOM (a task has no network or page), `console` for logging, and the module
 * name 'cogrnn' resolved to the task API's entry file. Plain data, no bundler features, so Node can import it too.
 */
import type ts from 'typescript';

/** What a task may use besides the standard library and 'cogrnn', as a declaration file. */
export const TASK_GLOBALS = `/** Writes to the developer console (the worker's, in the page). */
declare var console: {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
};
`;

/** The compiler options a task file is checked with; `apiEntry` is where 'cogrnn' (src/core/tasks/api.ts) is. */
export function taskCompilerOptions(typescript: typeof ts, apiEntry: string): ts.CompilerOptions {
  return {
    target: typescript.ScriptTarget.ES2022,
    module: typescript.ModuleKind.ESNext,
    moduleResolution: typescript.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
    types: [],
    strict: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    paths: { cogrnn: [apiEntry] },
  };
}
