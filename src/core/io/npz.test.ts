import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { NpzError, parseNpy, readNpz, writeNpy, writeNpz, type NpyArray, type NpyNumericArray } from './npz.ts';
import { FIXTURE_SKIP_REASON, FIXTURE_WEIGHTS } from '../testing/shared.ts';
import { HAS_NUMPY, NUMPY_SKIP_REASON, runPython } from '../testing/python.ts';

const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);
const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));

/** An NPY file with a hand-written header (no padding rules), for headers numpy itself would not write. */
function npy(header: string, body: Uint8Array, major = 1): Uint8Array {
  const head = new TextEncoder().encode(`${header}\n`);
  const prefix = major === 1 ? 10 : 12;
  const out = new Uint8Array(prefix + head.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, head.length, true);
  else view.setUint32(8, head.length, true);
  out.set(head, prefix);
  out.set(body, prefix + head.length);
  return out;
}

/** One small array of every supported dtype. */
function everyDtype(): Record<string, NpyNumericArray> {
  return {
    f4: { dtype: '<f4', shape: [2, 3], data: Float32Array.of(1.5, -2, 0, 3.25, 1e-7, -1e30) },
    f8: { dtype: '<f8', shape: [3], data: Float64Array.of(Math.PI, -0.1, 1e300) },
    i1: { dtype: '|i1', shape: [2], data: Int8Array.of(-128, 127) },
    i2: { dtype: '<i2', shape: [2], data: Int16Array.of(-32768, 300) },
    i4: { dtype: '<i4', shape: [2, 1], data: Int32Array.of(-5, 2147483647) },
    i8: { dtype: '<i8', shape: [2], data: BigInt64Array.of(-(2n ** 62n), 123456789012345n) },
    u1: { dtype: '|u1', shape: [3], data: Uint8Array.of(0, 128, 255) },
    u2: { dtype: '<u2', shape: [1], data: Uint16Array.of(65535) },
    u4: { dtype: '<u4', shape: [1], data: Uint32Array.of(4294967295) },
    u8: { dtype: '<u8', shape: [1], data: BigUint64Array.of(2n ** 64n - 1n) },
    b1: { dtype: '|b1', shape: [2, 2], data: Uint8Array.of(1, 0, 0, 1) },
    scalar: { dtype: '<f8', shape: [], data: Float64Array.of(0.8) },
    empty: { dtype: '<f4', shape: [0, 4], data: new Float32Array(0) },
  };
}

/** Deterministic noise (xorshift32), so a failing corrupt-input case can be replayed. */
function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}

describe('writeNpy', () => {
  it('writes the NPY v1.0 header byte for byte as numpy does', () => {
    const square = writeNpy({ dtype: '<f4', shape: [50, 50], data: new Float32Array(2500) });
    expect(text(square.subarray(0, 10))).toBe('\x93NUMPY\x01\x00v\x00'); // header length 118
    expect(text(square.subarray(10, 128))).toBe(
      `{'descr': '<f4', 'fortran_order': False, 'shape': (50, 50), }${' '.repeat(56)}\n`,
    );
    expect(square.length).toBe(128 + 2500 * 4);

    const scalar = writeNpy({ dtype: '<f8', shape: [], data: Float64Array.of(0.5) });
    expect(text(scalar.subarray(10, 128))).toBe(`{'descr': '<f8', 'fortran_order': False, 'shape': (), }${' '.repeat(62)}\n`);
    expect([...scalar.subarray(128)]).toEqual([...fromHex('000000000000e03f')]);

    const vector = writeNpy({ dtype: '<f4', shape: [3], data: new Float32Array(3) });
    expect(text(vector.subarray(10, 128))).toBe(`{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }${' '.repeat(60)}\n`);
  });

  it('aligns the data at a multiple of 64 bytes for every shape', () => {
    for (const shape of [[], [1], [7, 3], [123456, 0], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0]]) {
      const bytes = writeNpy({ dtype: '|u1', shape, data: new Uint8Array(shape.reduce((a, b) => a * b, 1)) });
      const headerLength = bytes[8] + 256 * bytes[9];
      expect((10 + headerLength) % 64).toBe(0);
      expect(bytes[10 + headerLength - 1]).toBe(0x0a);
    }
  });

  it('refuses data that does not match its dtype or shape', () => {
    expect(() => writeNpy({ dtype: '<f4', shape: [3], data: new Float32Array(2) })).toThrow(/2 values do not fill shape \[3\]/);
    expect(() => writeNpy({ dtype: '<f4', shape: [2], data: new Float64Array(2) })).toThrow(/Float64Array, expected Float32Array/);
    expect(() => writeNpy({ dtype: '<c8' as '<f4', shape: [1], data: new Float32Array(1) })).toThrow(NpzError);
  });
});

