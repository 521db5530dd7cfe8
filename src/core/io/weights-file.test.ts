import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NpzError, parseNpy, readNpz, writeNpy, writeNpz, type NpyArray } from './npz.ts';
import { HAS_NUMPY, NUMPY_SKIP_REASON, runPython } from '../testing/python.ts';
import { FIXTURE_SKIP_REASON, FIXTURE_WEIGHTS } from '../testing/shared.ts';
import { loadWeightsNpz, saveWeightsNpz, TRANSFER_FUNCTION_KEY, weightsToNpzEntries } from './weights-file.ts';
import { identity, ndarray, ones, type BasicWeights, type GruWeights, type LstmWeights, type NdArray } from '../model/weights.ts';

/** A filled array whose values say where they came from: seed + 0.01·index. */
function filled(shape: number[], seed: number): NdArray {
  const size = shape.reduce((a, b) => a * b, 1);
  return ndarray(shape, Array.from({ length: size }, (_, i) => seed + 0.01 * i));
}

/** N_in 2, N_rec 3, N_out 1, Dale with ratio 0.8, tanh, one Adam pair. */
function basicWeights(): BasicWeights {
  return {
    model: 'basic',
    N_in: 2,
    N_rec: 3,
    N_out: 1,
    init_state: filled([1, 3], 0.1),
    W_in: filled([3, 2], 1),
    W_rec: filled([3, 3], 2),
    W_out: filled([1, 3], 3),
    b_rec: filled([3], 4),
    b_out: filled([1], 5),
    Dale_rec: ndarray([3, 3], [1, 0, 0, 0, 1, 0, 0, 0, -1]),
    Dale_out: ndarray([3, 3], [1, 0, 0, 0, 1, 0, 0, 0, 0]),
    input_connectivity: ones([3, 2]),
    rec_connectivity: ndarray([3, 3], [0, 1, 1, 1, 0, 1, 1, 1, 0]),
    output_connectivity: ones([1, 3]),
    dale_ratio: 0.8,
    transfer_function: 'tanh',
    optimizer_slots: { 'W_rec/Adam': filled([3, 3], 6), 'W_rec/Adam_1': filled([3, 3], 7) },
  };
}

/** The basic weights plus LSTM gates, N_batch 2. */
function lstmWeights(): LstmWeights {
  const { optimizer_slots: _, ...basic } = basicWeights();
  const gate = (seed: number) => filled([3 + 2, 3], seed);
  return {
    ...basic,
    model: 'lstm',
    dale_ratio: null,
    transfer_function: 'relu',
    init_hidden: filled([2, 3], 8),
    init_cell: filled([2, 3], 9),
    W_f: gate(10),
    W_i: gate(11),
    W_c: gate(12),
    W_o: gate(13),
    b_f: filled([3], 14),
    b_i: filled([3], 15),
    b_c: filled([3], 16),
    b_o: filled([3], 17),
    optimizer_slots: { 'W_f/Adam': gate(18) },
  };
}

/** The basic weights plus GRU gates, N_batch 2. */
function gruWeights(): GruWeights {
  const { optimizer_slots: _, ...basic } = basicWeights();
  const gate = (seed: number) => filled([3 + 2, 3], seed);
  return {
    ...basic,
    model: 'gru',
    dale_ratio: null,
    transfer_function: 'tanh',
    init_hidden: filled([2, 3], 8),
    W_r: gate(10),
    W_u: gate(11),
    W_c: gate(12),
    b_r: filled([3], 13),
    b_u: filled([3], 14),
    b_c: filled([3], 15),
    optimizer_slots: { 'W_u/Adam': gate(16), 'init_hidden/Adam_1': filled([2, 3], 17) },
  };
}

/** Rewrites an npz with some entries replaced (undefined removes the key). */
function edited(bytes: Uint8Array, changes: Record<string, NpyArray | undefined>): Uint8Array {
  const entries = readNpz(bytes);
  for (const [key, array] of Object.entries(changes)) {
    if (array) entries.set(key, array);
    else entries.delete(key);
  }
  return writeNpz(entries);
}

const f4 = (shape: number[], fill = 0): NpyArray => ({
  dtype: '<f4',
  shape,
  data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(fill),
});
/** A pickled 0-d object member, as readNpz would give it back. */
const pickled = (bytes: number[]) => parseNpy(writeNpy({ dtype: '|O', shape: [], pickled: Uint8Array.from(bytes) }));
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

