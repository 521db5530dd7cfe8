import { describe, expect, it } from 'vitest';
import { saveWeightsNpz } from '../../core/io/weights-file.ts';
import { writeNpy } from '../../core/io/npz.ts';
import { tinyRawWeights } from '../../core/testing/tiny.ts';
import { ACCEPTED, classifyFile, HEAD_BYTES, MAX_BYTES, tooLarge } from './classify.ts';

const text = (s: string) => new TextEncoder().encode(s).subarray(0, HEAD_BYTES);
const head = (bytes: number[] | Uint8Array) => Uint8Array.from(bytes).subarray(0, HEAD_BYTES);

describe('classifyFile', () => {
  it('a zip is a weights file, whatever its name', () => {
    const npz = head(saveWeightsNpz(tinyRawWeights({})));
    expect(classifyFile('weights.npz', npz)).toEqual({ kind: 'npz', limitBytes: MAX_BYTES.npz });
    expect(classifyFile('weights (1).bin', npz)).toMatchObject({ kind: 'npz' });
    expect(classifyFile('empty.npz', head([0x50, 0x4b, 0x05, 0x06, 0, 0]))).toMatchObject({ kind: 'npz' });
  });

  it('JSON text is a spec by its content; a .json file is one by its name, so its parser says what is wrong', () => {
    expect(classifyFile('experiment.txt', text('  {"version": 2'))).toEqual({ kind: 'spec', limitBytes: MAX_BYTES.spec });
    expect(classifyFile('bom.json', head([0xef, 0xbb, 0xbf, 0x7b]))).toMatchObject({ kind: 'spec' });
    expect(classifyFile('broken.json', text('version: 2'))).toMatchObject({ kind: 'spec' });
    expect(classifyFile('empty.json', text(''))).toMatchObject({ kind: 'spec' });
  });

  it('a .ts file is a task; JSON content wins over the name', () => {
    expect(classifyFile('my-task.ts', text("import { defineTask } from 'cogrnn';"))).toEqual({ kind: 'task', limitBytes: MAX_BYTES.task });
    expect(classifyFile('odd.ts', text('{"version": 2}'))).toMatchObject({ kind: 'spec' });
  });

  it('refuses other formats by their magic bytes, naming what they are and what is accepted', () => {
    const png = classifyFile('loss.png', head([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png).toEqual({ kind: 'refused', message: `loss.png is a PNG image; the page opens ${ACCEPTED}` });
    const npy = writeNpy({ dtype: '<f4', shape: [2], data: Float32Array.of(1, 2) });
    expect(classifyFile('W_rec.npz', head(npy))).toMatchObject({ kind: 'refused', message: expect.stringContaining('a single NumPy array (.npy)') });
    // a PNG renamed .json is still a PNG
    expect(classifyFile('spec.json', head([0x89, 0x50, 0x4e, 0x47]))).toMatchObject({ kind: 'refused', message: expect.stringContaining('PNG image') });
  });

  it('an .npz that is not a zip says so, with the bytes it starts with', () => {
    const result = classifyFile('weights.npz', text('hello world'));
    expect(result).toEqual({
      kind: 'refused',
      message: 'weights.npz is not a zip archive (an .npz is one, starting with the bytes 50 4b 03 04); it starts with 68 65 6c 6c',
    });
  });

  it('refuses empty files and unknown text files, listing what the page opens', () => {
    expect(classifyFile('notes.txt', text('hello'))).toEqual({ kind: 'refused', message: `notes.txt is not a file the page opens; it opens ${ACCEPTED}` });
    expect(classifyFile('nothing', text(''))).toMatchObject({ kind: 'refused', message: expect.stringContaining('nothing is empty') });
  });

  it('names the limit of the kind a file is too large for', () => {
    expect(tooLarge('big.json', 'spec', MAX_BYTES.spec + 1, MAX_BYTES.spec)).toBe(
      'big.json is 16,000,001 bytes; an experiment spec may be at most 16 MB (16,000,000 bytes)',
    );
  });
});
