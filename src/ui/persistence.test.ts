/** Saved specs read back: a spec that parses as it was, one that does not as the default and why; localStorage once. */
import { describe, expect, it } from 'vitest';
import { defaultSpec } from '../core/spec/spec.ts';
import { tinySpec } from '../core/testing/tiny.ts';
import {
  clearLegacyStorage,
  EDITOR_STORAGE_KEY,
  readLegacyStorage,
  restoreEditorValue,
  restoreSpecText,
  restoreSpecValue,
  SPEC_STORAGE_KEY,
  type SpecStorage,
} from './persistence.ts';

function memoryStorage(initial: Record<string, string> = {}): SpecStorage & { items: Record<string, string> } {
  const items = { ...initial };
  return {
    items,
    getItem: (key) => items[key] ?? null,
    setItem: (key, value) => void (items[key] = value),
    removeItem: (key) => void delete items[key],
  };
}

describe('saved specs', () => {
  it('reads back a saved spec, as a value or as JSON text', () => {
    const spec = tinySpec({ seed: 11 });
    expect(restoreSpecValue(structuredClone(spec), defaultSpec)).toEqual({ spec, message: null });
    expect(restoreSpecText(JSON.stringify(spec), defaultSpec)).toEqual({ spec, message: null });
  });

  it.each([
    ['{not json', /could not be restored \(it is not JSON: .+\); the page opened with the default spec\.$/],
    [JSON.stringify({ version: 1, task: { name: 'PerceptualDiscrimination' }, model: { N_rec: -3 } }), /\(model\.N_rec: got -3; must be/],
    [JSON.stringify({ version: 7, task: { name: 'PerceptualDiscrimination' } }), /\(version: got 7; this file is spec version 7/],
    ['null', /could not be restored \(/],
    ['"a string"', /could not be restored \(it is a JSON string, not an object\)/],
  ])('a saved %s gives the default spec and says why', (text, message) => {
    const restored = restoreSpecText(text, defaultSpec);
    expect(restored.spec).toEqual(defaultSpec());
    expect(restored.message).toMatch(message);
  });

  it('a saved value that is a text is read as the JSON it holds (a refused text stays one)', () => {
    expect(restoreSpecValue('{not json', defaultSpec).message).toMatch(/it is not JSON/);
  });
});

describe('saved editors', () => {
  it('keeps the text, the file, the saved text and the consent flag; anything else is not an editor', () => {
    expect(restoreEditorValue({ text: 'a', file: 'a.ts', open: true })).toEqual({ text: 'a', file: 'a.ts', savedText: 'a', open: true });
    expect(restoreEditorValue({ text: 'a', file: 'a.ts', savedText: 'b', open: 'yes', awaitingConsent: true })).toEqual({
      text: 'a',
      file: 'a.ts',
      savedText: 'b',
      open: false,
      awaitingConsent: true,
    });
    for (const value of [null, 'text', 3, { text: 1, file: 'a.ts' }, { text: 'a' }]) expect(restoreEditorValue(value)).toBeNull();
  });
});

describe('the localStorage of earlier versions', () => {
  it('gives the stored text as it was and the editor, then is cleared', () => {
    const editor = { text: 'x', file: 'x.ts', savedText: 'x', open: true };
    const storage = memoryStorage({ [SPEC_STORAGE_KEY]: '{not json', [EDITOR_STORAGE_KEY]: JSON.stringify(editor) });
    expect(readLegacyStorage(storage)).toEqual({ specText: '{not json', editor });
    clearLegacyStorage(storage);
    expect(storage.items).toEqual({});
    expect(readLegacyStorage(storage)).toBeNull();
  });

  it('is nothing where storage is missing or throws; an editor that is not JSON is dropped, the spec kept', () => {
    expect(readLegacyStorage(null)).toBeNull();
    const throwing: SpecStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => undefined,
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(readLegacyStorage(throwing)).toBeNull();
    expect(() => clearLegacyStorage(throwing)).not.toThrow();
    expect(readLegacyStorage(memoryStorage({ [SPEC_STORAGE_KEY]: '{}', [EDITOR_STORAGE_KEY]: '{oops' }))).toEqual({ specText: '{}', editor: null });
  });
});
