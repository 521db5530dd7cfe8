/**
 * Opening a tutorial: its experiment replaces the page's through the store's `openExperiment` (so persistence saves
 * it as a new experiment and the one open before stays in the list), and its guide opens beside it. A tutorial's task
 * code is bundled with the page, not brought by a link, so it opens without the consent dialog; it still runs only in
 * the task and training workers, like all task code.
 */
import type { ExperimentSpec } from '../../core/spec/spec.ts';
import { isCustomTask } from '../../core/tasks/custom-task.ts';
import { type TaskEditorState, useAppStore } from '../store.ts';
import { showGuide } from './guide.ts';
import { tutorialNumber, tutorialSpec, type Tutorial } from './index.ts';
import { readTutorialFragment } from './link.ts';

/**
 * The editor that goes with the tutorial: its own code, open; else the page's editor closed (its code kept for
 * later) — unless that code came from a link and was never allowed, which this experiment does not need.
 */
function tutorialEditor(spec: ExperimentSpec, editor: TaskEditorState | null): TaskEditorState | null {
  if (isCustomTask(spec.task)) {
    const { source, file } = spec.task;
    return { text: source, file, savedText: source, open: true };
  }
  return editor && !editor.awaitingConsent ? { ...editor, open: false } : null;
}

export function openTutorial(tutorial: Tutorial): void {
  const spec = tutorialSpec(tutorial);
  const { openExperiment, editor } = useAppStore.getState();
  const notice = `Opened tutorial ${tutorialNumber(tutorial)}, “${tutorial.title}”; the experiment open before stays in the experiment list.`;
  openExperiment({ spec, editor: tutorialEditor(spec, editor), notice });
  showGuide(tutorial.id);
}

/** Opens the tutorial a `#tutorial=<id>` fragment names; returns why not (an unknown id), or null. */
export function openTutorialFragment(fragment: string): string | null {
  const read = readTutorialFragment(fragment);
  if (!read.ok) return read.message;
  openTutorial(read.tutorial);
  return null;
}
