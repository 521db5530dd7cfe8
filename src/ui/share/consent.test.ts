import { beforeEach, describe, expect, it } from 'vitest';
import { parseSpec, SPEC_VERSION } from '../../core/spec/spec.ts';
import { useAppStore } from '../store.ts';
import { askConsent, codeSources, consentPending, declineConsent, giveConsent, useConsent } from './consent.ts';

const task = (source: string, file = 'a.ts') => ({ name: 'custom', source, file, N_in: 2, N_out: 2 });
const linked = (source: string, stages: (string | null)[] = []) =>
  parseSpec({
    version: SPEC_VERSION,
    task: task(source),
    curriculum: stages.length ? { stages: stages.map((s, k) => (s === null ? { name: 'PerceptualDiscrimination' } : task(s, `stage-${k + 1}.ts`))) } : null,
  });

function open(source: string, stages: (string | null)[] = []) {
  const spec = linked(source, stages);
  useAppStore.getState().openExperiment({ spec, editor: { text: source, file: 'a.ts', savedText: source, open: true, awaitingConsent: true } });
  askConsent();
}

describe('the code a linked experiment would run', () => {
  it('lists each distinct text once, labelled with every place that uses it', () => {
    const spec = linked('A', ['A', null, 'B', 'B']);
    expect(codeSources(spec, { text: 'A', file: 'a.ts', savedText: 'A', open: true }).map((s) => [s.label, s.file, s.text])).toEqual([
      ['The task and curriculum stage 1', 'a.ts', 'A'],
      ['Curriculum stages 3, 4', 'stage-3.ts', 'B'],
    ]);
  });

  it('adds the editor’s text when it is none of the spec’s', () => {
    const sources = codeSources(linked('A'), { text: 'edited', file: 'a.ts', savedText: 'A', open: false });
    expect(sources.map((s) => s.label)).toEqual(['The task', 'The task editor (a.ts)']);
  });
});

describe('consent', () => {
  beforeEach(() => declineConsent());

  it('is given by Run it for the code shown: the flag clears and the dialog closes', () => {
    open('A', ['B']);
    expect(useConsent.getState().shown?.sources.map((s) => s.text)).toEqual(['A', 'B']);
    giveConsent();
    expect(useAppStore.getState().editor?.awaitingConsent).toBeUndefined();
    expect(useConsent.getState().shown).toBeNull();
  });

  it('never carries over to other code opened while the dialog is open: it shows the new code and asks again', () => {
    open('A');
    const first = useConsent.getState().shown!.fingerprint;
    open('EVIL');
    const shown = useConsent.getState().shown!;
    expect(shown.sources.map((s) => s.text)).toEqual(['EVIL']);
    expect(shown.fingerprint).not.toBe(first);
    expect(shown.note).toMatch(/Another link was opened while this dialog was open/);
    expect(useAppStore.getState().editor?.awaitingConsent).toBe(true);
    giveConsent(); // for the code now shown
    expect(useAppStore.getState().editor?.awaitingConsent).toBeUndefined();
  });

  it('refuses Run it when the page holds other code than the dialog showed, and shows that code instead', () => {
    open('A');
    useConsent.setState((s) => ({ shown: s.shown && { ...s.shown, sources: [{ ...s.shown.sources[0], text: 'shown earlier' }] } }));
    giveConsent();
    expect(useAppStore.getState().editor?.awaitingConsent).toBe(true);
    expect(useConsent.getState().shown?.sources.map((s) => s.text)).toEqual(['A']);
    expect(useConsent.getState().shown?.note).toMatch(/changed while this dialog was open/);
  });

  it('Not now closes the dialog and leaves the code waiting', () => {
    open('A');
    declineConsent();
    expect(useConsent.getState().shown).toBeNull();
    expect(useAppStore.getState().editor).toMatchObject({ text: 'A', awaitingConsent: true });
  });
});

describe('what waits for consent', () => {
  const editor = { text: 'A', file: 'a.ts', savedText: 'A', open: false, awaitingConsent: true };
  const builtin = parseSpec({ version: SPEC_VERSION, task: { name: 'PerceptualDiscrimination' } });

  it('holds Train back while the code would run: open as the task, or still in the spec', () => {
    expect(consentPending({ spec: linked('A'), editor })).toBe(true);
    expect(consentPending({ spec: builtin, editor: { ...editor, open: true } })).toBe(true);
    expect(consentPending({ spec: { ...builtin, curriculum: linked('A', ['B']).curriculum }, editor })).toBe(true);
  });

  it('lets a built-in task chosen instead train, the code waiting closed in the editor', () => {
    expect(consentPending({ spec: builtin, editor })).toBe(false);
    expect(consentPending({ spec: linked('A'), editor: { ...editor, awaitingConsent: undefined } })).toBe(false);
  });
});
