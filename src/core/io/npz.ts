/**
 * numpy's NPY and NPZ formats (what `np.save` / `np.savez` write and `np.load` reads), for PsychRNN weight
 * files. Plain Uint8Array / DataView / TextDecoder plus fflate, so it runs in Node, a browser and a worker.
 *
 * NPY: magic `\x93NUMPY`, version (major, minor), header length (u16 LE in v1, u32 LE in v2/v3), a Python-literal
 * header `{'descr': '<f4', 'fortran_order': False, 'shape': (50, 50), }` padded with spaces and a final `\n`
 * to a multiple of 64 bytes, then the raw data.
 * NPZ: a ZIP archive with one member `<key>.npy` per array; `np.savez` stores, `np.savez_compressed` deflates.
 */
import { zipSync } from 'fflate';
import { decodeTrivialPickle } from './npz-pickle.ts';
import { extractMember, readCentralDirectory, ZipError } from './zip.ts';

/** Any corrupt, truncated or unsupported .npy / .npz input; the message names the member and the problem. */
export class NpzError extends Error {
  override name = 'NpzError';
}

/**
 * The dtypes this module reads and writes, as numpy spells them on a little-endian machine. Big-endian input
 * ('>f4', '>i8', …) is converted on read. int64 / uint64 are BigInt64Array / BigUint64Array so they stay exact;
 * bool ('|b1') is a Uint8Array of 0/1.
 */
export type NpyDtype = '<f4' | '<f8' | '|i1' | '<i2' | '<i4' | '<i8' | '|u1' | '<u2' | '<u4' | '<u8' | '|b1';

export type NpyData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array;

/** A numeric array; `data` is always in C (row-major) order — Fortran-ordered input is transposed on read. */
export interface NpyNumericArray {
  dtype: NpyDtype;
  shape: number[];
  data: NpyData;
  fortranOrder?: false;
}

/**
 * An object array (`|O`), whose data is a Python pickle. Only the trivial pickles are decoded: `value` is the
 * element of a 0-d array holding None (null) or a float/int; `globalName` is set when the element is a global
 * such as a pickled function (`math.tanh`). Otherwise both are undefined and only the raw bytes are kept.
 */
export interface NpyPickledArray {
  dtype: '|O';
  shape: number[];
  pickled: Uint8Array;
  value?: null | number;
  globalName?: string;
}

export type NpyArray = NpyNumericArray | NpyPickledArray;

interface TypedArrayConstructor {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): NpyData;
  readonly BYTES_PER_ELEMENT: number;
}

