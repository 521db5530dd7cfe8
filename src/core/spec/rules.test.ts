/**
 * The rules no single field's type shows, checked when the spec is parsed so that what parses also builds and
 * means something: each task's protocol against T and dt, α = dt/τ ≤ 1, networks that could learn nothing,
 * sizes past what the engine holds, and numbers too large for a double. Each case names the field, the value and
 * the fix; the edge on the accepted side parses.
 */
import { describe, expect, it } from 'vitest';
import { estimateResources, MAX_TRAINING_BYTES, resourceWarning } from '../resources.ts';
import { parseSpecText, safeParseSpec } from './spec.ts';

const PD = { name: 'PerceptualDiscrimination' } as const;
const DD = { name: 'DelayedDiscrimination' } as const;
const MTC = { name: 'MatchToCategory' } as const;
const spec = (task: object, extra: Record<string, unknown> = {}) => ({ version: 1, task, ...extra });
/** Units 0–1 are region 1 (they get the inputs), 2–3 region 2 (they drive the outputs); nothing goes from 1 to 2. */
const TWO_REGIONS_CUT = {
  input_connectivity: [[1, 1], [1, 1], [0, 0], [0, 0]],
  rec_connectivity: [[1, 1, 1, 1], [1, 1, 1, 1], [0, 0, 1, 1], [0, 0, 1, 1]],
  output_connectivity: [[0, 0, 1, 1], [0, 0, 1, 1]],
};
const frozen = { W_in: false, W_rec: false, W_out: false, b_rec: false, b_out: false, init_state: false };

interface Refused {
  name: string;
  json: unknown;
  /** the one line the spec error must be, up to the part that explains it */
  line: string | RegExp;
}

