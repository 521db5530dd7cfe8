/** The spec across reloads: saved and read back, and a stored spec that no longer parses gives the default and why. */
import { describe, expect, it } from 'vitest';
import { defaultSpec } from '../core/spec/spec.ts';
import { tinySpec } from '../core/testing/tiny.ts';
import { restoreSpec, saveSpec, SPEC_STORAGE_KEY, type SpecStorage } from './persistence.ts';

function memoryStorage(initial: Record<string, string> = {}): SpecStorage & { items: Record<string, string> } {
  const items = { ...initial };
  return { items, getItem: (key) => items[key] ?? null, setItem: (key, value) => void (items[key] = value) };
}

describe('spec persistence', () => {
  it('reads back the spec it saved', () => {
    const storage = memoryStorage();
    const spec = tinySpec({ seed: 11 });
    expect(saveSpec(storage, spec)).toBeNull();
    expect(restoreSpec(storage, defaultSpec)).toEqual({ spec, message: null });
  });

  it('opens with the default spec, silently, when nothing was stored or storage is unavailable', () => {
    expect(restoreSpec(memoryStorage(), defaultSpec)).toEqual({ spec: defaultSpec(), message: null });
    expect(restoreSpec(null, defaultSpec)).toEqual({ spec: defaultSpec(), message: null });
    const throwing: SpecStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError: the quota has been exceeded');
      },
    };
    expect(restoreSpec(throwing, defaultSpec).message).toBeNull();
    expect(saveSpec(throwing, defaultSpec())).toBe('QuotaExceededError: the quota has been exceeded');
    expect(saveSpec(null, defaultSpec())).toMatch(/does not let the page store/);
  });

  it.each([
    ['{not json', /could not be restored \(it is not JSON: .+\); the page opened with the default spec\.$/],
    [JSON.stringify({ version: 1, task: { name: 'PerceptualDiscrimination' }, model: { N_rec: -3 } }), /\(model\.N_rec: got -3; must be/],
    [JSON.stringify({ version: 7, task: { name: 'PerceptualDiscrimination' } }), /\(version: got 7; this file is spec version 7/],
    ['null', /could not be restored \(/],
  ])('a stored %s gives the default spec and says why', (text, message) => {
    const restored = restoreSpec(memoryStorage({ [SPEC_STORAGE_KEY]: text }), defaultSpec);
    expect(restored.spec).toEqual(defaultSpec());
    expect(restored.message).toMatch(message);
  });
});