const TYPED_ARRAYS: Record<NpyDtype, TypedArrayConstructor> = {
  '<f4': Float32Array,
  '<f8': Float64Array,
  '|i1': Int8Array,
  '<i2': Int16Array,
  '<i4': Int32Array,
  '<i8': BigInt64Array,
  '|u1': Uint8Array,
  '<u2': Uint16Array,
  '<u4': Uint32Array,
  '<u8': BigUint64Array,
  '|b1': Uint8Array,
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ARRAY_ALIGN = 64;
/** numpy leaves room after the dict so the first axis can grow to 21 digits in place. */
const GROWTH_AXIS_MAX_DIGITS = 21;
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// ---------------------------------------------------------------------------------------------- NPY reading

/** Parses one .npy file (v1, v2 or v3 header). `name` labels error messages. */
export function parseNpy(bytes: Uint8Array, name = 'NPY data'): NpyArray {
  const fail = (what: string) => new NpzError(`${name}: ${what}`);
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw fail(`not an NPY array (bad magic ${hex(bytes.subarray(0, 6))}, expected 93 4e 55 4d 50 59 "\\x93NUMPY")`);
  }
  const major = bytes[6];
  if (major < 1 || major > 3) throw fail(`unsupported NPY format version ${major}.${bytes[7]} (1.0–3.0 are known)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (bytes.length < prefix) throw fail(`truncated in the NPY preamble (${bytes.length} bytes)`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = prefix + headerLength;
  if (dataStart > bytes.length) {
    throw fail(`truncated header: it claims ${headerLength} bytes but only ${bytes.length - prefix} follow`);
  }
  const headerBytes = bytes.subarray(prefix, dataStart);
  const headerText = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(headerBytes);
  const { descr, fortranOrder, shape } = parseHeader(headerText, fail);
  const body = bytes.subarray(dataStart);
  if (descr === '|O') return { dtype: '|O', shape, pickled: new Uint8Array(body), ...decodeTrivialPickle(body) };

  const { dtype, swap } = canonicalDtype(descr, fail);
  const Typed = TYPED_ARRAYS[dtype];
  const count = elementCount(shape, fail);
  const expected = count * Typed.BYTES_PER_ELEMENT;
  if (body.length !== expected) {
    throw fail(
      `header says shape ${shapeText(shape)} of ${descr} (${expected} bytes of data) but ${body.length} bytes follow` +
        (body.length < expected ? ' — the array is truncated' : ''),
    );
  }
  let raw: Uint8Array = new Uint8Array(body); // a copy (Buffer.slice would share memory), aligned at 0
  if (swap) swapBytes(raw, Typed.BYTES_PER_ELEMENT);
  if (fortranOrder && shape.length > 1) raw = fortranToC(raw, shape, Typed.BYTES_PER_ELEMENT);
  return { dtype, shape, data: new Typed(raw.buffer as ArrayBuffer, 0, count) };
}

function parseHeader(text: string, fail: (what: string) => NpzError) {
  const quoted = JSON.stringify(text.trim().slice(0, 200));
  let literal: PyLiteral;
  try {
    literal = parsePyLiteral(text);
  } catch (e) {
    throw fail(`bad header ${quoted}: ${(e as Error).message}`);
  }
  if (typeof literal !== 'object' || literal === null || Array.isArray(literal)) {
    throw fail(`bad header ${quoted}: not a dict`);
  }
  const { descr, fortran_order: fortranOrder, shape } = literal;
  if (typeof descr !== 'string') throw fail(`header 'descr' must be a dtype string, got ${JSON.stringify(descr)}`);
  if (typeof fortranOrder !== 'boolean') throw fail(`header 'fortran_order' must be True or False`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    throw fail(`header 'shape' must be a tuple of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  return { descr, fortranOrder, shape: shape as number[] };
}

/** '>f8' → '<f8' plus a byte swap; '=i4' → '<i4'; 1-byte kinds take numpy's '|'. */
function canonicalDtype(descr: string, fail: (what: string) => NpzError): { dtype: NpyDtype; swap: boolean } {
  const m = /^([<>|=])([fiub])(\d+)$/.exec(descr);
  const size = m ? Number(m[3]) : 0;
  const dtype = m && `${size === 1 ? '|' : '<'}${m[2]}${m[3]}`;
  if (!m || dtype === null || !(dtype in TYPED_ARRAYS)) {
    throw fail(`unsupported dtype ${JSON.stringify(descr)} (supported: ${Object.keys(TYPED_ARRAYS).join(' ')}, '|O')`);
  }
  const fileLittle = m[1] !== '>';
  return { dtype: dtype as NpyDtype, swap: size > 1 && fileLittle !== HOST_LITTLE_ENDIAN };
}

function elementCount(shape: number[], fail: (what: string) => NpzError): number {
  const count = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(count)) throw fail(`shape ${shapeText(shape)} is too large`);
  return count;
}

function swapBytes(raw: Uint8Array, itemSize: number): void {
  for (let i = 0; i < raw.length; i += itemSize) raw.subarray(i, i + itemSize).reverse();
}

/** Element (i0, …, ik) sits at Σ i_k·stride_k with stride_0 = 1, stride_k = stride_{k−1}·shape_{k−1}. */
function fortranToC(raw: Uint8Array, shape: number[], itemSize: number): Uint8Array {
  const out = new Uint8Array(raw.length);
  const strides = shape.map((_, k) => shape.slice(0, k).reduce((a, b) => a * b, 1));
  const index = shape.map(() => 0);
  const count = raw.length / itemSize;
  for (let c = 0; c < count; c++) {
    const f = index.reduce((sum, i, k) => sum + i * strides[k], 0);
    out.set(raw.subarray(f * itemSize, (f + 1) * itemSize), c * itemSize);
    for (let k = shape.length - 1; k >= 0 && ++index[k] === shape[k]; k--) index[k] = 0;
  }
  return out;
}

// ------------------------------------------------------------------------------------- Python literal header

type PyLiteral = string | number | boolean | null | PyLiteral[] | { [key: string]: PyLiteral };

/** The subset of Python literals an NPY header uses: dict, tuple, list, str, int (incl. py2 `50L`), True/False/None. */
function parsePyLiteral(text: string): PyLiteral {
  let pos = 0;
  const space = () => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };
  const expect = (c: string) => {
    space();
    if (text[pos] !== c) throw new Error(`expected '${c}' at ${pos}, found ${text[pos] ?? 'end'}`);
    pos++;
  };
  const sequence = (close: string, item: () => void) => {
    for (space(); text[pos] !== close; space()) {
      item();
      space();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== close) throw new Error(`expected ',' or '${close}' at ${pos}`);
    }
    pos++;
  };
  const value = (): PyLiteral => {
    space();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const dict: { [key: string]: PyLiteral } = {};
      sequence('}', () => {
        const key = value();
        expect(':');
        dict[String(key)] = value();
      });
      return dict;
    }
    if (c === '(' || c === '[') {
      pos++;
      const items: PyLiteral[] = [];
      sequence(c === '(' ? ')' : ']', () => items.push(value()));
      return items;
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, pos + 1);
      if (end < 0) throw new Error(`unterminated string at ${pos}`);
      const s = text.slice(pos + 1, end);
      pos = end + 1;
      return s;
    }
    const word = /^(-?\d+)L?|^(True|False|None)/.exec(text.slice(pos));
    if (!word) throw new Error(`unexpected ${JSON.stringify(text.slice(pos, pos + 10))} at ${pos}`);
    pos += word[0].length;
    if (word[1] !== undefined) return Number(word[1]);
    return word[2] === 'None' ? null : word[2] === 'True';
  };
  const result = value();
  space();
  if (pos !== text.length) throw new Error(`trailing text at ${pos}`);
  return result;
}