const REFUSED: Refused[] = [
  { name: 'PD with T shorter than dt', json: spec({ ...PD, T: 5 }), line: /^task\.T: got 5; is too short for dt = 10 ms: no time step falls inside a stimulus.*T ≥ 40 ms works$/ },
  { name: 'PD whose 3 steps end before any target', json: spec({ ...PD, T: 30 }), line: /^task\.T: got 30; is too short for dt = 10 ms: its 3 time steps end before any trial's target/ },
  { name: 'PD at dt 90, T 100', json: spec({ ...PD, T: 100, dt: 90, tau: 100 }), line: /^task\.T: got 100; is too short for dt = 90 ms.*T ≥ 180 ms works$/ },
  { name: 'MatchToCategory with T 3 (typed one key at a time)', json: spec({ ...MTC, T: 3 }), line: 'task.T: got 3; must be ≥ 2000 ms for MatchToCategory (its fixed periods: onset 200 + input 1000 + output 800 ms)' },
  { name: 'MatchToCategory stepping over its output period', json: spec({ ...MTC, dt: 1000, tau: 1000 }), line: /^task\.dt: got 1000; is too coarse: no time step falls in the output period \(1200 to 2000 ms\).*dt ≤ 800 ms works$/ },
  { name: 'DelayedDiscrimination with a 0 ms decision period', json: spec({ ...DD, decision_duration: 0 }), line: 'task.decision_duration: got 0; must be > 0 ms: a decision period of 0 ms holds no time step' },
  { name: 'DelayedDiscrimination with a 0 ms stimulus', json: spec({ ...DD, stim_duration_2: 0 }), line: 'task.stim_duration_2: got 0; must be > 0 ms: a stimulus 2 of 0 ms holds no time step' },
  { name: 'DelayedDiscrimination whose fixed periods overrun T', json: spec({ ...DD, onset_time: 1500, delay_duration: 600 }), line: /^task\.T: got 2000; is too short: with onset_time = 1500, delay_duration = 600 ms no time step .* stimulus 2/ },
  { name: 'a curriculum stage too short for its task', json: spec(PD, { curriculum: { stages: [{ ...PD, coherence: 0.5 }, { ...PD, T: 3 }] } }), line: /^curriculum\.stages\[1\]\.T: got 3; is too short for dt = 10 ms/ },
  { name: 'dt longer than tau', json: spec({ ...PD, dt: 200 }), line: /^task\.dt: got 200; must be ≤ tau = 100 ms: α = dt\/τ > 1/ },
  { name: 'a Dale ratio that leaves no excitatory unit', json: spec(PD, { model: { constraints: { dale_ratio: 0.01 } } }), line: /^model\.constraints\.dale_ratio: got 0\.01; gives ⌊0\.01·50⌋ = 0 excitatory units.*use ≥ 0\.02 \(1\/N_rec\), or null$/ },
  { name: 'an output no unit reaches', json: spec(PD, { model: { N_rec: 3, constraints: { output_connectivity: [[1, 0, 0], [0, 0, 0]] } } }), line: /^model\.constraints\.output_connectivity\[1\]: got \[0,0,0\]; must connect output 1 to at least one unit/ },
  { name: 'an output only inhibitory units reach', json: spec(PD, { model: { N_rec: 4, constraints: { dale_ratio: 0.5, output_connectivity: [[1, 0, 1, 1], [0, 0, 1, 1]] } } }), line: /^model\.constraints\.output_connectivity\[1\]: got \[0,0,1,1\]; must connect output 1 to at least one excitatory unit \(the first 2\)/ },
  { name: 'no input reaches the network', json: spec(PD, { model: { N_rec: 2, constraints: { input_connectivity: [[0, 0], [0, 0]] } } }), line: /^model\.constraints\.input_connectivity: got a 2×2 matrix; must hold at least one 1/ },
  { name: 'two regions with the region 1 → region 2 pathway cut (inputs to 1, outputs from 2)', json: spec(PD, { model: { N_rec: 4, constraints: TWO_REGIONS_CUT } }), line: /^model\.constraints\.rec_connectivity: got a 4×4 matrix; cuts every path from the inputs to outputs 0, 1: no unit that receives an input/ },
  { name: 'inputs only to inhibitory units that never reach an excitatory one (Dale)', json: spec(PD, { model: { N_rec: 4, constraints: { dale_ratio: 0.5, input_connectivity: [[0, 0], [0, 0], [1, 1], [1, 1]], rec_connectivity: [[1, 1, 0, 0], [1, 1, 0, 0], [1, 1, 1, 1], [1, 1, 1, 1]] } } }), line: /cuts every path from the inputs to outputs 0, 1: .* an excitatory unit \(the first 2\) that drives outputs 0, 1/ },
  { name: 'one output cut off by its own row and the recurrent mask', json: spec(PD, { model: { N_rec: 4, constraints: { ...TWO_REGIONS_CUT, output_connectivity: [[1, 0, 1, 1], [0, 0, 1, 1]] } } }), line: /^model\.constraints\.rec_connectivity: got a 4×4 matrix; cuts every path from the inputs to output 1:/ },
  { name: 'const_unif with init_minval above init_maxval', json: spec(PD, { model: { initializer: { type: 'WeightInitializer', which_rand_init: 'const_unif', init_minval: 0.5 } } }), line: 'model.initializer.init_minval: got 0.5; must be < init_maxval = 0.1: const_unif draws from U[init_minval, init_maxval)' },
  { name: 'painted masks of another N_rec (the shape is said, the paths are not traced)', json: spec(PD, { model: { N_rec: 6, constraints: TWO_REGIONS_CUT } }), line: /^model\.constraints\.rec_connectivity: got a 4×4 matrix; must be a 6 × 6 matrix/ },
  { name: 'nothing trainable', json: spec(PD, { model: { constraints: { trainable: frozen } } }), line: /^model\.constraints\.trainable: .*leaves nothing to train/ },
  { name: 'every trainable variable wholly fixed', json: spec(PD, { model: { N_rec: 1, constraints: { trainable: { ...frozen, b_out: true }, fixed_weights: { b_out: [1, 1] } } } }), line: /leaves nothing to train/ },
  { name: 'N_rec 20000', json: spec(PD, { model: { N_rec: 20000 } }), line: /^model\.N_rec: got 20000; is too large: training would need about \d+(\.\d+)? GiB \(recurrent states 128 trials × 200 steps × 20,000 units.*up to 4 GiB: lower model\.N_rec/ },
  { name: 'N_rec 1e5', json: spec(PD, { model: { N_rec: 1e5 } }), line: /^model\.N_rec: got 100000; is too large/ },
  { name: 'N_batch 1e7', json: spec({ ...PD, N_batch: 1e7 }), line: /^task\.N_batch: got 10000000; is too large: .* TiB/ },
  { name: 'T 1e9', json: spec({ ...PD, T: 1e9 }), line: /^task\.T: got 1000000000; is too large: .*100,000,000 steps/ },
  { name: 'MatchToCategory with 100,000 inputs (the trial batch dominates)', json: spec({ ...MTC, N_in: 100000 }), line: /^task\.N_in: got 100000; is too large: .* task\.N_in or the steps/ },
  { name: 'dt 0.01 (200,000 steps a trial)', json: spec({ ...PD, dt: 0.01 }), line: /^task\.dt: got 0\.01; is too small: .*200,000 steps/ },
  { name: 'an LSTM too large', json: spec(PD, { model: { type: 'lstm', N_rec: 6000 } }), line: /^model\.N_rec: got 6000; is too large/ },
];

const ACCEPTED: [string, unknown][] = [
  ['PD at the shortest T for dt 10 (40 ms)', spec({ ...PD, T: 40 })],
  ['PD at T 31 (4 steps reach a target)', spec({ ...PD, T: 31 })],
  ['MatchToCategory at dt 800', spec({ ...MTC, dt: 800, tau: 800 })],
  ['DelayedDiscrimination with short fixed periods that still hold a step', spec({ ...DD, onset_time: 5, stim_duration_1: 10, delay_duration: 1960, stim_duration_2: 10, decision_duration: 10 })],
  ['dt equal to tau (a discrete-time RNN)', spec({ ...PD, dt: 100, T: 2000 })],
  ['a Dale ratio of exactly one excitatory unit', spec(PD, { model: { constraints: { dale_ratio: 0.02 } } })],
  ['only b_out trainable', spec(PD, { model: { constraints: { trainable: { ...frozen, b_out: true } } } })],
  ['two regions joined by one region 1 → region 2 connection', spec(PD, { model: { N_rec: 4, constraints: { ...TWO_REGIONS_CUT, rec_connectivity: [[1, 1, 1, 1], [1, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 1]] } } })],
  ['a path through a unit with no autapse and no own input', spec(PD, { model: { N_rec: 3, constraints: { autapses: false, input_connectivity: [[1, 1], [0, 0], [0, 0]], rec_connectivity: [[0, 0, 0], [1, 0, 0], [0, 1, 0]], output_connectivity: [[0, 0, 1], [0, 0, 1]] } } })],
  ['init_minval above init_maxval while const_unif is not used (the bounds are ignored)', spec(PD, { model: { initializer: { type: 'GaussianSpectralRadius', init_minval: 0.5 } } })],
  ['N_rec 3000 (large, warned, not refused)', spec(PD, { model: { N_rec: 3000 } })],
];

describe('rules beyond the field types', () => {
  it.each(REFUSED.map((c) => [c.name, c] as const))('refuses %s', (_, c) => {
    const result = safeParseSpec(c.json);
    expect(result.ok, JSON.stringify(c.json)).toBe(false);
    if (result.ok) return;
    const lines = result.error.message.split('\n');
    if (typeof c.line === 'string') expect(lines).toContain(c.line);
    else expect(lines.some((line) => (c.line as RegExp).test(line)), lines.join('\n')).toBe(true);
  });

  it.each(ACCEPTED)('accepts %s', (_, json) => {
    const result = safeParseSpec(json);
    expect(result.ok ? '' : result.error.message).toBe('');
  });

  it('reports a number too large for a double as written, not as null or Infinity', () => {
    const text = '{"version": 1, "task": {"name": "PerceptualDiscrimination", "T": 1e400}, "model": {"N_rec": -1e999}}';
    expect(() => parseSpecText(text)).toThrow(
      'task.T: got 1e400 (beyond the largest number, about 1.8e308); must be a number > 0\n' +
        'model.N_rec: got -1e999 (beyond the largest number, about 1.8e308); must be an integer ≥ 1',
    );
    const parsed = safeParseSpec({ version: 1, task: { ...PD, T: Infinity } });
    expect(parsed.ok ? '' : parsed.error.message).toBe('task.T: got Infinity; must be a number > 0');
  });
});

describe('resource estimates', () => {
  const at = (model: object, task: object = {}) => estimateResources(safeParseOk(spec({ ...PD, ...task }, { model })));

  it('grow with N_rec² for the weights and with N_batch · N_steps · N_rec for the states', () => {
    const small = at({ N_rec: 100 });
    const wide = at({ N_rec: 200 });
    const long = at({ N_rec: 100 }, { T: 4000 });
    expect(wide.parts.weights / small.parts.weights).toBeGreaterThan(3.9); // N_rec² plus the N_rec·(N_in + N_out) input and output weights
    expect(wide.parts.weights / small.parts.weights).toBeLessThan(4);
    expect(wide.parts.states / small.parts.states).toBeCloseTo(2, 5);
    expect(long.parts.states / small.parts.states).toBeCloseTo(2, 5);
    expect(long.statesShape).toEqual([128, 400, 100]);
    expect(at({ N_rec: 100, rec_noise: 0.1 }).parts.states).toBeGreaterThan(small.parts.states);
    expect(at({ N_rec: 100, type: 'lstm' }).parts.weights).toBeGreaterThan(small.parts.weights);
  });

  it('match what was measured, within a factor of 1.5 (peak RSS, Node 20, 2026-12-01)', () => {
    // [model, N_rec, N_batch, T, measured MiB]
    const measured: [string, number, number, number, number][] = [
      ['basic', 1000, 128, 2000, 662],
      ['basic', 3000, 8, 500, 1016],
      ['lstm', 500, 128, 2000, 472],
      ['lstm', 2000, 8, 500, 1655],
    ];
    for (const [type, N_rec, N_batch, T, mib] of measured) {
      const e = at({ type, N_rec, initializer: { type: 'WeightInitializer' } }, { N_batch, T });
      const ratio = e.bytes / 2 ** 20 / mib;
      expect(ratio, `${type} ${N_rec}`).toBeGreaterThan(0.9);
      expect(ratio, `${type} ${N_rec}`).toBeLessThan(1.5);
    }
  });

  it('warn with figures and the field to change past 1 GiB or an hour, and stay quiet for the paper’s network', () => {
    expect(resourceWarning(safeParseOk(spec(PD)))).toBeNull();
    const warning = resourceWarning(safeParseOk(spec(PD, { model: { N_rec: 3000 } })));
    expect(warning).toMatch(/^large experiment: about \d+(\.\d+)? GiB of memory, \d+ min to initialize W_rec .* lower model\.N_rec/);
    expect(estimateResources(safeParseOk(spec(PD, { model: { N_rec: 3000 } }))).bytes).toBeLessThan(MAX_TRAINING_BYTES);
  });
});

function safeParseOk(json: unknown) {
  const result = safeParseSpec(json);
  if (!result.ok) throw result.error;
  return result.spec;
}
