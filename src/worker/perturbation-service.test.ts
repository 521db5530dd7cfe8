import { describe, expect, it } from 'vitest';
import { saveExperimentNpz } from '../core/io/experiment-file.ts';
import { saveWeightsNpz } from '../core/io/weights-file.ts';
import { parseSpec } from '../core/spec/spec.ts';
import { tinyRawWeights, tinySpec } from '../core/testing/tiny.ts';
import { runPerturbation } from './perturbation-service.ts';

const spec = tinySpec({ model: { N_rec: 5 } });
const weights = tinyRawWeights({ N_rec: 5, masks: false });

describe('runPerturbation', () => {
  it("runs the file's network on its own task, with the page's perturbation", () => {
    const page = parseSpec({ ...spec, perturbation: { silence: 'all' } });
    const answer = runPerturbation({ spec: page, file: saveExperimentNpz(weights, spec), trials: 40 });
    if (!answer.ok) throw new Error(answer.message);
    expect(answer.specSource).toBe('file');
    expect(answer.comparison.trials).toBe(48); // whole batches of N_batch = 16
    expect(answer.comparison.silenced).toBe(5);
    expect(answer.comparison.after.examples[0].output.every((v, k) => v === weights.b_out.data[k % 2])).toBe(true);
  });

  it("uses the page's task for a file without a spec (PsychRNN's)", () => {
    const answer = runPerturbation({ spec: parseSpec({ ...spec, perturbation: { noise: 0.1 } }), file: saveWeightsNpz(weights), trials: 16 });
    expect(answer.ok && answer.specSource).toBe('page');
  });

  it('says what does not fit: a unit the network lacks, a network of another shape, a file that is no network', () => {
    const page = parseSpec({ ...tinySpec({ model: { N_rec: 8 } }), perturbation: { silence: [7] } });
    const stored = runPerturbation({ spec: page, file: saveExperimentNpz(weights, spec) });
    expect(stored).toEqual({
      ok: false,
      message: 'the perturbation does not fit the network (the experiment stored in its file): perturbation.silence[0]: got 7; must be < N_rec = 5 (units are 0–4)',
    });
    const bare = runPerturbation({ spec: page, file: saveWeightsNpz(weights) });
    expect(bare).toEqual({
      ok: false,
      message: 'the network (N_in 2, N_rec 5, N_out 2) does not fit the experiment (N_in 2, N_rec 8, N_out 2 for PerceptualDiscrimination); open the experiment the network was trained on',
    });
    const junk = runPerturbation({ spec: page, file: new Uint8Array([1, 2, 3]) });
    expect(junk.ok).toBe(false);
  });
});
