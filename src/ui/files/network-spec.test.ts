import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadExperimentNpz } from '../../core/io/experiment-file.ts';
import { ndarray } from '../../core/model/weights.ts';
import { FIXTURE_SKIP_REASON, FIXTURE_WEIGHTS } from '../../core/testing/shared.ts';
import { tinyRawWeights } from '../../core/testing/tiny.ts';
import { fittingTasks, PSYCHRNN_TIMING, specForNetwork } from './network-spec.ts';

describe('fittingTasks', () => {
  it('lists the built-in tasks whose N_in and N_out fit, a ring task taking the network’s channel counts', () => {
    const names = (N_in: number, N_out: number) => fittingTasks(tinyRawWeights({ N_in, N_out })).map((t) => t.name);
    expect(names(2, 2)).toEqual(expect.arrayContaining(['PerceptualDiscrimination', 'DelayedDiscrimination', 'MatchToCategory']));
    expect(names(16, 3)).toContain('MatchToCategory');
    expect(names(16, 3)).not.toContain('PerceptualDiscrimination');
    expect(names(1, 7)).toEqual([]); // MatchToCategory needs at least 2 inputs
  });
});

describe('specForNetwork', () => {
  it('takes N_rec, dale_ratio, the masks and the transfer function from the weights and dt, tau from the person', () => {
    const weights = tinyRawWeights({ N_rec: 6, dale_ratio: 0.5, transfer_function: 'tanh', seed: 7 });
    const result = specForNetwork(weights, 'PerceptualDiscrimination', { dt: 20, tau: 100 }, 'mine.npz');
    if (!result.ok) throw new Error(result.message);
    const { spec } = result;
    expect(spec.name).toBe('mine on Perceptual discrimination');
    expect({ dt: spec.task.dt, tau: spec.task.tau, name: spec.task.name }).toEqual({ dt: 20, tau: 100, name: 'PerceptualDiscrimination' });
    expect(spec.model).toMatchObject({ type: 'basic', N_rec: 6, transfer_function: 'tanh' });
    expect(spec.model.constraints.dale_ratio).toBe(0.5);
    const rows = (a: { data: Float32Array; shape: number[] }) =>
      Array.from({ length: a.shape[0] }, (_, i) => Array.from(a.data.subarray(i * a.shape[1], (i + 1) * a.shape[1])));
    expect(spec.model.constraints.rec_connectivity).toEqual(rows(weights.rec_connectivity));
    expect(spec.model.constraints.input_connectivity).toEqual(rows(weights.input_connectivity));
    expect(spec.model.constraints.output_connectivity).toEqual(rows(weights.output_connectivity));
  });

  it('all-ones masks are no masks', () => {
    const result = specForNetwork(tinyRawWeights({ masks: false }), 'DelayedDiscrimination', PSYCHRNN_TIMING, 'w.npz');
    expect(result.ok && result.spec.model.constraints).toMatchObject({ input_connectivity: null, rec_connectivity: null, output_connectivity: null, dale_ratio: null });
  });

  it('sizes a ring task to the network', () => {
    const result = specForNetwork(tinyRawWeights({ N_in: 12, N_out: 3 }), 'MatchToCategory', PSYCHRNN_TIMING, 'ring.npz');
    expect(result.ok && result.spec.task).toMatchObject({ name: 'MatchToCategory', N_in: 12, N_out: 3 });
  });

  it('refuses a task that does not fit, listing those that do', () => {
    const result = specForNetwork(tinyRawWeights({ N_in: 16, N_out: 3 }), 'PerceptualDiscrimination', PSYCHRNN_TIMING, 'w.npz');
    expect(result).toEqual({ ok: false, message: 'PerceptualDiscrimination does not fit a network with N_in 16 and N_out 3 (tasks that fit: MatchToCategory)' });
  });

  it('passes what the spec cannot hold on as the spec parser’s message (a mask that is not 0/1)', () => {
    const weights = tinyRawWeights({ N_rec: 4 });
    weights.rec_connectivity = ndarray([4, 4], new Float32Array(16).fill(0.5));
    const result = specForNetwork(weights, 'PerceptualDiscrimination', PSYCHRNN_TIMING, 'w.npz');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^the network in w\.npz cannot be described by a spec: .*rec_connectivity/);
  });

  it.skipIf(!FIXTURE_WEIGHTS)(`PsychRNN's saved network: PsychRNN's defaults, its relu, no Dale, no masks ${FIXTURE_WEIGHTS ? '' : FIXTURE_SKIP_REASON}`, () => {
    const { weights, spec: stored } = loadExperimentNpz(new Uint8Array(readFileSync(FIXTURE_WEIGHTS!)));
    expect(stored).toBeNull();
    expect(fittingTasks(weights)[0].name).toBe('PerceptualDiscrimination');
    const result = specForNetwork(weights, 'PerceptualDiscrimination', PSYCHRNN_TIMING, 'psychrnn_saved_weights.npz');
    if (!result.ok) throw new Error(result.message);
    expect(result.spec.model).toMatchObject({ type: 'basic', N_rec: 50, transfer_function: 'relu' });
    expect(result.spec.model.constraints).toMatchObject({ dale_ratio: null, rec_connectivity: null });
    expect(result.spec.task).toMatchObject({ dt: 10, tau: 100, T: 2000 });
  });
});
