/**
 * Consent for task code that came with a link: such code is shown but never sent to a worker until the person has
 * read it and pressed "Run it". The editor's `awaitingConsent` (persistence.ts StoredEditor, saved with the editor, so
 * a reload keeps it) holds the page back — task-code.ts sends no code to the task worker and Train is refused while
 * it is set. The dialog shows every distinct source that would run (the task's, each custom curriculum stage's) and
 * keeps them; "Run it" clears the flag only if the page still holds exactly those texts. When the page's code changes
 * under the open dialog (another link opened), the dialog shows the new code instead: consent never carries over.
 */
import { create } from 'zustand';
import type { ExperimentSpec } from '../../core/spec/spec.ts';
import { isCustomTask } from '../../core/tasks/custom-task.ts';
import { codeFingerprint } from '../code-fingerprint.ts';
import { type TaskEditorState, useAppStore } from '../store.ts';

/** One distinct text of task code, and where in the experiment it is used. */
export interface LinkedSource {
  /** "The task", "Curriculum stage 2", "The task and curriculum stages 1, 3" */
  label: string;
  file: string;
  text: string;
}

/** What the consent dialog shows, or null while it is closed. */
export interface ShownCode {
  sources: LinkedSource[];
  /** the fingerprint of the texts shown (code-fingerprint.ts), for the page and its tests to tell them apart */
  fingerprint: string;
  /** why the dialog's code was replaced while it was open, or null */
  note: string | null;
}

export const useConsent = create<{ shown: ShownCode | null }>(() => ({ shown: null }));

function places(task: boolean, stages: number[]): string {
  const parts = task ? ['the task'] : [];
  if (stages.length > 0) parts.push(`curriculum stage${stages.length > 1 ? 's' : ''} ${stages.join(', ')}`);
  const text = parts.join(' and ');
  return text[0].toUpperCase() + text.slice(1);
}

/**
 * The distinct task code `spec` and `editor` would run: the editor's text (what the task worker would be sent), the
 * spec's custom task and its custom stages; one entry per distinct text, labelled with every place it is used.
 */
export function codeSources(spec: ExperimentSpec, editor: TaskEditorState | null): LinkedSource[] {
  const found = new Map<string, { file: string; task: boolean; stages: number[]; editorOnly: boolean }>();
  const add = (text: string, file: string, at: { task?: boolean; stage?: number; editor?: boolean }) => {
    const entry = found.get(text) ?? { file, task: false, stages: [], editorOnly: true };
    if (at.task) entry.task = true;
    if (at.stage !== undefined) entry.stages.push(at.stage);
    if (!at.editor) entry.editorOnly = false;
    found.set(text, entry);
  };
  if (isCustomTask(spec.task)) add(spec.task.source, spec.task.file, { task: true });
  spec.curriculum?.stages.forEach((stage, k) => {
    if (isCustomTask(stage)) add(stage.source, stage.file, { stage: k + 1 });
  });
  if (editor) add(editor.text, editor.file, { editor: true, task: editor.open });
  return [...found].map(([text, e]) => ({
    text,
    file: e.file,
    label: e.editorOnly && !e.task ? `The task editor (${e.file})` : places(e.task, e.stages),
  }));
}

/** Whether an experiment holds code that needs consent before it runs. */
export function carriesCode(spec: ExperimentSpec): boolean {
  return codeSources(spec, null).length > 0;
}

/**
 * Whether code not yet allowed would run now: the editor awaits consent and its code is open as the task, or the spec
 * still holds custom code (a task or curriculum stage from the link). A built-in task chosen instead trains freely;
 * the code stays waiting in the editor.
 */
export function consentPending({ spec, editor }: { spec: ExperimentSpec; editor: TaskEditorState | null }): boolean {
  return editor?.awaitingConsent === true && (editor.open || carriesCode(spec));
}

const sameTexts = (a: LinkedSource[], b: LinkedSource[]) => a.length === b.length && a.every((s, i) => s.text === b[i].text && s.file === b[i].file);

function currentCode(note: string | null = null): ShownCode {
  const { spec, editor } = useAppStore.getState();
  const sources = codeSources(spec, editor);
  return { sources, fingerprint: codeFingerprint(JSON.stringify(sources.map((s) => [s.file, s.text]))), note };
}

/** Opens the dialog on the code the page holds now (or closes it, when none awaits consent). */
export function askConsent(): void {
  if (useAppStore.getState().editor?.awaitingConsent !== true) return useConsent.setState({ shown: null });
  const now = currentCode();
  const { shown } = useConsent.getState();
  if (!shown || !sameTexts(shown.sources, now.sources)) useConsent.setState({ shown: now }); // an open dialog keeps its note
}

/** "Not now": the dialog closes; the code stays shown in the editor, unrun. */
export function declineConsent(): void {
  useConsent.setState({ shown: null });
}

/**
 * "Run it": the flag is cleared — and task-code.ts starts checking the code — only when the page holds exactly the
 * code the dialog showed; otherwise the dialog shows the code held now and asks again.
 */
export function giveConsent(): void {
  const { shown } = useConsent.getState();
  const now = currentCode('The task code changed while this dialog was open; this is the code that would run now. Read it before you run it.');
  if (!shown || !sameTexts(shown.sources, now.sources) || useAppStore.getState().editor?.awaitingConsent !== true) {
    useConsent.setState({ shown: now.sources.length > 0 ? now : null });
    return;
  }
  useConsent.setState({ shown: null });
  useAppStore.setState((s) => {
    if (!s.editor) return {};
    const { awaitingConsent: _given, ...editor } = s.editor;
    return { editor };
  });
}

// The dialog follows the page: closed once nothing awaits consent, and replaced (never carried over) when the code
// it shows is no longer the page's.
useAppStore.subscribe((state, previous) => {
  const { shown } = useConsent.getState();
  if (!shown || (state.editor === previous.editor && state.spec === previous.spec)) return;
  if (state.editor?.awaitingConsent !== true) return useConsent.setState({ shown: null });
  const now = currentCode('Another link was opened while this dialog was open: this is its code, not the code shown before. Read it before you run it.');
  if (!sameTexts(shown.sources, now.sources)) useConsent.setState({ shown: now });
});
