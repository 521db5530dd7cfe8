/**
 * The spec's 0/1 masks (connectivity and fixed-weight masks, the perturbation's cut connections: spec.ts `bitMatrix` /
 * `bitVector`) bit-packed for a
 * share link: each mask is replaced in the JSON by `{ "$bits": [rows, cols] }` (a vector: `[length]`) and its cells
 * go, row-major, eight to a byte (most significant bit first, each mask starting on a byte), into one block after
 * the JSON. A 256 × 256 recurrent mask is 8 kB instead of 128 kB of "0, 1, …". A value at a mask's place that is not
 * a well-formed 0/1 mask (null, a ragged matrix) stays in the JSON as it is, so the spec check still sees it.
 */

/** Where the masks sit in a spec, in the order their bits are stored. */
const MATRIX_KEYS = ['input_connectivity', 'rec_connectivity', 'output_connectivity'] as const;
const FIXED_MATRIX_KEYS = ['W_in', 'W_rec', 'W_out', 'init_state'] as const;
const FIXED_VECTOR_KEYS = ['b_rec', 'b_out'] as const;

/** The marker a packed mask leaves in the JSON. */
const MARK = '$bits';

type Json = Record<string, unknown>;

interface MaskPlace {
  holder: Json;
  key: string;
  vector: boolean;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The places a mask may sit in `spec` (a copy the caller may change), whether or not one is there. The perturbation's
 * come last, so the links written before it existed read the same.
 */
function maskPlaces(spec: unknown): MaskPlace[] {
  if (!isObject(spec)) return [];
  const constraints = isObject(spec.model) ? spec.model.constraints : undefined;
  const places: MaskPlace[] = [];
  if (isObject(constraints)) {
    places.push(...MATRIX_KEYS.map((key) => ({ holder: constraints, key, vector: false })));
    const fixed = constraints.fixed_weights;
    if (isObject(fixed)) {
      for (const key of FIXED_MATRIX_KEYS) places.push({ holder: fixed, key, vector: false });
      for (const key of FIXED_VECTOR_KEYS) places.push({ holder: fixed, key, vector: true });
    }
  }
  if (isObject(spec.perturbation)) places.push({ holder: spec.perturbation, key: 'cut_connections', vector: false });
  return places;
}

const isBits = (row: unknown): row is number[] => Array.isArray(row) && row.every((v) => v === 0 || v === 1);

/** The mask's cells row-major with its shape, or null when `value` is not a non-empty rectangular 0/1 mask. */
function cellsOf(value: unknown, vector: boolean): { shape: number[]; cells: number[] } | null {
  if (vector) return isBits(value) && value.length > 0 ? { shape: [value.length], cells: value } : null;
  if (!Array.isArray(value) || value.length === 0 || !value.every(isBits)) return null;
  const cols = (value[0] as number[]).length;
  if (cols === 0 || !value.every((row: number[]) => row.length === cols)) return null;
  return { shape: [value.length, cols], cells: (value as number[][]).flat() };
}

/** A JSON copy of `spec` with its masks replaced by markers, their bits, and how many entries they have. */
export function packMasks(spec: unknown): { json: unknown; bits: Uint8Array; cells: number } {
  const json: unknown = spec === undefined ? undefined : JSON.parse(JSON.stringify(spec));
  const packed: Uint8Array[] = [];
  let cells = 0;
  for (const { holder, key, vector } of maskPlaces(json)) {
    const mask = cellsOf(holder[key], vector);
    if (!mask) continue;
    const bytes = new Uint8Array(Math.ceil(mask.cells.length / 8));
    mask.cells.forEach((cell, i) => (bytes[i >> 3] |= cell << (7 - (i & 7))));
    packed.push(bytes);
    cells += mask.cells.length;
    holder[key] = { [MARK]: mask.shape };
  }
  const bits = new Uint8Array(packed.reduce((n, b) => n + b.length, 0));
  packed.reduce((at, b) => (bits.set(b, at), at + b.length), 0);
  return { json, bits, cells };
}

/** The shapes of the masks `json` marks, in storage order (for the size limit, before any is unpacked). */
export function markedMasks(json: unknown): { key: string; cells: number }[] | string {
  const found: { key: string; cells: number }[] = [];
  for (const { holder, key, vector } of maskPlaces(json)) {
    const mark = isObject(holder[key]) ? (holder[key] as Json)[MARK] : undefined;
    if (mark === undefined) continue;
    const sizes = Array.isArray(mark) ? mark : [];
    if (sizes.length !== (vector ? 1 : 2) || !sizes.every((n) => Number.isSafeInteger(n) && n > 0)) {
      return `its mask ${key} has no readable shape (${JSON.stringify(mark)})`;
    }
    found.push({ key, cells: sizes.reduce((a: number, b: number) => a * b, 1) });
  }
  return found;
}

/** `json` (changed in place) with its marked masks filled from `bits`; or why they do not fit. */
export function unpackMasks(json: unknown, bits: Uint8Array): string | null {
  let at = 0;
  for (const { holder, key, vector } of maskPlaces(json)) {
    const mark = isObject(holder[key]) ? (holder[key] as Json)[MARK] : undefined;
    if (mark === undefined) continue;
    const [rows, cols] = vector ? [1, (mark as number[])[0]] : (mark as [number, number]);
    const bytes = Math.ceil((rows * cols) / 8);
    if (at + bytes > bits.length) return `its mask ${key} needs ${bytes} bytes of bits but only ${bits.length - at} remain`;
    const bit = (i: number) => (bits[at + (i >> 3)] >> (7 - (i & 7))) & 1;
    const matrix = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => bit(r * cols + c)));
    holder[key] = vector ? matrix[0] : matrix;
    at += bytes;
  }
  const left = bits.length - at;
  return left === 0 ? null : `${left} byte${left === 1 ? '' : 's'} of mask bits belong${left === 1 ? 's' : ''} to no mask`;
}