describe('weightsToNpzEntries', () => {
  it('writes the 11 float32 arrays, optimizer slots, a <f8 dale_ratio and our transfer function', () => {
    const entries = weightsToNpzEntries(basicWeights());
    expect([...entries.keys()]).toEqual([
      'init_state', 'W_in', 'W_rec', 'W_out', 'b_rec', 'b_out', 'Dale_rec', 'Dale_out', 'input_connectivity',
      'rec_connectivity', 'output_connectivity', 'W_rec/Adam', 'W_rec/Adam_1', 'dale_ratio', TRANSFER_FUNCTION_KEY,
    ]);
    expect(entries.get('init_state')).toMatchObject({ dtype: '<f4', shape: [1, 3] });
    expect(entries.get('Dale_out')).toMatchObject({ dtype: '<f4', shape: [3, 3] });
    expect(entries.get('dale_ratio')).toEqual({ dtype: '<f8', shape: [], data: Float64Array.of(0.8) });
    expect(entries.get(TRANSFER_FUNCTION_KEY)).toEqual({ dtype: '|u1', shape: [4], data: Uint8Array.from(ascii('tanh')) });
    expect(entries.has('transfer_function')).toBe(false);
  });

  it('omits dale_ratio when it is null, as PsychRNN then reads None', () => {
    const entries = weightsToNpzEntries({ ...basicWeights(), dale_ratio: null });
    expect(entries.has('dale_ratio')).toBe(false);
  });

  it('refuses weights PsychRNN could not load', () => {
    expect(() => weightsToNpzEntries({ ...basicWeights(), b_rec: filled([4], 0) })).toThrow(
      "'b_rec' has shape [4], expected [N_rec] = [3] (N_in 2, N_rec 3, N_out 1)",
    );
    expect(() => weightsToNpzEntries({ ...basicWeights(), dale_ratio: Number.NaN })).toThrow(/dale_ratio NaN/);
    expect(() => weightsToNpzEntries({ ...basicWeights(), dale_ratio: 1.5 })).toThrow(NpzError);
    const badSlot = { ...basicWeights(), optimizer_slots: { 'W_rec/Adam': filled([2, 2], 0) } };
    expect(() => weightsToNpzEntries(badSlot)).toThrow(/'W_rec\/Adam' has shape \[2, 2\], expected \[N_rec, N_rec\]/);
    const strangeSlot = { ...basicWeights(), optimizer_slots: { momentum: filled([3, 3], 0) } };
    expect(() => weightsToNpzEntries(strangeSlot)).toThrow(/'momentum' is not named '<variable>\/<slot>'/);
  });
});

