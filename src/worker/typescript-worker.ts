/**
 * TypeScript's language service for the task editor, in a worker of its own (started when the editor first opens):
 * type errors, completion and hover docs for a task file, checked against the task API's own sources
 * (`typescript-env.ts`). It reads and runs nothing of the person's; @valtown/codemirror-ts's editor extensions talk
 * to it through Comlink.
 */
import { createSystem, createVirtualTypeScriptEnvironment } from '@typescript/vfs';
import { createWorker } from '@valtown/codemirror-ts/worker';
import * as Comlink from 'comlink';
import ts from 'typescript';
import { compilerOptions, ROOT_FILES, typescriptFiles } from './typescript-env.ts';

Comlink.expose(createWorker(() => createVirtualTypeScriptEnvironment(createSystem(typescriptFiles()), ROOT_FILES, ts, compilerOptions(ts))));
