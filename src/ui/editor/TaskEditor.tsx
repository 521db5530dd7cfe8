/**
 * The task editor: CodeMirror 6 with TypeScript highlighting, and TypeScript's language service in its own worker
 * (src/worker/typescript-worker.ts, through @valtown/codemirror-ts) for type errors, completion and hover docs of
 * `defineTask`, the rng and the period helpers. The task worker's compile and run errors are shown inline too.
 * This module and its chunks load only when the editor first opens (TaskCodePanel's lazy import).
 *
 * The editor holds the document; every change goes to the store as typed (task-code.ts's `editCode`), and text
 * put into the store from elsewhere (New task, Fork, Open) replaces the document.
 */
import { autocompletion } from '@codemirror/autocomplete';
import { javascript } from '@codemirror/lang-javascript';
import { type Diagnostic, forceLinting, linter, lintGutter } from '@codemirror/lint';
import { Compartment, EditorState, type Text } from '@codemirror/state';
import { type HoverInfo, tsAutocompleteWorker, tsFacetWorker, tsHoverWorker, tsSyncWorker } from '@valtown/codemirror-ts';
import type { WorkerShape } from '@valtown/codemirror-ts/worker';
import { basicSetup, EditorView } from 'codemirror';
import * as Comlink from 'comlink';
import { useEffect, useRef } from 'react';
import type { SourceProblem } from '../../worker/task-service.ts';
import { TASK_PATH } from '../../worker/typescript-env.ts';
import { useAppStore } from '../store.ts';
import { editCode, reportTypeError } from '../task-code.ts';
import './editor.css';

let typescript: WorkerShape | null = null;

/**
 * The language-service worker, started once per page. Its calls wait until it has set up its file system, so the
 * editor's first sync of the document is not dropped.
 */
function typescriptWorker(): WorkerShape {
  if (typescript) return typescript;
  const remote = Comlink.wrap<WorkerShape>(new Worker(new URL('../../worker/typescript-worker.ts', import.meta.url), { type: 'module', name: 'cogrnn-typescript' }));
  const ready = remote.initialize();
  const after =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await ready;
      return call(...args);
    };
  typescript = {
    initialize: () => ready,
    updateFile: after((file: { path: string; code: string }) => remote.updateFile(file)),
    getLints: after((request: Parameters<WorkerShape['getLints']>[0]) => remote.getLints(request)),
    getAutocompletion: after((request: Parameters<WorkerShape['getAutocompletion']>[0]) => remote.getAutocompletion(request)),
    getHover: after((request: Parameters<WorkerShape['getHover']>[0]) => remote.getHover(request)),
  } as unknown as WorkerShape; // the editor's extensions call only these

  return typescript;
}

/** Hover docs: the signature, then the doc comment and its tags (@param …), as the API's source writes them. */
function renderHover(info: HoverInfo) {
  const dom = document.createElement('div');
  dom.className = 'hover-docs';
  const quick = info.quickInfo;
  const signature = dom.appendChild(document.createElement('code'));
  signature.className = 'hover-signature';
  signature.textContent = quick?.displayParts?.map((part) => part.text).join('') ?? '';
  const docs = quick?.documentation?.map((part) => part.text).join('') ?? '';
  if (docs) dom.appendChild(document.createElement('p')).textContent = docs;
  for (const tag of quick?.tags ?? []) {
    const line = dom.appendChild(document.createElement('p'));
    line.className = 'hover-tag';
    line.textContent = `@${tag.name} ${tag.text?.map((part) => part.text).join('') ?? ''}`;
  }
  return { dom };
}

/** 1-based line and column of position `pos`. */
function lineColumn(doc: Text, pos: number): { line: number; column: number } {
  const line = doc.lineAt(Math.min(pos, doc.length));
  return { line: line.number, column: pos - line.from + 1 };
}

/** TypeScript's diagnostics; the first error goes to the status line. */
function typeLinter(worker: WorkerShape) {
  return linter(
    async (view) => {
      const diagnostics: Diagnostic[] = await worker.getLints({ path: TASK_PATH, diagnosticCodesToIgnore: [] });
      const first = diagnostics.find((d) => d.severity === 'error');
      const problem: SourceProblem | null = first ? { ...lineColumn(view.state.doc, first.from), message: first.message } : null;
      reportTypeError(problem);
      return diagnostics.map((d) => ({ ...d, source: 'TypeScript' }));
    },
    { delay: 400 },
  );
}

/** The task worker's compile or run error, at its line and column. */
const codeErrorLinter = linter(
  (view) => {
    const error = useAppStore.getState().codeCheck.error;
    if (!error || error.line === null) return [];
    const doc = view.state.doc;
    const line = doc.line(Math.max(1, Math.min(error.line, doc.lines)));
    const from = Math.min(line.from + Math.max(0, (error.column ?? 1) - 1), line.to);
    const to = from < line.to ? line.to : Math.min(from + 1, doc.length);
    return [{ from, to: Math.max(from, to), severity: 'error', message: error.message, source: 'task' }];
  },
  { delay: 100 },
);

export default function TaskEditor({ readOnly }: { readOnly: boolean }) {
  const root = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const editable = useRef(new Compartment());

  useEffect(() => {
    const worker = typescriptWorker();
    const { editor } = useAppStore.getState();
    const current = new EditorView({
      parent: root.current!,
      state: EditorState.create({
        doc: editor?.text ?? '',
        extensions: [
          basicSetup,
          javascript({ typescript: true }),
          EditorView.lineWrapping,
          editable.current.of([EditorView.editable.of(!readOnly), EditorState.readOnly.of(readOnly)]),
          tsFacetWorker.of({ worker, path: TASK_PATH }),
          tsSyncWorker(),
          typeLinter(worker),
          codeErrorLinter,
          lintGutter(),
          autocompletion({ override: [tsAutocompleteWorker()] }),
          tsHoverWorker({ renderTooltip: renderHover }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) editCode(update.state.doc.toString());
          }),
          EditorView.contentAttributes.of({ 'aria-label': 'Task code (TypeScript)' }),
        ],
      }),
    });
    view.current = current;
    const unsubscribe = useAppStore.subscribe((state, previous) => {
      // text from elsewhere (New task, Fork, Open) replaces the document; the editor's own changes are already in it
      const text = state.editor?.text;
      if (text !== undefined && text !== previous.editor?.text && text !== current.state.doc.toString()) {
        current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: text } });
      }
      if (state.codeCheck.error !== previous.codeCheck.error) forceLinting(current);
    });
    return () => {
      unsubscribe();
      current.destroy();
      view.current = null;
    };
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: editable.current.reconfigure([EditorView.editable.of(!readOnly), EditorState.readOnly.of(readOnly)]) });
  }, [readOnly]);

  return <div className="task-editor" data-testid="task-editor" ref={root} />;
}
