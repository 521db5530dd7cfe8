/**
 * Just enough of Python's pickle to read what `np.save` writes for a 0-d object array such as PsychRNN's
 * `dale_ratio` (None or a float) or `transfer_function` (a function, pickled as a reference to its global name).
 *
 * numpy pickles the whole array: `_reconstruct(ndarray, (0,), b'b')` then BUILD with the state
 * `(1, shape, dtype, is_fortran, [element, ...])`. The decoder runs the pickle machine over a safe subset of
 * opcodes (protocols 0–5) that builds plain values and never imports or calls anything; any other opcode,
 * or any malformed input, means "not decoded" — never an exception.
 */

/** A global reference `module.name`, e.g. `math.tanh` or `numpy._core.multiarray._reconstruct`. */
interface PyGlobal {
  global: string;
}
/** `callee(*args)` (REDUCE / NEWOBJ), with the state BUILD attached. */
interface PyCall {
  callee: Py;
  args: Py;
  state?: Py;
}
/** Lists and tuples are both JS arrays; dicts keep their pairs. */
type Py = null | boolean | number | string | Uint8Array | Py[] | PyGlobal | PyCall | { dict: [Py, Py][] };

export interface DecodedPickle {
  /** The element when it is None or a Python float / int. */
  value?: null | number;
  /** The element's dotted name when it is a global reference (a pickled function such as `math.tanh`). */
  globalName?: string;
}

class NotDecodable extends Error {}

const MARK = Symbol('mark');

/** Decodes a numpy 0-d object array pickle (or a bare pickled None/float) to its element; `{}` when it cannot. */
export function decodeTrivialPickle(bytes: Uint8Array): DecodedPickle {
  let top: Py;
  try {
    top = runPickle(bytes);
  } catch {
    return {}; // NotDecodable, or a malformed string or length in a pickle we were never going to decode
  }
  const element = numpyScalarElement(top);
  if (element === null || typeof element === 'number') return { value: element };
  if (isGlobal(element)) return { globalName: element.global };
  return {};
}

function isGlobal(v: unknown): v is PyGlobal {
  return typeof v === 'object' && v !== null && 'global' in v;
}

/** The single element of a reconstructed 0-d object ndarray, or the value itself when it was pickled bare. */
function numpyScalarElement(top: Py): Py | undefined {
  if (top === null || typeof top === 'number' || isGlobal(top)) return top;
  if (typeof top !== 'object' || !('callee' in top) || !isGlobal(top.callee)) return undefined;
  if (!top.callee.global.endsWith('multiarray._reconstruct')) return undefined;
  const state = top.state;
  if (!Array.isArray(state) || state.length !== 5) return undefined;
  const [, shape, , , items] = state;
  if (!Array.isArray(shape) || shape.length !== 0 || !Array.isArray(items) || items.length !== 1) return undefined;
  return items[0];
}

