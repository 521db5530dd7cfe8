import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWeightsNpz } from '../io/weights-file.ts';
import { initialWeights } from '../model/build.ts';
import type { NetworkWeights } from '../model/weights.ts';
import { Rng } from '../rng.ts';
import { type ExperimentSpec, parseSpec } from '../spec/spec.ts';
import { createTask } from '../tasks/registry.ts';
import { useCpuBackend } from '../testing/backend.ts';
import { FIXTURE_SKIP_REASON, FIXTURE_WEIGHTS } from '../testing/shared.ts';
import { tinyRawWeights, tinySpec } from '../testing/tiny.ts';
import { Trainer } from '../train/trainer.ts';
import { comparePerturbation, drawTrials, perturbationRunOptions, silencedUnits, windowSteps } from './perturbation.ts';

/** `spec` with `perturbation` (validated as the page and the CLI would). */
const perturbed = (spec: ExperimentSpec, perturbation: Record<string, unknown> | null) => parseSpec({ ...spec, perturbation });
const trialsOf = (spec: ExperimentSpec, count: number, seed = 3) => drawTrials(createTask(spec.task, new Rng(seed)), count);

describe('the window and the units', () => {
  it('takes the steps t with start ≤ t·dt < end, end null = the trial end', () => {
    expect(windowSteps({ start: 0, end: null }, 10, 20)).toEqual({ first: 0, end: 20 });
    expect(windowSteps({ start: 50, end: 100 }, 10, 20)).toEqual({ first: 5, end: 10 });
    // 55 ms: the first step at or after it is t = 6 (60 ms); 101 ms: the last step before it is t = 10 (100 ms)
    expect(windowSteps({ start: 55, end: 101 }, 10, 20)).toEqual({ first: 6, end: 11 });
    expect(windowSteps({ start: 150, end: 1000 }, 10, 20)).toEqual({ first: 15, end: 20 });
  });

  it('names E as the first ⌊dale_ratio·N_rec⌋ units and I the rest; indices ascending and distinct', () => {
    expect(silencedUnits('all', 4, null)).toEqual([0, 1, 2, 3]);
    expect(silencedUnits('E', 10, 0.8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(silencedUnits('I', 10, 0.8)).toEqual([8, 9]);
    expect(silencedUnits([3, 1, 3], 4, null)).toEqual([1, 3]);
    expect(silencedUnits(null, 4, null)).toEqual([]);
    expect(() => silencedUnits('I', 4, null)).toThrow('silence "I" needs Dale\'s principle');
    expect(() => silencedUnits([4], 4, null)).toThrow("silence names unit 4; this network's units are 0–3");
  });

  it('builds only the run options the perturbation uses, zero gain and cuts inside the window only', () => {
    const ctx = { N_rec: 3, N_in: 2, N_steps: 4, dt: 10, alpha: 0.1, daleRatio: null };
    const spec = tinySpec({ model: { N_rec: 3 } });
    expect(perturbationRunOptions(perturbed(spec, {}).perturbation!, ctx, new Rng(0))).toEqual({});
    const p = perturbed(spec, { start: 10, end: 30, silence: [1], cut_connections: [[0, 1, 0], [0, 0, 0], [0, 0, 0]], W_rec_scale: 2, noise: 0.5 }).perturbation!;
    const options = perturbationRunOptions(p, ctx, new Rng(0));
    expect(Array.from(options.unit_gain!)).toEqual([1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1]);
    const C = options.t_connectivity!;
    expect(Array.from(C.subarray(0, 9))).toEqual(new Array(9).fill(1));
    expect(Array.from(C.subarray(9, 18))).toEqual([2, 0, 2, 2, 2, 2, 2, 2, 2]);
    expect(Array.from(C.subarray(27, 36))).toEqual(new Array(9).fill(1));
    // √(2α)·σ = √0.2 · 0.5 in the window
    expect(Array.from(options.state_noise!.std)).toEqual([0, Math.fround(Math.sqrt(0.2) * 0.5), Math.fround(Math.sqrt(0.2) * 0.5), 0]);
  });
});

describe('comparePerturbation on a random network', () => {
  const spec = tinySpec({ model: { N_rec: 5, rec_noise: 0.05 } });
  const weights = tinyRawWeights({ N_rec: 5, masks: false });
  const trials = trialsOf(spec, 32);

  it('scale 1, σ 0, nothing silenced or cut: the perturbed run is the unperturbed one exactly', () => {
    const none = comparePerturbation(perturbed(spec, { W_rec_scale: 1, noise: 0, input_scale: [1, 1], silence: [] }), weights, trials);
    expect(none.after).toEqual(none.before);
    expect(comparePerturbation(spec, weights, trials).after).toEqual(none.before);
  });

  it('changes nothing before its window; silencing everything in it leaves only b_out', () => {
    const { before, after, window } = comparePerturbation(perturbed(spec, { start: 100, silence: 'all', noise: 0.3, input_scale: [0, 2] }), weights, trials);
    expect(window).toEqual({ startMs: 100, endMs: 200, steps: 10 });
    before.examples.forEach((example, e) => {
      const { output, N_out } = after.examples[e];
      expect(output.subarray(0, 10 * N_out)).toEqual(example.output.subarray(0, 10 * N_out));
      for (let t = 10; t < 20; t++) for (let o = 0; o < N_out; o++) expect(output[t * N_out + o]).toBe(weights.b_out.data[o]);
      // the scaled inputs are shown as the network saw them
      expect(after.examples[e].x.subarray(0, 20)).toEqual(example.x.subarray(0, 20));
      expect(Math.abs(after.examples[e].x[10 * 2])).toBe(0);
    });
  });
});

describe('comparePerturbation on the gated models', () => {
  for (const type of ['lstm', 'gru'] as const) {
    it(`${type}: silencing every unit from 100 ms leaves only b_out there (h = 0), and nothing changes before`, () => {
      const spec = tinySpec({ model: { type, N_rec: 4 } });
      const weights = initialWeights(spec, new Rng(7));
      const { before, after } = comparePerturbation(perturbed(spec, { start: 100, silence: 'all' }), weights, trialsOf(spec, 8));
      before.examples.forEach((example, e) => {
        const { output, N_out } = after.examples[e];
        expect(output.subarray(0, 10 * N_out)).toEqual(example.output.subarray(0, 10 * N_out));
        for (let t = 10; t < 20; t++) for (let o = 0; o < N_out; o++) expect(output[t * N_out + o]).toBe(weights.b_out.data[o]);
      });
    });
  }
});

/** Silencing every unit or half of them, on a network that scores ≥ 0.9 on perceptual discrimination. */
function lesionChecks(name: string, network: () => { spec: ExperimentSpec; weights: NetworkWeights }) {
  describe(name, () => {
    it('silencing all units drops accuracy to chance and flattens the psychometric curve; half the units, less', () => {
      const { spec, weights } = network();
      const trials = trialsOf(spec, 400, 11);
      const all = comparePerturbation(perturbed(spec, { silence: 'all' }), weights, trials);
      expect(all.before.accuracy).toBeGreaterThanOrEqual(0.9);
      expect(Math.abs(all.after.accuracy - 0.5)).toBeLessThan(0.08);
      const curve = all.after.psychometric;
      if (curve.kind !== 'evidence') throw new Error(`expected an evidence curve, got ${curve.kind}`);
      expect(new Set(curve.pChoice1).size).toBe(1);
      expect(curve.fit).toBeNull();
      const half = Array.from({ length: weights.N_rec / 2 }, (_, k) => 2 * k);
      const someUnits = comparePerturbation(perturbed(spec, { silence: half }), weights, trials);
      expect(someUnits.silenced).toBe(weights.N_rec / 2);
      expect(someUnits.after.accuracy).toBeGreaterThan(all.after.accuracy);
    });
  });
}

const fixture = () => {
  const weights = loadWeightsNpz(new Uint8Array(readFileSync(FIXTURE_WEIGHTS as string)));
  return { weights, spec: parseSpec({ version: 3, seed: 1, task: { name: 'PerceptualDiscrimination', dt: 10, tau: 100, T: 2000 } }) };
};
if (FIXTURE_WEIGHTS) lesionChecks("PsychRNN's trained network (../shared/fixtures/psychrnn_saved_weights.npz)", fixture);
else describe.skip(`PsychRNN's trained network: ${FIXTURE_SKIP_REASON}`, () => it('is absent', () => undefined));

describe('a network trained here', () => {
  let trained: { spec: ExperimentSpec; weights: NetworkWeights };
  beforeAll(async () => {
    await useCpuBackend();
    const spec = tinySpec({
      task: { name: 'PerceptualDiscrimination', dt: 10, tau: 100, T: 400, N_batch: 32 },
      model: { N_rec: 10 },
      training: { training_iters: 32000, loss_epoch: 10, optimizer: { type: 'adam', learning_rate: 0.01 }, performance_measure: 'accuracy', performance_cutoff: 0.95 },
    });
    const trainer = new Trainer(spec);
    await trainer.train();
    trained = { spec, weights: await trainer.exportWeights() };
    trainer.dispose();
  }, 120_000);
  lesionChecks('trained to ≥ 0.9 on perceptual discrimination', () => trained);
});
