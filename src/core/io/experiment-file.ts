/**
 * A weights file that remembers its experiment: PsychRNN's .npz layout (weights-file.ts) plus
 * the experiment spec as UTF-8 bytes under `cogrnn_spec`. PsychRNN's loader reads only the keys it
 * needs, so the extra key is harmless there; here it lets `simulate` and `eval` know dt, tau and the task.
 * A trained network's file also holds the effective weights the run started from, under `cogrnn_initial_W_in`,
 * `cogrnn_initial_W_rec` and `cogrnn_initial_W_out`, so anyone with the file alone can check that fixed weights never
 * moved and see what training changed.
 */
import { NpzError, type NpyArray, readNpz, writeNpz } from './npz.ts';
import { type LoadWeightsOptions, weightsFromNpzEntries, weightsToNpzEntries } from './weights-file.ts';
import type { NetworkWeights } from '../model/weights.ts';
import { type ExperimentSpec, parseSpecText, specToJson } from '../spec/spec.ts';

export const SPEC_KEY = 'cogrnn_spec';
export const INITIAL_KEYS = { W_in: 'cogrnn_initial_W_in', W_rec: 'cogrnn_initial_W_rec', W_out: 'cogrnn_initial_W_out' } as const;

/** The effective input, recurrent and output weights before the first training step. */
export type InitialWeights = Pick<NetworkWeights, 'W_in' | 'W_rec' | 'W_out'>;

export function saveExperimentNpz(weights: NetworkWeights, spec: ExperimentSpec | null, initial?: InitialWeights): Uint8Array {
  const entries = weightsToNpzEntries(weights);
  if (initial) {
    for (const name of ['W_in', 'W_rec', 'W_out'] as const) {
      const { shape, data } = initial[name];
      entries.set(INITIAL_KEYS[name], { dtype: '<f4', shape, data: data.slice() });
    }
  }
  if (spec) {
    const bytes = new TextEncoder().encode(specToJson(spec));
    entries.set(SPEC_KEY, { dtype: '|u1', shape: [bytes.length], data: bytes });
  }
  return writeNpz(entries);
}

/** The starting weights a file's entries hold (`cogrnn_initial_…`), or null when any of the three is missing. */
export function initialWeightsFrom(entries: Map<string, NpyArray>): InitialWeights | null {
  const read = (name: keyof InitialWeights) => {
    const entry = entries.get(INITIAL_KEYS[name]);
    return entry && 'data' in entry && entry.data instanceof Float32Array ? { data: entry.data, shape: entry.shape } : null;
  };
  const [W_in, W_rec, W_out] = [read('W_in'), read('W_rec'), read('W_out')];
  return W_in && W_rec && W_out ? { W_in, W_rec, W_out } : null;
}

export interface ExperimentFile {
  weights: NetworkWeights;
  /** The spec the weights were trained with, when the file came from CogRNN. */
  spec: ExperimentSpec | null;
}

/**
 * Reads a weights file and the spec stored in it, unzipping it once: the weights and `cogrnn_spec` come from the
 * same entries. `readEntries` is the archive reader (readNpz; a test counts its calls).
 */
export function loadExperimentNpz(
  bytes: Uint8Array,
  options: LoadWeightsOptions = {},
  readEntries: (bytes: Uint8Array) => Map<string, NpyArray> = readNpz,
): ExperimentFile {
  const entries = readEntries(bytes);
  const weights = weightsFromNpzEntries(entries, options);
  const entry = entries.get(SPEC_KEY);
  const spec = entry && 'data' in entry ? embeddedSpec(new TextDecoder().decode(entry.data as Uint8Array)) : null;
  return { weights, spec };
}

/** The spec stored in the file; its errors say that they are about the stored spec, not a spec file. */
function embeddedSpec(text: string): ExperimentSpec {
  try {
    return parseSpecText(text);
  } catch (error) {
    const where = `the experiment spec stored in the file (${SPEC_KEY})`;
    throw new NpzError(`${where} is invalid: ${(error as Error).message.split('\n').join('; ')}`);
  }
}
