/**
 * NetworkWeights ⇄ PsychRNN's weights file (reference §7): one float32 array per variable, named as PsychRNN
 * names them, so `.npz` files move both ways between CogRNN and PsychRNN's `load_weights_path`.
 *
 * Writing follows what PsychRNN can load: `dale_ratio` is a `<f8` 0-d array, or absent when None; PsychRNN's
 * `transfer_function` (a pickled Python function) is never written, since `.item()` of anything else breaks the
 * model. Our own files remember the transfer function under `cogrnn_transfer_function` (its name as UTF-8 bytes,
 * dtype `|u1`), a key PsychRNN's loader never asks for and so ignores.
 * A GRU (CogRNN's own; PsychRNN has no GRU) is saved the LSTM's way: the base RNN's arrays, then its own
 * init_hidden, W_r, W_u, W_c, b_r, b_u, b_c (GRU_WEIGHT_KEYS); it is recognised by its gates W_r / W_u.
 */
import { describeNonFinite, firstNonFinite } from '../finite.ts';
import { NpzError, readNpz, writeNpz, type NpyArray, type NpyNumericArray } from './npz.ts';
import { TRANSFER_FUNCTIONS, type TransferFunctionName } from '../model/transfer.ts';
import {
  BASIC_WEIGHT_KEYS,
  GRU_WEIGHT_KEYS,
  LSTM_WEIGHT_KEYS,
  type BasicWeights,
  type GruWeights,
  type LstmWeights,
  type ModelType,
  type NdArray,
  type NetworkWeights,
} from '../model/weights.ts';

/** Extra key, ignored by PsychRNN, holding our transfer function's name as UTF-8 bytes. */
export const TRANSFER_FUNCTION_KEY = 'cogrnn_transfer_function';

type WeightKey = (typeof BASIC_WEIGHT_KEYS)[number] | (typeof LSTM_WEIGHT_KEYS)[number] | (typeof GRU_WEIGHT_KEYS)[number];

/** Every array each model saves, in the order written. */
const MODEL_KEYS: Record<ModelType, readonly WeightKey[]> = {
  basic: BASIC_WEIGHT_KEYS,
  lstm: [...BASIC_WEIGHT_KEYS, ...LSTM_WEIGHT_KEYS],
  gru: [...BASIC_WEIGHT_KEYS, ...GRU_WEIGHT_KEYS],
};

/** The keys only one gated model has (init_hidden, W_c and b_c are both's). */
const LSTM_ONLY_KEYS = ['init_cell', 'W_f', 'W_i', 'W_o', 'b_f', 'b_i', 'b_o'] as const;
const GRU_ONLY_KEYS = ['W_r', 'W_u', 'b_r', 'b_u'] as const;

interface Dimensions {
  N_in: number;
  N_rec: number;
  N_out: number;
  /** rows of the gated models' per-batch-row init_hidden (and the LSTM's init_cell) */
  N_batch?: number;
}

/** Every variable's shape, with the dimension names used in error messages. */
function expectedShapes(d: Dimensions): Partial<Record<WeightKey, [number[], string]>> {
  const { N_in, N_rec, N_out, N_batch } = d;
  const shapes: Partial<Record<WeightKey, [number[], string]>> = {
    init_state: [[1, N_rec], '[1, N_rec]'],
    W_in: [[N_rec, N_in], '[N_rec, N_in]'],
    W_rec: [[N_rec, N_rec], '[N_rec, N_rec]'],
    W_out: [[N_out, N_rec], '[N_out, N_rec]'],
    b_rec: [[N_rec], '[N_rec]'],
    b_out: [[N_out], '[N_out]'],
    Dale_rec: [[N_rec, N_rec], '[N_rec, N_rec]'],
    Dale_out: [[N_rec, N_rec], '[N_rec, N_rec]'],
    input_connectivity: [[N_rec, N_in], '[N_rec, N_in]'],
    rec_connectivity: [[N_rec, N_rec], '[N_rec, N_rec]'],
    output_connectivity: [[N_out, N_rec], '[N_out, N_rec]'],
  };
  if (N_batch === undefined) return shapes;
  for (const key of ['init_hidden', 'init_cell'] as const) shapes[key] = [[N_batch, N_rec], '[N_batch, N_rec]'];
  for (const key of ['W_f', 'W_i', 'W_c', 'W_o', 'W_r', 'W_u'] as const) {
    shapes[key] = [[N_rec + N_in, N_rec], '[N_rec + N_in, N_rec]'];
  }
  for (const key of ['b_f', 'b_i', 'b_c', 'b_o', 'b_r', 'b_u'] as const) shapes[key] = [[N_rec], '[N_rec]'];
  return shapes;
}