describe('parseNpy', () => {
  it('round-trips every dtype', () => {
    for (const [name, array] of Object.entries(everyDtype())) {
      const back = parseNpy(writeNpy(array), name) as NpyNumericArray;
      expect(back.dtype, name).toBe(array.dtype);
      expect(back.shape, name).toEqual(array.shape);
      expect(back.data.constructor, name).toBe(array.data.constructor);
      expect([...back.data], name).toEqual([...array.data]);
    }
  });

  it('reads v2 and v3 headers, Python 2 long shapes and big-endian data', () => {
    const le = new Uint8Array(Float32Array.of(1.5, -2).buffer);
    expect(parseNpy(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", le, 2))).toMatchObject({
      dtype: '<f4',
      shape: [2],
      data: Float32Array.of(1.5, -2),
    });
    expect(parseNpy(npy(`{"descr": "<f4", "fortran_order": False, "shape": (1L, 2L)}`, le, 3)).shape).toEqual([1, 2]);
    const be = (bytes: number[]) => Uint8Array.from(bytes);
    expect(parseNpy(npy("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", be([0x3f, 0xc0, 0, 0])))).toMatchObject({
      dtype: '<f4',
      data: Float32Array.of(1.5),
    });
    const f8 = parseNpy(npy("{'descr': '>f8', 'fortran_order': False, 'shape': (), }", fromHex('3fe0000000000000')));
    expect(f8).toMatchObject({ dtype: '<f8', shape: [], data: Float64Array.of(0.5) });
    const i8 = parseNpy(npy("{'descr': '>i8', 'shape': (1,), 'fortran_order': False}", fromHex('fffffffffffffffe')));
    expect(i8).toMatchObject({ dtype: '<i8', data: BigInt64Array.of(-2n) });
  });

  it('transposes Fortran-ordered data to C order', () => {
    // numpy's [[0, 1, 2], [3, 4, 5]] in Fortran order is stored column by column: 0 3 1 4 2 5
    const body = new Uint8Array(Int32Array.of(0, 3, 1, 4, 2, 5).buffer);
    const m = parseNpy(npy("{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }", body)) as NpyNumericArray;
    expect([...m.data]).toEqual([0, 1, 2, 3, 4, 5]);
    // a [2, 3, 4] array a[i, j, k] = 100 i + 10 j + k, stored with i fastest
    const fortran: number[] = [];
    for (let k = 0; k < 4; k++) for (let j = 0; j < 3; j++) for (let i = 0; i < 2; i++) fortran.push(100 * i + 10 * j + k);
    const cube = parseNpy(
      npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3, 4), }", new Uint8Array(Float64Array.from(fortran).buffer)),
    ) as NpyNumericArray;
    const c: number[] = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) c.push(100 * i + 10 * j + k);
    expect([...cube.data]).toEqual(c);
  });

  describe('pickled object arrays', () => {
    const header = "{'descr': '|O', 'fortran_order': False, 'shape': (), }";
    // PsychRNN's dale_ratio: numpy 1.x's pickle (protocol 3) of np.array(None, dtype=object)
    const none3 =
      '8003636e756d70792e636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7100636e756d70790a6e6461727261790a71' +
      '014b008571024301627103877104527105284b0129636e756d70790a64747970650a710658020000004f3871074b004b0187710852710928' +
      '4b0358010000007c710a4e4e4e4affffffff4affffffff4b3f74710b62895d710c4e6174710d622e';
    // pickle.dumps(np.array(0.8, dtype=object), protocol=0): the text protocol
    const float0 =
      '636e756d70792e5f636f72652e6d756c746961727261790a5f7265636f6e7374727563740a70300a28636e756d70790a6e6461727261790a70' +
      '310a2849300a7470320a635f636f646563730a656e636f64650a70330a2856620a70340a566c6174696e310a70350a7470360a5270370a7470' +
      '380a5270390a2849310a2874636e756d70790a64747970650a7031300a28564f380a7031310a4930300a4930310a747031320a527031330a28' +
      '49330a567c0a7031340a4e4e4e492d310a492d310a4936330a747031350a624930300a286c7031360a46302e380a61747031370a622e';

    it('decodes a pickled None (protocol 3) and a pickled float (protocol 0)', () => {
      expect(parseNpy(npy(header, fromHex(none3)))).toMatchObject({ dtype: '|O', shape: [], value: null });
      expect(parseNpy(npy(header, fromHex(float0)))).toMatchObject({ dtype: '|O', value: 0.8 });
    });

    it('keeps the raw bytes of anything else, with no value, and writes them back unchanged', () => {
      const unknown = Uint8Array.of(0x80, 0x04, 0x7d, 0x94, 0x2e); // {} (an empty dict)
      const array = parseNpy(npy(header, unknown));
      expect(array).toMatchObject({ dtype: '|O', pickled: unknown });
      expect(array).not.toHaveProperty('value');
      expect(parseNpy(npy(header, Uint8Array.of(0xff, 0x00)))).not.toHaveProperty('value'); // not a pickle at all
      expect(parseNpy(writeNpy(array))).toMatchObject({ dtype: '|O', shape: [], pickled: unknown });
    });
  });

  describe('rejects corrupt input with an NpzError naming the problem', () => {
    const good = writeNpy({ dtype: '<f4', shape: [4], data: Float32Array.of(1, 2, 3, 4) });
    const cases: [string, Uint8Array, RegExp][] = [
      ['bad magic', Uint8Array.of(0x50, 0x4b, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8), /bad magic 50 4b 03 04/],
      ['empty input', new Uint8Array(0), /bad magic \(empty\)/],
      ['unknown version', Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 9, 0, 0, 0), /version 9\.0/],
      ['header longer than the file', good.subarray(0, 60), /truncated header/],
      [
        'data shorter than the shape',
        npy("{'descr': '<f4', 'fortran_order': False, 'shape': (100,), }", new Uint8Array(8)),
        /shape \[100\] of <f4 \(400 bytes of data\) but 8 bytes follow — the array is truncated/,
      ],
      [
        'data longer than the shape',
        npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8)),
        /4 bytes of data\) but 8 bytes follow/,
      ],
      [
        'unsupported dtype',
        npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(16)),
        /unsupported dtype "<c16"/,
      ],
      [
        'structured dtype',
        npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", new Uint8Array(4)),
        /'descr' must be a dtype string/,
      ],
      [
        'negative dimension',
        npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", new Uint8Array(4)),
        /'shape' must be a tuple of non-negative integers/,
      ],
      [
        'missing key',
        npy("{'descr': '<f4', 'shape': (1,), }", new Uint8Array(4)),
        /'fortran_order' must be True or False/,
      ],
      [
        'header syntax',
        npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,) ", new Uint8Array(4)),
        /bad header .*expected ',' or '}'/,
      ],
      ['header not a dict', npy('(1, 2)', new Uint8Array(4)), /not a dict/],
    ];
    it.each(cases)('%s', (_, bytes, message) => {
      expect(() => parseNpy(bytes, 'x.npy')).toThrow(NpzError);
      expect(() => parseNpy(bytes, 'x.npy')).toThrow(message);
      expect(() => parseNpy(bytes, 'x.npy')).toThrow(/^x\.npy: /);
    });

    it('at every truncation of a valid file', () => {
      for (let length = 0; length < good.length; length++) {
        expect(() => parseNpy(good.subarray(0, length)), `length ${length}`).toThrow(NpzError);
      }
    });
  });
});

