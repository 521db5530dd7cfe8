/**
 * The spec survives a reload: it is saved to localStorage on every change and read back when the page opens.
 * A stored spec that no longer parses (an older version, a hand edit) gives the default spec and a sentence saying
 * why, never an exception. Until the persistence issue lands this is the whole of it.
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

/** Saves `spec`; returns why it could not (storage full or disabled), or null. */
export function saveSpec(storage: SpecStorage | null, spec: ExperimentSpec): string | null {
  if (!storage) return 'this browser does not let the page store anything';
  try {
    storage.setItem(SPEC_STORAGE_KEY, JSON.stringify(spec));
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