const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
const shapeText = (s: number[]) => `[${s.join(', ')}]`;

function shapeError(key: string, found: number[], [expected, names]: [number[], string], d: Dimensions): NpzError {
  const dims = Object.entries(d)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return new NpzError(`'${key}' has shape ${shapeText(found)}, expected ${names} = ${shapeText(expected)} (${dims})`);
}

// ------------------------------------------------------------------------------------------------------ write

/** The npz entries PsychRNN's `save()` would write for these weights, plus our transfer-function key. */
export function weightsToNpzEntries(w: NetworkWeights): Map<string, NpyArray> {
  const gated = w.model === 'basic' ? undefined : w;
  const dims: Dimensions = { N_in: w.N_in, N_rec: w.N_rec, N_out: w.N_out, N_batch: gated?.init_hidden.shape[0] };
  const shapes = expectedShapes(dims);
  const entries = new Map<string, NpyArray>();
  const put = (key: string, a: NdArray, expected: [number[], string]) => {
    if (!sameShape(a.shape, expected[0]) || a.data.length !== a.shape.reduce((x, y) => x * y, 1)) {
      throw shapeError(key, a.shape, expected, dims);
    }
    entries.set(key, { dtype: '<f4', shape: [...a.shape], data: a.data });
  };
  const keys = MODEL_KEYS[w.model];
  const arrays = w as unknown as Record<WeightKey, NdArray>;
  for (const key of keys) put(key, arrays[key], shapes[key]!);

  for (const [slot, a] of Object.entries(w.optimizer_slots ?? {})) {
    const variable = slotVariable(slot, keys);
    if (!variable) throw new NpzError(`optimizer slot '${slot}' is not named '<variable>/<slot>' after a weight`);
    put(slot, a, shapes[variable]!);
  }
  if (w.dale_ratio !== null) entries.set('dale_ratio', daleRatioArray(w.dale_ratio));
  entries.set(TRANSFER_FUNCTION_KEY, {
    dtype: '|u1',
    shape: [w.transfer_function.length],
    data: new TextEncoder().encode(w.transfer_function),
  });
  return entries;
}

export function saveWeightsNpz(w: NetworkWeights): Uint8Array {
  return writeNpz(weightsToNpzEntries(w));
}

/** PsychRNN requires 0 ≤ r ≤ 1, and `if dale_ratio:` would take NaN for a ratio. */
function daleRatioArray(r: number): NpyNumericArray {
  if (!Number.isFinite(r) || r < 0 || r > 1) throw new NpzError(`dale_ratio ${r} must be null or in [0, 1]`);
  return { dtype: '<f8', shape: [], data: Float64Array.of(r) };
}

/**
 * Which model a file holds, from the keys only one model has: the LSTM's W_f, W_i, W_o, init_cell (…), the GRU's
 * W_r, W_u, b_r, b_u; init_hidden, W_c or b_c alone mean a gated model whose gates are missing (said as the LSTM's,
 * PsychRNN's own). A file with both models' gates is refused, naming one of each.
 */
function modelOf(entries: Map<string, NpyArray>): ModelType {
  const lstm = LSTM_ONLY_KEYS.find((key) => entries.has(key));
  const gru = GRU_ONLY_KEYS.find((key) => entries.has(key));
  if (lstm && gru) {
    throw new NpzError(`weights file holds both LSTM gates ('${lstm}') and GRU gates ('${gru}'); a file holds one network`);
  }
  if (gru) return 'gru';
  return lstm || LSTM_WEIGHT_KEYS.some((key) => entries.has(key)) ? 'lstm' : 'basic';
}

/** `W_rec/Adam` → `W_rec` when that is one of `keys`. */
function slotVariable(slot: string, keys: readonly WeightKey[]): WeightKey | undefined {
  const cut = slot.indexOf('/');
  const variable = slot.slice(0, cut) as WeightKey;
  return cut > 0 && keys.includes(variable) ? variable : undefined;
}