describe('readNpz / writeNpz', () => {
  it('round-trips every dtype, keys with slashes and pickled members', () => {
    const entries: Record<string, NpyArray> = { ...everyDtype(), 'W_in/Adam': everyDtype().f4 };
    entries.dale_ratio = parseNpy(writeNpy({ dtype: '|O', shape: [], pickled: Uint8Array.of(0x80, 0x02, 0x4e, 0x2e) }));
    const back = readNpz(writeNpz(entries));
    expect([...back.keys()]).toEqual(Object.keys(entries));
    for (const [key, array] of Object.entries(entries)) expect(back.get(key), key).toEqual(array);
    expect(back.get('dale_ratio')).toMatchObject({ value: null }); // bare pickle.dumps(None, 2)
  });

  it('writes an uncompressed (ZIP_STORED) archive, the same bytes every time', () => {
    const once = writeNpz(new Map([['a', everyDtype().f8]]));
    expect(new DataView(once.buffer).getUint16(8, true)).toBe(0); // compression method of the first member
    expect(writeNpz(new Map([['a', everyDtype().f8]]))).toEqual(once);
  });

  it('reads deflated members, as np.savez_compressed writes them, and skips non-.npy members', () => {
    const zip = zipSync({ 'x.npy': [writeNpy(everyDtype().f8), { level: 9 }], 'README.txt': new Uint8Array(3) });
    const back = readNpz(zip);
    expect([...back.keys()]).toEqual(['x']);
    expect(back.get('x')).toEqual(everyDtype().f8);
  });

  describe('rejects corrupt input with an NpzError', () => {
    const npz = writeNpz({ W_rec: { dtype: '<f4', shape: [8, 8], data: new Float32Array(64).fill(0.25) } });

    it('random bytes, empty input and a bare .npy', () => {
      for (const seed of [1, 2, 3]) expect(() => readNpz(noise(2000, seed))).toThrow(/not a zip archive/);
      expect(() => readNpz(new Uint8Array(0))).toThrow(NpzError);
      expect(() => readNpz(writeNpy(everyDtype().f4))).toThrow(/single \.npy array/);
    });

    it('at every truncation', () => {
      for (let length = 0; length < npz.length; length++) {
        expect(() => readNpz(npz.subarray(0, length)), `length ${length}`).toThrow(NpzError);
      }
    });

    it('a flipped byte in the data (CRC-32)', () => {
      const corrupt = npz.slice();
      corrupt[200] ^= 0x40;
      expect(() => readNpz(corrupt)).toThrow("invalid .npz: member 'W_rec.npy': CRC-32 mismatch: the data is corrupt");
    });

    it('a corrupt deflate stream', () => {
      const zip = zipSync({ 'x.npy': [writeNpy(everyDtype().f8), { level: 9 }] });
      zip[40] ^= 0xff;
      expect(() => readNpz(zip)).toThrow(/member 'x\.npy': (deflate data is corrupt|holds|CRC)/);
    });

    it('a member whose header claims more data than it holds', () => {
      const short = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (50, 50), }", new Uint8Array(400));
      const zip = zipSync({ 'W_rec.npy': [short, { level: 0 }] });
      expect(() => readNpz(zip)).toThrow(/npz member 'W_rec\.npy': header says shape \[50, 50\] .* truncated/);
    });

    it('random bytes in place of a member', () => {
      const zip = zipSync({ 'W_in.npy': [noise(300, 7), { level: 0 }] });
      expect(() => readNpz(zip)).toThrow(/npz member 'W_in\.npy': not an NPY array \(bad magic/);
    });
  });

  describe.skipIf(!FIXTURE_WEIGHTS)(`PsychRNN's saved_weights.npz ${FIXTURE_WEIGHTS ? '' : FIXTURE_SKIP_REASON}`, () => {
    const fixture = () => new Uint8Array(readFileSync(FIXTURE_WEIGHTS!));

    it('reads every member (zip64 extra fields in its local headers)', () => {
      const arrays = readNpz(fixture());
      expect(arrays.size).toBe(24);
      expect(arrays.get('W_rec')).toMatchObject({ dtype: '<f4', shape: [50, 50] });
      expect(arrays.get('init_state')).toMatchObject({ dtype: '<f4', shape: [1, 50] });
      expect(arrays.get('W_in/Adam_1')).toMatchObject({ dtype: '<f4', shape: [50, 2] });
      expect(arrays.get('dale_ratio')).toMatchObject({ dtype: '|O', shape: [], value: null });
    });

    it('throws an NpzError when truncated anywhere', () => {
      const bytes = fixture();
      for (const length of [0, 10, 21, 22, 1000, 35000, bytes.length - 23, bytes.length - 22, bytes.length - 1]) {
        expect(() => readNpz(bytes.subarray(0, length)), `length ${length}`).toThrow(NpzError);
      }
    });
  });
});

