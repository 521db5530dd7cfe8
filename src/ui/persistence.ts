/**
 * Reading back a saved spec and task editor. IndexedDB (experiments/db.ts) is where the page saves them; before it,
 * localStorage held one spec and one editor under the keys below, and this module reads those once, for the
 * migration into the first saved experiment (experiments/startup.ts). A saved spec that no longer parses (an older
 * version, a hand edit) gives the default spec and a sentence saying why, never an exception.
 */
import { type ExperimentSpec, safeParseSpec } from '../core/spec/spec.ts';

/** Where the page kept its spec before IndexedDB (read for the migration, then removed). */
export const SPEC_STORAGE_KEY = 'cogrnn:spec';
export const EDITOR_STORAGE_KEY = 'cogrnn:task-editor';

/** The part of the Web Storage API used here (a plain object stands in for it in tests). */
export type SpecStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface RestoredSpec {
  spec: ExperimentSpec;
  /** why the saved spec was not used, for the page to show; null when it was */
  message: string | null;
}

/** The browser's localStorage, or null where reading it throws (storage disabled, sandboxed frames). */
export function browserStorage(): SpecStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

const refused = (why: string, fallback: () => ExperimentSpec): RestoredSpec => ({
  spec: fallback(),
  message: `The spec saved from your last visit could not be restored (${why}); the page opened with the default spec.`,
});

/** A saved spec value (as IndexedDB holds it): the spec when it parses, the default and why otherwise. */
export function restoreSpecValue(value: unknown, fallback: () => ExperimentSpec): RestoredSpec {
  // a text is what localStorage held and what a refused text stays as (experiments/startup.ts)
  if (typeof value === 'string') return restoreSpecText(value, fallback);
  const parsed = safeParseSpec(value);
  return parsed.ok ? { spec: parsed.spec, message: null } : refused(parsed.error.message.split('\n').join('; '), fallback);
}

/** A saved spec as JSON text. */
export function restoreSpecText(text: string, fallback: () => ExperimentSpec): RestoredSpec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return refused(`it is not JSON: ${(error as Error).message}`, fallback);
  }
  return typeof json === 'string' ? refused('it is a JSON string, not an object', fallback) : restoreSpecValue(json, fallback);
}

/** The task editor's text, kept as typed whether or not it compiles, so a reload loses none of it. */
export interface StoredEditor {
  text: string;
  file: string;
  /** the text as last created, opened or saved (New task asks before replacing other text) */
  savedText: string;
  /** whether the page was working on this code (the spec's task is the custom one) */
  open: boolean;
  /**
   * The code came from someone else (a share link) and the person has not yet agreed to run it: it is shown but never
   * sent to a worker, and Train is refused, until they do.
   */
  awaitingConsent?: boolean;
}

/** A saved editor value, or null when it is not one. */
export function restoreEditorValue(value: unknown): StoredEditor | null {
  if (value === null || typeof value !== 'object') return null;
  const { text, file, savedText, open, awaitingConsent } = value as Record<string, unknown>;
  if (typeof text !== 'string' || typeof file !== 'string') return null;
  const editor: StoredEditor = { text, file, savedText: typeof savedText === 'string' ? savedText : text, open: open === true };
  return awaitingConsent === true ? { ...editor, awaitingConsent: true } : editor;
}

/** What localStorage held before IndexedDB: the spec's text and the editor, or null when it held neither. */
export interface LegacyStorage {
  /** the stored text as it was (a text that is not a spec is kept as it is, to be recovered by hand) */
  specText: string | null;
  editor: StoredEditor | null;
}

export function readLegacyStorage(storage: SpecStorage | null): LegacyStorage | null {
  try {
    const specText = storage?.getItem(SPEC_STORAGE_KEY) ?? null;
    const editorText = storage?.getItem(EDITOR_STORAGE_KEY) ?? null;
    if (specText === null && editorText === null) return null;
    let editor: StoredEditor | null = null;
    try {
      editor = restoreEditorValue(JSON.parse(editorText ?? 'null'));
    } catch {
      editor = null;
    }
    return { specText, editor };
  } catch {
    return null;
  }
}

/** Removes the legacy keys once their contents are saved elsewhere; storage that refuses keeps them (read again). */
export function clearLegacyStorage(storage: SpecStorage | null): void {
  try {
    storage?.removeItem(SPEC_STORAGE_KEY);
    storage?.removeItem(EDITOR_STORAGE_KEY);
  } catch {
    // nothing lost: the next start reads them again
  }
}
