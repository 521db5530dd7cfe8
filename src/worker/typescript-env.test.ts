/**
 * The editor's type checking, run here as the language-service worker runs it: the task API's own files under
 * 'cogrnn', ES2022 and nothing else. The New task template and every built-in task forked as a file check clean, a
 * type error is found where it is, and hover shows the API's doc comments.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createSystem, createVirtualTypeScriptEnvironment } from '@typescript/vfs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { compilerOptions, ROOT_FILES, TASK_PATH, typescriptFiles } from './typescript-env.ts';

const env = createVirtualTypeScriptEnvironment(createSystem(typescriptFiles()), ROOT_FILES, ts, compilerOptions(ts));

/** The errors TypeScript reports in `source`, as "line:column message". */
function typeErrors(source: string): string[] {
  if (env.getSourceFile(TASK_PATH)) env.updateFile(TASK_PATH, source);
  else env.createFile(TASK_PATH, source);
  const file = env.getSourceFile(TASK_PATH)!;
  return [...env.languageService.getSyntacticDiagnostics(TASK_PATH), ...env.languageService.getSemanticDiagnostics(TASK_PATH)].map((d) => {
    const { line, character } = file.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${line + 1}:${character + 1} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

const asTaskFile = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8').replace(/from '[./a-z]*api\.ts'/, "from 'cogrnn'");

describe('the task editor’s TypeScript environment', () => {
  it('holds every file the task API imports, under /cogrnn/', () => {
    const files = typescriptFiles();
    for (const [path, text] of files) {
      if (!path.startsWith('/cogrnn/')) continue;
      for (const [, relative] of text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)';$/gm)) {
        expect(files.has(new URL(relative, `file://${path}`).pathname), `${path} imports ${relative}`).toBe(true);
      }
    }
    expect([files.has('/cogrnn/tasks/api.ts'), files.has('/lib.es2022.d.ts'), files.has('/lib.es5.d.ts'), files.has('/lib.dom.d.ts')]).toEqual([true, true, true, false]);
  });

  it('checks the New task template and every built-in task, forked as a file, without an error', () => {
    const tasks = readdirSync(new URL('../core/tasks/', import.meta.url)).filter((f) => !f.endsWith('.test.ts') && /^export default defineTask\(\{$/m.test(readFileSync(new URL(`../core/tasks/${f}`, import.meta.url), 'utf8')));
    expect(tasks.length).toBeGreaterThanOrEqual(8);
    expect(typeErrors(asTaskFile('../ui/templates/new-task.ts'))).toEqual([]);
    for (const file of tasks) expect(typeErrors(asTaskFile(`../core/tasks/${file}`)), file).toEqual([]);
  });

  it('finds a type error where it is, and knows no network or page', () => {
    const source = asTaskFile('../ui/templates/new-task.ts');
    const wrong = source.replace("step.y[p.direction] = 1;", "step.y[p.direction] = 'one';");
    const line = wrong.split('\n').findIndex((l) => l.includes("'one'")) + 1;
    expect(typeErrors(wrong)).toEqual([`${line}:7 Type 'string' is not assignable to type 'number'.`]);
    expect(typeErrors(source.replace('generateTrialParams(rng, task) {', 'generateTrialParams(rng, task) {\n    void fetch;'))).toEqual([
      expect.stringMatching(/Cannot find name 'fetch'/),
    ]);
    expect(typeErrors(`import { nothing } from 'cogrnn';\nconsole.log(nothing);\n`)).toEqual([expect.stringMatching(/^1:10 Module '"cogrnn"' has no exported member 'nothing'/)]);
  });

  it('shows the API’s doc comments on hover and completes its names', () => {
    const source = asTaskFile('../ui/templates/new-task.ts');
    typeErrors(source);
    const hover = env.languageService.getQuickInfoAtPosition(TASK_PATH, source.indexOf('defineTask({') + 2);
    expect(ts.displayPartsToString(hover?.documentation)).toMatch(/^Declares a task\./);
    const rng = env.languageService.getQuickInfoAtPosition(TASK_PATH, source.indexOf('rng.choice') + 5);
    expect(ts.displayPartsToString(rng?.documentation)).toBe('one element of `items`, each equally likely');
    const completions = env.languageService.getCompletionsAtPosition(TASK_PATH, source.indexOf('rng.choice') + 4, {});
    expect(completions?.entries.map((e) => e.name)).toEqual(expect.arrayContaining(['uniform', 'uniformRange', 'normal', 'int', 'choice']));
  });
});
