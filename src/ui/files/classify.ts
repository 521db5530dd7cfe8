/**
 * What a file given to the page is — by its content first, its name second — for the Open-file button and a drop
 * alike. Only the first bytes are looked at, so a file is refused (or its size checked against what its kind
 * allows) before it is read whole:
 * - a zip archive (`PK\x03\x04`, or `PK\x05\x06` for an empty one) is a weights .npz (np.savez writes a zip);
 * - text starting with `{` is an experiment spec (JSON), as is any file named .json (the spec's parser then says
 *   what is wrong with it);
 * - a file named .ts is a task definition;
 * - anything else is refused, naming what it looks like and what is accepted.
 */

export type FileKind = 'npz' | 'spec' | 'task';

export type Classified = { kind: FileKind; limitBytes: number } | { kind: 'refused'; message: string };

/** How many leading bytes `classifyFile` needs. */
export const HEAD_BYTES = 16;

/**
 * The largest file of each kind the page reads. A weights file of N_rec 1,500 with its Adam slots and starting
 * weights is about 60 MB; a spec with painted N_rec 1,000 masks is a few MB; a task is one definition of a few kB
 * (the task editor refuses more than 1 MB).
 */
export const MAX_BYTES: Record<FileKind, number> = { npz: 128_000_000, spec: 16_000_000, task: 1_000_000 };

export const ACCEPTED = 'a weights .npz (PsychRNN’s or CogRNN’s), an experiment spec .json or a task .ts file';

/** Formats that are plainly something else, recognised by their magic bytes. */
const KNOWN_OTHERS: [number[], string][] = [
  [[0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59], 'a single NumPy array (.npy), not an .npz archive of arrays (np.savez writes one)'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x80], 'a Python pickle (PsychRNN saves weights with np.savez, as an .npz)'],
];

const startsWith = (head: Uint8Array, magic: number[]) => magic.every((b, i) => head[i] === b);

/** The name's extension, lower case, with its dot ('' when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/** The first character that is not white space or a UTF-8 byte-order mark, or '' when there is none in `head`. */
function firstChar(head: Uint8Array): string {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && [0x20, 0x09, 0x0a, 0x0d].includes(head[i])) i++;
  return i < head.length ? String.fromCharCode(head[i]) : '';
}

const refused = (message: string): Classified => ({ kind: 'refused', message });
const kind = (k: FileKind): Classified => ({ kind: k, limitBytes: MAX_BYTES[k] });

/** What the file named `name` is, from its first `HEAD_BYTES` bytes `head`. */
export function classifyFile(name: string, head: Uint8Array): Classified {
  const extension = extensionOf(name);
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return kind('npz');
  const other = KNOWN_OTHERS.find(([magic]) => startsWith(head, magic));
  if (other) return refused(`${name} is ${other[1]}; the page opens ${ACCEPTED}`);
  if (firstChar(head) === '{' || extension === '.json') return kind('spec');
  if (extension === '.ts') return kind('task');
  if (head.length === 0) return refused(`${name} is empty; the page opens ${ACCEPTED}`);
  if (extension === '.npz') {
    const bytes = [...head.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    return refused(`${name} is not a zip archive (an .npz is one, starting with the bytes 50 4b 03 04); it starts with ${bytes}`);
  }
  return refused(`${name} is not a file the page opens; it opens ${ACCEPTED}`);
}

/** The sentence refusing a file larger than its kind allows. */
export function tooLarge(name: string, kindOf: FileKind, size: number, limit: number): string {
  const what = { npz: 'a weights file', spec: 'an experiment spec', task: 'a task file' }[kindOf];
  return `${name} is ${size.toLocaleString('en')} bytes; ${what} may be at most ${limit / 1e6} MB (${limit.toLocaleString('en')} bytes)`;
}