// ------------------------------------------------------------------------------------------------------- read

export interface LoadWeightsOptions {
  /** Used when the file does not say (PsychRNN files hold none, or a pickled function); default 'relu'. */
  transferFunction?: TransferFunctionName;
}

/**
 * Reads a PsychRNN (or CogRNN) weights file. An LSTM or GRU is recognised by its gate weights (`modelOf`). Shapes are
 * checked against N_in / N_rec / N_out read from W_in, W_rec and W_out; float64 or integer arrays become float32;
 * `<var>/<slot>` arrays (Adam's m and v) go to `optimizer_slots`; other keys are ignored, as PsychRNN ignores them.
 */
export function loadWeightsNpz(bytes: Uint8Array, options: LoadWeightsOptions = {}): NetworkWeights {
  return weightsFromNpzEntries(readNpz(bytes), options);
}

/** `loadWeightsNpz` of an archive already read (`readNpz`), for callers that also read other keys of it. */
export function weightsFromNpzEntries(entries: Map<string, NpyArray>, options: LoadWeightsOptions = {}): NetworkWeights {
  const float32 = (key: string, expected: string): NdArray => {
    const a = entries.get(key);
    if (!a) throw new NpzError(`weights file has no '${key}' (expected shape ${expected}); it has ${keyList(entries)}`);
    return toFloat32(key, a);
  };
  // the sizes come from these matrices' shapes; every other array is then checked against them
  const matrix = (key: string, expected: string): number[] => {
    const { shape } = float32(key, expected);
    if (shape.length !== 2) throw new NpzError(`'${key}' has shape ${shapeText(shape)}, expected a matrix ${expected}`);
    return shape;
  };
  const dims: Dimensions = {
    N_in: matrix('W_in', '[N_rec, N_in]')[1],
    N_rec: matrix('W_rec', '[N_rec, N_rec]')[0],
    N_out: matrix('W_out', '[N_out, N_rec]')[0],
  };
  const model = modelOf(entries);
  if (model !== 'basic') dims.N_batch = matrix('init_hidden', '[N_batch, N_rec]')[0];
  checkRecurrentSizeAgrees(entries, dims);
  const shapes = expectedShapes(dims);

  const keys = MODEL_KEYS[model];
  const arrays = {} as Record<WeightKey, NdArray>;
  for (const key of keys) {
    const expected = shapes[key]!;
    const a = float32(key, `${expected[1]} = ${shapeText(expected[0])}`);
    // PsychRNN's fresh init_state is (N_rec,); its TF variable, and so every saved file, is (1, N_rec).
    if (key === 'init_state' && sameShape(a.shape, [dims.N_rec])) a.shape = [1, dims.N_rec];
    if (!sameShape(a.shape, expected[0])) throw shapeError(key, a.shape, expected, dims);
    requireFinite(key, a);
    arrays[key] = a;
  }
  const optimizer_slots: Record<string, NdArray> = {};
  for (const [key, a] of entries) {
    const variable = slotVariable(key, keys);
    if (!variable) continue;
    const slot = toFloat32(key, a);
    // a slot has its variable's values' count; take the variable's shape so (N_rec,) init_state slots fit too
    if (slot.data.length !== arrays[variable].data.length) throw shapeError(key, slot.shape, shapes[variable]!, dims);
    requireFinite(key, slot);
    optimizer_slots[key] = { data: slot.data, shape: [...arrays[variable].shape] };
  }
  const common = {
    N_in: dims.N_in,
    N_rec: dims.N_rec,
    N_out: dims.N_out,
    dale_ratio: readDaleRatio(entries.get('dale_ratio')),
    transfer_function: readTransferFunction(entries, options.transferFunction),
    ...(Object.keys(optimizer_slots).length > 0 ? { optimizer_slots } : {}),
  };
  switch (model) {
    case 'lstm':
      return { ...(arrays as unknown as LstmWeights), ...common, model };
    case 'gru':
      return { ...(arrays as unknown as GruWeights), ...common, model };
    case 'basic':
      return { ...(arrays as unknown as BasicWeights), ...common, model };
  }
}