describe('saveWeightsNpz / loadWeightsNpz', () => {
  it('round-trips basic weights exactly', () => {
    expect(loadWeightsNpz(saveWeightsNpz(basicWeights()))).toEqual(basicWeights());
    const plain = { ...basicWeights(), dale_ratio: null, transfer_function: 'softplus' as const };
    delete plain.optimizer_slots;
    expect(loadWeightsNpz(saveWeightsNpz(plain))).toEqual(plain);
  });

  it('round-trips LSTM weights exactly, recognising them by their gates', () => {
    const back = loadWeightsNpz(saveWeightsNpz(lstmWeights()));
    expect(back.model).toBe('lstm');
    expect(back).toEqual(lstmWeights());
  });

  it('round-trips GRU weights exactly under their own keys, recognising them by their gates', () => {
    const entries = weightsToNpzEntries(gruWeights());
    expect([...entries.keys()].slice(11, 18)).toEqual(['init_hidden', 'W_r', 'W_u', 'W_c', 'b_r', 'b_u', 'b_c']);
    expect(entries.get('W_r')).toMatchObject({ dtype: '<f4', shape: [5, 3] });
    const back = loadWeightsNpz(saveWeightsNpz(gruWeights()));
    expect(back.model).toBe('gru');
    expect(back).toEqual(gruWeights());
  });

  it('refuses a file with both LSTM and GRU gates, and a GRU missing one', () => {
    const both = edited(saveWeightsNpz(gruWeights()), { W_f: f4([5, 3]) });
    expect(() => loadWeightsNpz(both)).toThrow("weights file holds both LSTM gates ('W_f') and GRU gates ('W_r'); a file holds one network");
    const missing = edited(saveWeightsNpz(gruWeights()), { W_c: undefined });
    expect(() => loadWeightsNpz(missing)).toThrow("no 'W_c' (expected shape [N_rec + N_in, N_rec] = [5, 3])");
  });

  it('accepts init_state of shape (N_rec,), float64 and integer arrays, and takes (1, N_rec)', () => {
    const bytes = edited(saveWeightsNpz(basicWeights()), {
      init_state: { dtype: '<f8', shape: [3], data: Float64Array.of(0.1, 0.2, 0.3) },
      'init_state/Adam': { dtype: '<f8', shape: [3], data: Float64Array.of(1, 2, 3) },
      W_rec: { dtype: '<f8', shape: [3, 3], data: Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9) },
      rec_connectivity: { dtype: '<i8', shape: [3, 3], data: BigInt64Array.of(0n, 1n, 1n, 1n, 0n, 1n, 1n, 1n, 0n) },
    });
    const w = loadWeightsNpz(bytes);
    expect(w.init_state).toEqual({ shape: [1, 3], data: Float32Array.of(0.1, 0.2, 0.3) });
    expect(w.optimizer_slots?.['init_state/Adam']).toEqual({ shape: [1, 3], data: Float32Array.of(1, 2, 3) });
    expect(w.W_rec.data).toBeInstanceOf(Float32Array);
    expect([...w.W_rec.data]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(w.rec_connectivity).toEqual(basicWeights().rec_connectivity);
  });

  it('reads dale_ratio from a pickled None or float, or its absence', () => {
    const bytes = saveWeightsNpz(basicWeights());
    expect(loadWeightsNpz(edited(bytes, { dale_ratio: pickled([0x80, 2, 0x4e, 0x2e]) })).dale_ratio).toBeNull();
    const float = [0x80, 2, 0x47, 0x3f, 0xe0, 0, 0, 0, 0, 0, 0, 0x2e]; // pickle.dumps(0.5, 2)
    expect(loadWeightsNpz(edited(bytes, { dale_ratio: pickled(float) })).dale_ratio).toBe(0.5);
    expect(loadWeightsNpz(edited(bytes, { dale_ratio: undefined })).dale_ratio).toBeNull();
  });

  it('takes the transfer function from our key, a pickled global, the caller, or relu', () => {
    const bytes = edited(saveWeightsNpz(basicWeights()), { [TRANSFER_FUNCTION_KEY]: undefined });
    expect(loadWeightsNpz(bytes).transfer_function).toBe('relu');
    expect(loadWeightsNpz(bytes, { transferFunction: 'sigmoid' }).transfer_function).toBe('sigmoid');
    // pickle.dumps(tf.math.tanh, 2) refers to the function by module and name
    const tanh = pickled([0x80, 2, 0x63, ...ascii('tensorflow.python.ops.math_ops\ntanh\n'), 0x2e]);
    const withPickle = edited(bytes, { transfer_function: tanh });
    expect(loadWeightsNpz(withPickle, { transferFunction: 'sigmoid' }).transfer_function).toBe('tanh');
    const lambda = pickled([0x80, 2, 0x63, ...ascii('__main__\n<lambda>\n'), 0x2e]);
    expect(loadWeightsNpz(edited(bytes, { transfer_function: lambda })).transfer_function).toBe('relu');
  });

  describe('rejects a file with a missing or mis-shaped array, naming the key and both shapes', () => {
    const bytes = saveWeightsNpz(basicWeights());
    const cases: [string, Record<string, NpyArray | undefined>, string | RegExp][] = [
      ['missing W_out', { W_out: undefined }, /no 'W_out' \(expected shape \[N_out, N_rec\]\); it has init_state, W_in/],
      ['missing Dale_rec', { Dale_rec: undefined }, "no 'Dale_rec' (expected shape [N_rec, N_rec] = [3, 3])"],
      ['mis-shaped b_rec', { b_rec: f4([4]) }, "'b_rec' has shape [4], expected [N_rec] = [3] (N_in 2, N_rec 3, N_out 1)"],
      ['non-square W_rec', { W_rec: f4([3, 4]) }, "'W_rec' has shape [3, 4], expected [N_rec, N_rec] = [3, 3]"],
      ['W_in that is not a matrix', { W_in: f4([6]) }, "'W_in' has shape [6], expected a matrix [N_rec, N_in]"],
      ['W_in with the wrong N_rec', { W_in: f4([4, 2]) }, "'W_in' has shape [4, 2], expected [N_rec, N_in] = [3, 2]"],
      ['init_state of the wrong size', { init_state: f4([2, 3]) }, "'init_state' has shape [2, 3], expected [1, N_rec]"],
      ['a slot of the wrong size', { 'W_rec/Adam': f4([3]) }, "'W_rec/Adam' has shape [3], expected [N_rec, N_rec]"],
      ['a pickled weight', { W_in: pickled([0x80, 2, 0x4e, 0x2e]) }, "'W_in' is a pickled Python object"],
      ['dale_ratio above 1', { dale_ratio: { dtype: '<f8', shape: [], data: Float64Array.of(2) } }, /'dale_ratio' is 2/],
      ['dale_ratio not a scalar', { dale_ratio: f4([2]) }, "'dale_ratio' has shape [2], expected a scalar ()"],
      ['an undecodable dale_ratio', { dale_ratio: pickled([0x80, 2, 0x7d, 0x2e]) }, /neither None nor a number/],
      [
        'an unknown transfer function',
        { [TRANSFER_FUNCTION_KEY]: { dtype: '|u1', shape: [5], data: Uint8Array.from(ascii('swish')) } },
        /"swish", not one of relu/,
      ],
      ['NaN in W_rec', { W_rec: { dtype: '<f4', shape: [3, 3], data: Float32Array.of(0, 0, 0, 0, 0, NaN, 0, NaN, 0) } }, "'W_rec' holds NaN at [1, 2] (and 1 more); weights must be finite numbers"],
      ['Infinity in a float64 b_out', { b_out: { dtype: '<f8', shape: [1], data: Float64Array.of(-Infinity) } }, "'b_out' holds -Infinity at [0]"],
      ['NaN in an Adam slot', { 'W_in/Adam_1': { dtype: '<f4', shape: [3, 2], data: Float32Array.of(0, 0, 0, 0, NaN, 0) } }, "'W_in/Adam_1' holds NaN at [2, 0]"],
      // W_rec alone says N_rec = 2; W_in, W_out, b_rec and init_state say 3: W_rec is named, not init_state
      ['W_rec the odd size out', { W_rec: f4([2, 2]), Dale_rec: f4([2, 2]) }, "'W_rec' has shape [2, 2], but W_in, W_out, b_rec, init_state, rec_connectivity give N_rec = 3"],
      [
        'an LSTM missing a gate',
        { W_f: f4([5, 3]), init_hidden: f4([2, 3]), init_cell: f4([2, 3]) },
        /no 'W_i' \(expected shape \[N_rec \+ N_in, N_rec\] = \[5, 3\]\)/,
      ],
    ];
    it.each(cases)('%s', (_, changes, message) => {
      const corrupt = edited(bytes, changes);
      expect(() => loadWeightsNpz(corrupt)).toThrow(NpzError);
      expect(() => loadWeightsNpz(corrupt)).toThrow(message);
    });

    it('and passes on the NpzError of a corrupt archive', () => {
      expect(() => loadWeightsNpz(bytes.subarray(0, bytes.length - 30))).toThrow(NpzError);
    });
  });

  describe.skipIf(!FIXTURE_WEIGHTS)(`PsychRNN's saved_weights.npz ${FIXTURE_WEIGHTS ? '' : FIXTURE_SKIP_REASON}`, () => {
    const fixture = () => new Uint8Array(readFileSync(FIXTURE_WEIGHTS!));

    it('loads as a basic network: N_in 2, N_rec 50, N_out 2, no Dale, relu, Adam slots', () => {
      const w = loadWeightsNpz(fixture());
      expect(w).toMatchObject({ model: 'basic', N_in: 2, N_rec: 50, N_out: 2, dale_ratio: null, transfer_function: 'relu' });
      expect(w.init_state.shape).toEqual([1, 50]);
      expect(w.Dale_rec).toEqual(identity(50));
      expect(Object.keys(w.optimizer_slots ?? {})).toHaveLength(12);
      expect(w.optimizer_slots?.['W_rec/Adam_1'].shape).toEqual([50, 50]);
      expect(w.W_rec.data.every(Number.isFinite)).toBe(true);
      expect(w.W_rec.data.some((x) => x !== 0)).toBe(true);
    });

    it('survives a save and reload unchanged', () => {
      const w = loadWeightsNpz(fixture());
      expect(loadWeightsNpz(saveWeightsNpz(w))).toEqual(w);
    });
  });
});

