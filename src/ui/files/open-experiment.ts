/**
 * Opening a file's experiment in place of the page's: the spec replaces the page's and the results are cleared
 * (store.openExperiment). A spec whose task is custom brings its code into the editor; one with a built-in task
 * leaves the editor's code where it was, closed, so no code typed before is lost.
 */
import type { ExperimentSpec } from '../../core/spec/spec.ts';
import { isCustomTask } from '../../core/tasks/custom-task.ts';
import { mayDiscardTrained } from '../run.ts';
import { type TaskEditorState, useAppStore } from '../store.ts';

/** The editor that goes with `spec`. */
function editorFor(spec: ExperimentSpec, editor: TaskEditorState | null): TaskEditorState | null {
  if (!isCustomTask(spec.task)) return editor && { ...editor, open: false };
  const { source, file } = spec.task;
  return { text: source, file, savedText: source, open: true };
}

/**
 * Whether the page may replace its experiment with `fileName`'s: asks when that discards a trained network not yet
 * downloaded, or editor code not yet saved that the file's own code would replace.
 */
export function mayOpen(spec: ExperimentSpec, fileName: string): boolean {
  if (!mayDiscardTrained(`Opening ${fileName}`)) return false;
  const { editor } = useAppStore.getState();
  if (!isCustomTask(spec.task) || !editor || editor.text === editor.savedText || editor.text.trim() === '') return true;
  return window.confirm(`The task code in the editor (${editor.file}) has changes that were not saved. Opening ${fileName} replaces it. Continue?`);
}

/** Opens `spec` as the page's experiment, with a sentence saying where it came from. */
export function openSpec(spec: ExperimentSpec, notice: string): void {
  const { openExperiment, editor } = useAppStore.getState();
  openExperiment({ spec, editor: editorFor(spec, editor), notice });
}
