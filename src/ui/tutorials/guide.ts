/**
 * Which tutorial's guide is open, and for which saved experiment. The guide belongs to the experiment its tutorial
 * opened: it is remembered in IndexedDB's meta store (key `tutorial-guide`, beside the open experiment's id), so a
 * reload shows it again, and it closes when another experiment is opened (a link, a file, the experiment list) —
 * the save state's experiment id changes then, synchronously inside `openExperiment`.
 */
import { create } from 'zustand';
import { activeAutosave } from '../experiments/autosave.ts';
import { useSaveState } from '../experiments/save-state.ts';
import { tutorialById } from './index.ts';

export const GUIDE_KEY = 'tutorial-guide';

export interface OpenGuide {
  tutorialId: string;
  /** the saved experiment the tutorial opened (null where the page saves nothing at all) */
  experimentId: string | null;
}

export const useTutorialGuide = create<{ guide: OpenGuide | null }>(() => ({ guide: null }));

function remember(guide: OpenGuide | null): void {
  activeAutosave()?.storage.write(`meta:${GUIDE_KEY}`, (db) => db.setMeta(GUIDE_KEY, JSON.stringify(guide)));
}

/** Opens `tutorialId`'s guide for the experiment the page has open now. */
export function showGuide(tutorialId: string): void {
  const guide = { tutorialId, experimentId: useSaveState.getState().experimentId };
  useTutorialGuide.setState({ guide });
  remember(guide);
}

export function closeGuide(): void {
  if (!useTutorialGuide.getState().guide) return;
  useTutorialGuide.setState({ guide: null });
  remember(null);
}

/** A saved guide, or null for anything else (nothing saved, a closed guide, a record this page cannot read). */
export function readSavedGuide(text: string | undefined): OpenGuide | null {
  if (text === undefined) return null;
  try {
    const value = JSON.parse(text) as Partial<OpenGuide> | null;
    if (typeof value?.tutorialId !== 'string' || tutorialById(value.tutorialId) === null) return null;
    return { tutorialId: value.tutorialId, experimentId: typeof value.experimentId === 'string' ? value.experimentId : null };
  } catch {
    return null;
  }
}

/** Shows the guide saved with the experiment the page started with, unless a guide opened meanwhile. */
export async function restoreGuide(): Promise<void> {
  const storage = activeAutosave()?.storage;
  if (!storage) return;
  const saved = readSavedGuide(await storage.read((db) => db.getMeta(GUIDE_KEY)).catch(() => undefined));
  const { experimentId } = useSaveState.getState();
  if (!saved || useTutorialGuide.getState().guide || saved.experimentId === null || saved.experimentId !== experimentId) return;
  useTutorialGuide.setState({ guide: saved });
}

// another experiment opened: the guide was about the one before
useSaveState.subscribe((state, previous) => {
  const { guide } = useTutorialGuide.getState();
  if (guide && state.experimentId !== previous.experimentId && state.experimentId !== guide.experimentId) closeGuide();
});