describe(`interop with numpy and PsychRNN's loader ${HAS_NUMPY ? '' : NUMPY_SKIP_REASON}`, () => {
  const dir = HAS_NUMPY ? mkdtempSync(join(tmpdir(), 'cogrnn-weights-')) : '';

  it.skipIf(!HAS_NUMPY)('numpy loads our file the way PsychRNN’s WeightInitializer does', () => {
    const withDale = join(dir, 'dale.npz');
    const withoutDale = join(dir, 'no-dale.npz');
    writeFileSync(withDale, saveWeightsNpz(basicWeights()));
    writeFileSync(withoutDale, saveWeightsNpz({ ...basicWeights(), dale_ratio: null }));
    // backend/initializations.py: np.load(allow_pickle=True); dale_ratio .item()'d when an ndarray, absent → None;
    // transfer_function likewise; then the keys that don't end in Adam or Adam_1 are read in.
    const script = `
import sys, json, numpy as np
out = []
for path in sys.argv[1:]:
    initializations = dict(np.load(path, allow_pickle=True))
    dale_ratio = None
    if 'dale_ratio' in initializations and type(initializations['dale_ratio']) == np.ndarray:
        dale_ratio = initializations['dale_ratio'].item()
    read_in = {k: v for k, v in initializations.items() if not (k.endswith('Adam') or k.endswith('Adam_1'))}
    out.append({
        'dale_ratio': dale_ratio,
        'has_transfer_function': 'transfer_function' in initializations,
        'arrays': {k: [v.dtype.str, list(v.shape)] for k, v in read_in.items()},
        'W_rec': read_in['W_rec'].ravel().tolist(),
        'cogrnn_transfer_function': bytes(read_in['cogrnn_transfer_function']).decode(),
    })
print(json.dumps(out))`;
    const [dale, noDale] = JSON.parse(runPython(script, withDale, withoutDale));
    expect(dale.dale_ratio).toBe(0.8);
    expect(noDale.dale_ratio).toBeNull();
    expect(dale.has_transfer_function).toBe(false);
    expect(dale.cogrnn_transfer_function).toBe('tanh');
    expect(dale.arrays).toMatchObject({
      init_state: ['<f4', [1, 3]],
      W_in: ['<f4', [3, 2]],
      W_rec: ['<f4', [3, 3]],
      W_out: ['<f4', [1, 3]],
      b_rec: ['<f4', [3]],
      b_out: ['<f4', [1]],
      Dale_rec: ['<f4', [3, 3]],
      Dale_out: ['<f4', [3, 3]],
      input_connectivity: ['<f4', [3, 2]],
      rec_connectivity: ['<f4', [3, 3]],
      output_connectivity: ['<f4', [1, 3]],
      dale_ratio: ['<f8', []],
      cogrnn_transfer_function: ['|u1', [4]],
    });
    expect(Object.keys(dale.arrays)).not.toContain('W_rec/Adam');
    expect(dale.W_rec).toEqual([...basicWeights().W_rec.data]);
  });

  it.skipIf(!HAS_NUMPY)('loads files numpy writes with np.savez and np.savez_compressed', () => {
    const script = `
import sys, json, numpy as np
rng = np.random.default_rng(0)
N_in, N_rec, N_out = 2, 4, 3
w = {
    'init_state': 0.1 + 0.01 * rng.standard_normal(N_rec),  # (N_rec,), float64, as a fresh WeightInitializer has it
    'W_in': rng.standard_normal((N_rec, N_in)),
    'W_rec': rng.standard_normal((N_rec, N_rec)).astype('<f4'),
    'W_out': rng.standard_normal((N_out, N_rec)),
    'b_rec': np.zeros(N_rec), 'b_out': np.zeros(N_out),
    'Dale_rec': np.eye(N_rec), 'Dale_out': np.eye(N_rec),
    'input_connectivity': np.ones((N_rec, N_in)), 'rec_connectivity': np.ones((N_rec, N_rec)),
    'output_connectivity': np.ones((N_out, N_rec)),
    'W_rec/Adam': np.ones((N_rec, N_rec), dtype='<f4'),
}
np.savez(sys.argv[1] + '/none.npz', dale_ratio=np.array(None, dtype=object), **w)
np.savez_compressed(sys.argv[1] + '/float.npz', dale_ratio=0.75, **w)
print(json.dumps({k: v.astype(np.float32).ravel().tolist() for k, v in w.items()}))`;
    const expected = JSON.parse(runPython(script, dir)) as Record<string, number[]>;
    for (const [file, daleRatio] of [['none.npz', null], ['float.npz', 0.75]] as const) {
      const w = loadWeightsNpz(new Uint8Array(readFileSync(join(dir, file))));
      expect(w, file).toMatchObject({ model: 'basic', N_in: 2, N_rec: 4, N_out: 3, dale_ratio: daleRatio });
      expect(w.transfer_function).toBe('relu');
      expect(w.init_state.shape).toEqual([1, 4]);
      for (const [key, values] of Object.entries(expected)) {
        const array = key.includes('/') ? w.optimizer_slots?.[key] : (w as unknown as Record<string, NdArray>)[key];
        expect([...array!.data], `${file} ${key}`).toEqual(values);
      }
    }
  });
});