describe(`interop with numpy ${HAS_NUMPY ? '' : NUMPY_SKIP_REASON}`, () => {
  const dir = HAS_NUMPY ? mkdtempSync(join(tmpdir(), 'cogrnn-npz-')) : '';

  it.skipIf(!HAS_NUMPY)('writeNpy matches np.save byte for byte', () => {
    const shapes = [[], [1], [3], [50, 50], [1, 50], [2, 3, 4], [0], [1234567, 0]];
    for (const [i, shape] of shapes.entries()) {
      const size = shape.reduce((a, b) => a * b, 1);
      const data = Float32Array.from({ length: size }, (_, k) => k * 0.5 - 3);
      writeFileSync(join(dir, `ours${i}.npy`), writeNpy({ dtype: '<f4', shape, data }));
    }
    const script = `
import sys, numpy as np
for i, shape in enumerate(${JSON.stringify(shapes)}):
    size = int(np.prod(shape))
    a = (np.arange(size, dtype='<f4') * 0.5 - 3).reshape(shape)
    np.save(f'{sys.argv[1]}/numpy{i}.npy', a)`;
    runPython(script, dir);
    for (let i = 0; i < shapes.length; i++) {
      expect(readFileSync(join(dir, `ours${i}.npy`)), `shape ${shapes[i]}`).toEqual(readFileSync(join(dir, `numpy${i}.npy`)));
    }
  });

  it.skipIf(!HAS_NUMPY)('numpy loads our .npz with every dtype', () => {
    const path = join(dir, 'ours.npz');
    writeFileSync(path, writeNpz({ ...everyDtype(), 'W_in/Adam': everyDtype().f4 }));
    const script = `
import sys, json, numpy as np
d = np.load(sys.argv[1])
print(json.dumps({k: [d[k].dtype.str, list(d[k].shape), [str(x) for x in d[k].ravel().tolist()]] for k in d.files}))`;
    const loaded = JSON.parse(runPython(script, path)) as Record<string, [string, number[], string[]]>;
    for (const [key, array] of Object.entries({ ...everyDtype(), 'W_in/Adam': everyDtype().f4 })) {
      const [dtype, shape, values] = loaded[key];
      expect([dtype, shape], key).toEqual([array.dtype, array.shape]);
      const expected = [...array.data].map((v) => (array.dtype === '|b1' ? String(v === 1 ? 'True' : 'False') : v));
      expect(values.map((v, i) => (typeof expected[i] === 'number' ? Number(v) : v)), key).toEqual(
        expected.map((v) => (typeof v === 'bigint' ? String(v) : v)),
      );
    }
  });

  it.skipIf(!HAS_NUMPY)('reads np.savez and np.savez_compressed: dtypes, byte orders, Fortran order, pickles', () => {
    const script = `
import sys, json, numpy as np
out = sys.argv[1]
a = {
  'f8': np.array([[1.5, -2.0, 3.0], [4.0, 5.0, 6.25]]),
  'f4_big': np.array([1.5, -2.0, 1e-7], dtype='>f4'),
  'i8_big': np.array([-3, 2**40], dtype='>i8'),
  'i4': np.array([-1, 7], dtype='<i4'),
  'u1': np.array([0, 200], dtype='u1'),
  'bool': np.array([True, False, True]),
  'fortran': np.asfortranarray(np.arange(24, dtype='<f4').reshape(2, 3, 4)),
  'scalar': np.float64(0.8),
  'none': np.array(None, dtype=object),
  'float_obj': np.array(0.25, dtype=object),
  'W_in/Adam': np.ones((2, 2), dtype='<f4'),
}
np.savez(out + '/plain.npz', **a)
np.savez_compressed(out + '/compressed.npz', **a)
print(json.dumps({k: np.asarray(v).astype(float).ravel().tolist() for k, v in a.items() if np.asarray(v).dtype != object}))`;
    const expected = JSON.parse(runPython(script, dir)) as Record<string, number[]>;
    for (const file of ['plain.npz', 'compressed.npz']) {
      const arrays = readNpz(new Uint8Array(readFileSync(join(dir, file))));
      for (const [key, values] of Object.entries(expected)) {
        const array = arrays.get(key) as NpyNumericArray;
        expect([...array.data].map(Number), `${file} ${key}`).toEqual(values);
      }
      expect(arrays.get('f4_big')?.dtype).toBe('<f4');
      expect(arrays.get('fortran')?.shape).toEqual([2, 3, 4]);
      expect(arrays.get('scalar')).toMatchObject({ dtype: '<f8', shape: [] });
      expect(arrays.get('none')).toMatchObject({ dtype: '|O', value: null });
      expect(arrays.get('float_obj')).toMatchObject({ dtype: '|O', value: 0.25 });
    }
  });

  it.skipIf(!HAS_NUMPY)('decodes 0-d object arrays pickled with every protocol 0–5', () => {
    const script = `
import sys, math, pickle, numpy as np
from numpy.lib import format
for p in range(6):
    for name, value in [('none', None), ('float', 0.8), ('int', 3), ('func', math.tanh), ('dict', {'a': 1})]:
        a = np.array(value, dtype=object) if name != 'dict' else np.empty((), dtype=object)
        if name == 'dict': a[()] = value
        with open(f'{sys.argv[1]}/p{p}_{name}.npy', 'wb') as f:
            format.write_array_header_1_0(f, format.header_data_from_array_1_0(a))
            pickle.dump(a, f, protocol=p)`;
    runPython(script, dir);
    for (let p = 0; p <= 5; p++) {
      const load = (name: string) => parseNpy(new Uint8Array(readFileSync(join(dir, `p${p}_${name}.npy`))), name);
      expect(load('none'), `protocol ${p}`).toMatchObject({ dtype: '|O', value: null });
      expect(load('float'), `protocol ${p}`).toMatchObject({ value: 0.8 });
      expect(load('int'), `protocol ${p}`).toMatchObject({ value: 3 });
      expect(load('func'), `protocol ${p}`).toMatchObject({ globalName: 'math.tanh' });
      expect(load('dict'), `protocol ${p}`).not.toHaveProperty('value');
    }
  });

  it.skipIf(!HAS_NUMPY)('reads zip64 central-directory records and end records', () => {
    // Python writes zip64 central records only past 4 GiB; lowering its limits forces them on a small file.
    const script = `
import sys, zipfile, numpy as np
zipfile.ZIP64_LIMIT = 10
zipfile.ZIP_FILECOUNT_LIMIT = 1
np.savez(sys.argv[1] + '/zip64.npz', a=np.arange(5, dtype='<f4'), b=np.eye(3))`;
    runPython(script, dir);
    const bytes = new Uint8Array(readFileSync(join(dir, 'zip64.npz')));
    expect(bytes.some((_, i) => bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 6 && bytes[i + 3] === 6)).toBe(true);
    const arrays = readNpz(bytes);
    expect([...(arrays.get('a') as NpyNumericArray).data]).toEqual([0, 1, 2, 3, 4]);
    expect([...(arrays.get('b') as NpyNumericArray).data]).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });
});
