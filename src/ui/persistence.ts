/**
 * The spec survives a reload: it is saved to localStorage on every change and read back when the page opens.
 * A stored spec that no longer parses (an older version, a hand edit) gives the default spec and a sentence saying
 * why, never an exception. The task editor's text is kept the same way, beside it. Until the persistence issue lands
 * this is the whole of it.
 */
import { type ExperimentSpec, safeParseSpec } from '../core/spec/spec.ts';

export const SPEC_STORAGE_KEY = 'cogrnn:spec';

/** The part of the Web Storage API used here (a plain object stands in for it in tests). */
export type SpecStorage = Pick<Storage, 'getItem' | 'setItem'>;

export interface RestoredSpec {
  spec: ExperimentSpec;
  /** why the stored spec was not used, for the page to show; null when it was, or when none was stored */
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

export function restoreSpec(storage: SpecStorage | null, fallback: () => ExperimentSpec): RestoredSpec {
  let text: string | null;
  try {
    text = storage?.getItem(SPEC_STORAGE_KEY) ?? null;
  } catch {
    text = null;
  }
  if (text === null) return { spec: fallback(), message: null };
  const refuse = (why: string): RestoredSpec => ({
    spec: fallback(),
    message: `The spec saved from your last visit could not be restored (${why}); the page opened with the default spec.`,
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return refuse(`it is not JSON: ${(error as Error).message}`);
  }
  const parsed = safeParseSpec(json);
  return parsed.ok ? { spec: parsed.spec, message: null } : refuse(parsed.error.message.split('\n').join('; '));
}

/** Saves `value` as JSON under `key`; returns why it could not (storage full or disabled), or null. */
function saveJson(storage: SpecStorage | null, key: string, value: unknown): string | null {
  if (!storage) return 'this browser does not let the page store anything';
  try {
    storage.setItem(key, JSON.stringify(value));
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Saves `spec`; returns why it could not (storage full or disabled), or null. */
export function saveSpec(storage: SpecStorage | null, spec: ExperimentSpec): string | null {
  return saveJson(storage, SPEC_STORAGE_KEY, spec);
}

export const EDITOR_STORAGE_KEY = 'cogrnn:task-editor';

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

/** The stored editor, or null when none was stored or what is stored is not one. */
export function restoreEditor(storage: SpecStorage | null): StoredEditor | null {
  try {
    const value: unknown = JSON.parse(storage?.getItem(EDITOR_STORAGE_KEY) ?? 'null');
    if (value === null || typeof value !== 'object') return null;
    const { text, file, savedText, open, awaitingConsent } = value as Record<string, unknown>;
    if (typeof text !== 'string' || typeof file !== 'string') return null;
    const editor: StoredEditor = { text, file, savedText: typeof savedText === 'string' ? savedText : text, open: open === true };
    return awaitingConsent === true ? { ...editor, awaitingConsent: true } : editor;
  } catch {
    return null;
  }
}

/** Saves the editor; returns why it could not, or null. */
export function saveEditor(storage: SpecStorage | null, editor: StoredEditor): string | null {
  return saveJson(storage, EDITOR_STORAGE_KEY, editor);
}