/** NaN or infinite weights would train or simulate into NaN without a word: refuse them, naming the entry. */
function requireFinite(key: string, a: NdArray): void {
  const found = firstNonFinite(a.data, a.shape);
  if (found) throw new NpzError(`${describeNonFinite(`'${key}'`, a.data, found)}; weights must be finite numbers`);
}

/**
 * N_rec is read from W_rec; when most of the other arrays say otherwise, W_rec is the odd one out and the error
 * must name it (not the first array checked against its size).
 */
function checkRecurrentSizeAgrees(entries: Map<string, NpyArray>, dims: Dimensions): void {
  const votes: [string, number | undefined][] = [
    ['W_in', entries.get('W_in')?.shape[0]],
    ['W_out', entries.get('W_out')?.shape[1]],
    ['b_rec', entries.get('b_rec')?.shape[0]],
    ['init_state', entries.get('init_state')?.shape.at(-1)],
    ['rec_connectivity', entries.get('rec_connectivity')?.shape[0]],
  ];
  const others = votes.filter(([, n]) => n !== undefined && n !== dims.N_rec) as [string, number][];
  const agreeing = votes.filter(([, n]) => n === dims.N_rec).length;
  if (others.length <= agreeing) return;
  const N_rec = others[0][1];
  const names = others.filter(([, n]) => n === N_rec).map(([name]) => name);
  const shape = entries.get('W_rec')!.shape;
  throw new NpzError(`'W_rec' has shape ${shapeText(shape)}, but ${names.join(', ')} give N_rec = ${N_rec}: expected [N_rec, N_rec] = [${N_rec}, ${N_rec}]`);
}

function keyList(entries: Map<string, NpyArray>): string {
  const keys = [...entries.keys()].filter((k) => !k.includes('/'));
  return keys.length > 0 ? keys.join(', ') : '(none)';
}

function toFloat32(key: string, a: NpyArray): NdArray {
  if (a.dtype === '|O') throw new NpzError(`'${key}' is a pickled Python object, expected a numeric array`);
  if (a.data instanceof Float32Array) return { data: a.data, shape: [...a.shape] };
  const data = new Float32Array(a.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Number(a.data[i]);
  return { data, shape: [...a.shape] };
}

/** PsychRNN: a 0-d array is `.item()`'d; a pickled None or a missing key (files older than 1.0) mean None. */
function readDaleRatio(a: NpyArray | undefined): number | null {
  if (a === undefined) return null;
  let r: number | null;
  if (a.dtype === '|O') {
    if (a.value === undefined) throw new NpzError(`'dale_ratio' is a pickled object that is neither None nor a number`);
    r = a.value;
  } else {
    if (a.data.length !== 1) throw new NpzError(`'dale_ratio' has shape ${shapeText(a.shape)}, expected a scalar ()`);
    r = Number(a.data[0]);
  }
  if (r !== null && !(r >= 0 && r <= 1)) throw new NpzError(`'dale_ratio' is ${r}, PsychRNN requires 0 ≤ r ≤ 1`);
  return r;
}

/**
 * Ours (`cogrnn_transfer_function`) first; then PsychRNN's pickled function when it is a global whose name we
 * know (e.g. `tensorflow.python.ops.gen_nn_ops.relu`); otherwise the caller's choice, else relu.
 */
function readTransferFunction(entries: Map<string, NpyArray>, fallback: TransferFunctionName = 'relu') {
  const isKnown = (name: string): name is TransferFunctionName =>
    (TRANSFER_FUNCTIONS as readonly string[]).includes(name);
  const ours = entries.get(TRANSFER_FUNCTION_KEY);
  if (ours) {
    const name = ours.dtype === '|u1' ? new TextDecoder().decode(ours.data as Uint8Array) : '';
    if (isKnown(name)) return name;
    const known = TRANSFER_FUNCTIONS.join(', ');
    throw new NpzError(`'${TRANSFER_FUNCTION_KEY}' holds ${JSON.stringify(name)}, not one of ${known}`);
  }
  const pickled = entries.get('transfer_function');
  const globalName = pickled?.dtype === '|O' ? pickled.globalName?.split('.').pop() : undefined;
  return globalName !== undefined && isKnown(globalName) ? globalName : fallback;
}
