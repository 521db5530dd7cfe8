import { describe, expect, it } from 'vitest';
import { tinyRawWeights, tinySpec } from '../testing/tiny.ts';
import { INITIAL_KEYS, loadExperimentNpz, saveExperimentNpz, SPEC_KEY } from './experiment-file.ts';
import { readNpz } from './npz.ts';

describe('experiment files', () => {
  const trained = tinyRawWeights({ N_rec: 8, seed: 3 });
  const initial = tinyRawWeights({ N_rec: 8, seed: 4 });

  it('hold the weights the run started from beside the trained ones, float32 in their own shapes', () => {
    const entries = readNpz(saveExperimentNpz(trained, tinySpec(), initial));
    for (const name of ['W_in', 'W_rec', 'W_out'] as const) {
      const entry = entries.get(INITIAL_KEYS[name]);
      expect(entry && 'data' in entry ? { dtype: entry.dtype, shape: entry.shape, data: Array.from(entry.data as Float32Array) } : null, name).toEqual({
        dtype: '<f4',
        shape: initial[name].shape,
        data: Array.from(initial[name].data),
      });
      const saved = entries.get(name);
      expect(saved && 'data' in saved ? Array.from(saved.data as Float32Array) : null).toEqual(Array.from(trained[name].data));
    }
  });

  it('load as before: the extra keys change neither the weights nor the spec', () => {
    const spec = tinySpec();
    const withInitial = loadExperimentNpz(saveExperimentNpz(trained, spec, initial));
    const without = loadExperimentNpz(saveExperimentNpz(trained, spec));
    expect(withInitial).toEqual(without);
    expect(withInitial.spec).toEqual(spec);
    const keys = [...readNpz(saveExperimentNpz(trained, spec)).keys()];
    expect(keys).toContain(SPEC_KEY);
    expect(keys.some((k) => k.startsWith('cogrnn_initial_'))).toBe(false);
  });
});

describe('loading an experiment file', () => {
  it('unzips the archive once: the weights and the stored spec come from the same entries', () => {
    const bytes = saveExperimentNpz(tinyRawWeights({ N_rec: 6, seed: 5 }), tinySpec());
    const reads: Uint8Array[] = [];
    const counted = (b: Uint8Array) => {
      reads.push(b);
      return readNpz(b);
    };
    const file = loadExperimentNpz(bytes, {}, counted);
    expect(reads).toEqual([bytes]);
    expect(file.spec).toEqual(tinySpec());
    expect(file.weights.N_rec).toBe(6);
  });
});