// ---------------------------------------------------------------------------------------------- NPY writing

/** Writes NPY v1.0 byte for byte as numpy does (header sorted by key, growth room, 64-byte alignment). */
export function writeNpy(array: NpyArray): Uint8Array {
  const body = array.dtype === '|O' ? array.pickled : numericBody(array);
  const shape = array.shape;
  const shapeRepr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${array.dtype}', 'fortran_order': False, 'shape': ${shapeRepr}, }`;
  if (shape.length > 0) header += ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length);
  const unpadded = header.length + 1; // + '\n'
  const pad = ARRAY_ALIGN - ((MAGIC.length + 2 + 2 + unpadded) % ARRAY_ALIGN);
  const headerLength = unpadded + pad;
  if (headerLength > 0xffff) throw new NpzError(`NPY header of ${headerLength} bytes is too long for format 1.0`);
  const out = new Uint8Array(10 + headerLength + body.length);
  out.set([...MAGIC, 1, 0, headerLength & 0xff, headerLength >> 8]);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.fill(0x20, 10 + header.length, 10 + headerLength - 1);
  out[10 + headerLength - 1] = 0x0a;
  out.set(body, 10 + headerLength);
  return out;
}

function numericBody(array: NpyNumericArray): Uint8Array {
  const fail = (what: string) => new NpzError(`cannot write array of dtype ${JSON.stringify(array.dtype)}: ${what}`);
  const Typed = TYPED_ARRAYS[array.dtype];
  if (!Typed) throw fail(`unsupported dtype (supported: ${Object.keys(TYPED_ARRAYS).join(' ')}, '|O')`);
  if (!(array.data instanceof Typed)) throw fail(`data is a ${array.data?.constructor?.name}, expected ${Typed.name}`);
  if (!array.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw fail(`bad shape ${shapeText(array.shape)}`);
  const count = elementCount(array.shape, fail);
  if (array.data.length !== count) {
    throw fail(`${array.data.length} values do not fill shape ${shapeText(array.shape)}`);
  }
  const bytes = new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength).slice();
  if (!HOST_LITTLE_ENDIAN) swapBytes(bytes, Typed.BYTES_PER_ELEMENT);
  return bytes;
}

// ------------------------------------------------------------------------------------------------ NPZ (zip)

/**
 * Reads every `<key>.npy` member of an .npz (stored or deflated, zip64 records tolerated, CRC-32 checked).
 * Member `W_in/Adam.npy` becomes key `W_in/Adam`. Members not ending in `.npy` (directories) are skipped.
 */
export function readNpz(bytes: Uint8Array): Map<string, NpyArray> {
  if (MAGIC.every((b, i) => bytes[i] === b)) {
    throw new NpzError('not an .npz: this is a single .npy array (use parseNpy)');
  }
  const arrays = new Map<string, NpyArray>();
  for (const entry of zipCall(() => readCentralDirectory(bytes))) {
    if (!entry.name.endsWith('.npy')) continue;
    const member = zipCall(() => extractMember(bytes, entry));
    arrays.set(entry.name.slice(0, -4), parseNpy(member, `npz member '${entry.name}'`));
  }
  return arrays;
}

function zipCall<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ZipError) throw new NpzError(`invalid .npz: ${e.message}`);
    throw e;
  }
}

/** An uncompressed (ZIP_STORED) archive like `np.savez`; members are written in insertion order. */
export function writeNpz(entries: Map<string, NpyArray> | Record<string, NpyArray>): Uint8Array {
  const pairs = entries instanceof Map ? [...entries] : Object.entries(entries);
  const mtime = new Date(1980, 0, 1); // a fixed DOS timestamp keeps the output reproducible
  const files: Record<string, [Uint8Array, { level: 0; mtime: Date }]> = {};
  for (const [key, array] of pairs) files[`${key}.npy`] = [writeNpy(array), { level: 0, mtime }];
  return zipSync(files);
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ') || '(empty)';
}

function shapeText(shape: number[]): string {
  return `[${shape.join(', ')}]`;
}