function pairs(flat: Py[]): [Py, Py][] {
  const out: [Py, Py][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

function runPickle(bytes: Uint8Array): Py {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const latin1 = (b: Uint8Array) => String.fromCharCode(...b);
  const utf8 = (b: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(b);
  let pos = 0;
  const stack: (Py | typeof MARK)[] = [];
  const memo = new Map<number, Py>();

  const take = (n: number): Uint8Array => {
    if (n < 0 || pos + n > bytes.length) throw new NotDecodable('truncated');
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const u8 = () => take(1)[0];
  const u16 = () => view.getUint16(take(2).byteOffset - bytes.byteOffset, true);
  const u32 = () => view.getUint32(take(4).byteOffset - bytes.byteOffset, true);
  const i32 = () => view.getInt32(take(4).byteOffset - bytes.byteOffset, true);
  const u64 = () => u32() + u32() * 2 ** 32;
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) throw new NotDecodable('unterminated line');
    return latin1(take(end - pos + 1).subarray(0, -1));
  };
  const textInt = (s: string): number | boolean => {
    if (s === '00') return false;
    if (s === '01') return true;
    const n = Number(s.replace(/L$/, ''));
    if (!Number.isFinite(n)) throw new NotDecodable('bad int');
    return n;
  };
  const pop = (): Py => {
    const v = stack.pop();
    if (v === undefined || v === MARK) throw new NotDecodable('stack underflow');
    return v;
  };
  const peek = (): Py => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) throw new NotDecodable('empty stack');
    return v;
  };
  const popMark = (): Py[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) throw new NotDecodable('no mark');
    const items = stack.splice(at) as Py[];
    return items.slice(1);
  };
  const list = (): Py[] => {
    const l = peek();
    if (!Array.isArray(l)) throw new NotDecodable('append to a non-list');
    return l;
  };
  const dict = (): [Py, Py][] => {
    const d = peek();
    if (typeof d !== 'object' || d === null || !('dict' in d)) throw new NotDecodable('setitem on a non-dict');
    return d.dict;
  };
  const call = (): PyCall => {
    const c = peek();
    if (typeof c !== 'object' || c === null || !('callee' in c)) throw new NotDecodable('BUILD on a non-object');
    return c;
  };
  const fromMemo = (key: number): Py => {
    if (!memo.has(key)) throw new NotDecodable('memo miss');
    return memo.get(key) as Py;
  };
  const littleSigned = (b: Uint8Array): number => {
    let n = 0;
    for (let i = b.length - 1; i >= 0; i--) n = n * 256 + b[i];
    return b.length > 0 && b[b.length - 1] & 0x80 ? n - 2 ** (8 * b.length) : n;
  };

  for (;;) {
    const op = String.fromCharCode(u8());
    switch (op) {
      case '\x80': u8(); break; // PROTO
      case '\x95': take(8); break; // FRAME
      case '.': return pop(); // STOP
      case '(': stack.push(MARK); break;
      case '0': pop(); break;
      case '1': popMark(); break;
      case '2': stack.push(peek()); break;
      case 'N': stack.push(null); break;
      case '\x88': stack.push(true); break;
      case '\x89': stack.push(false); break;
      case 'I': stack.push(textInt(line())); break;
      case 'L': stack.push(textInt(line())); break;
      case 'F': stack.push(Number(line())); break;
      case 'K': stack.push(u8()); break;
      case 'M': stack.push(u16()); break;
      case 'J': stack.push(i32()); break;
      case '\x8a': stack.push(littleSigned(take(u8()))); break; // LONG1
      case 'G': stack.push(view.getFloat64(take(8).byteOffset - bytes.byteOffset, false)); break;
      case 'S': stack.push(line().replace(/^(['"])(.*)\1$/, '$2')); break;
      case 'V': stack.push(line()); break;
      case 'T': stack.push(latin1(take(i32()))); break;
      case 'U': stack.push(latin1(take(u8()))); break;
      case 'X': stack.push(utf8(take(u32()))); break;
      case '\x8c': stack.push(utf8(take(u8()))); break;
      case '\x8d': stack.push(utf8(take(u64()))); break;
      case 'C': stack.push(new Uint8Array(take(u8()))); break;
      case 'B': stack.push(new Uint8Array(take(u32()))); break;
      case '\x8e': stack.push(new Uint8Array(take(u64()))); break;
      case ')': stack.push([]); break;
      case ']': stack.push([]); break;
      case '}': stack.push({ dict: [] }); break;
      case '\x85': stack.push([pop()]); break;
      case '\x86': { const b = pop(); stack.push([pop(), b]); break; }
      case '\x87': { const c = pop(); const b = pop(); stack.push([pop(), b, c]); break; }
      case 't': case 'l': stack.push(popMark()); break;
      case 'd': stack.push({ dict: pairs(popMark()) }); break;
      case 'a': { const v = pop(); list().push(v); break; }
      case 'e': { const vs = popMark(); list().push(...vs); break; }
      case 's': { const v = pop(); const k = pop(); dict().push([k, v]); break; }
      case 'u': { const kv = pairs(popMark()); dict().push(...kv); break; }
      case 'c': { const module = line(); stack.push({ global: `${module}.${line()}` }); break; }
      case '\x93': { const name = pop(); stack.push({ global: `${String(pop())}.${String(name)}` }); break; }
      case 'R': case '\x81': { const args = pop(); stack.push({ callee: pop(), args }); break; }
      case 'b': { const state = pop(); call().state = state; break; }
      case 'p': memo.set(Number(line()), peek()); break;
      case 'q': memo.set(u8(), peek()); break;
      case 'r': memo.set(u32(), peek()); break;
      case '\x94': memo.set(memo.size, peek()); break;
      case 'g': stack.push(fromMemo(Number(line()))); break;
      case 'h': stack.push(fromMemo(u8())); break;
      case 'j': stack.push(fromMemo(u32())); break;
      default: throw new NotDecodable(`opcode 0x${op.charCodeAt(0).toString(16)} not supported`);
    }
  }
}
