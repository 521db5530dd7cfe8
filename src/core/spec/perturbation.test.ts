import { describe, expect, it } from 'vitest';
import { emptyPerturbation } from './perturbation.ts';
import { parseSpec, safeParseSpec, specToJson } from './spec.ts';

const PD = { name: 'PerceptualDiscrimination', T: 1000 } as const;
const spec = (perturbation: unknown, model: Record<string, unknown> = { N_rec: 4 }) => ({ version: 3, task: PD, model, perturbation });

/** The spec check's messages for `json`, one per issue. */
function messages(json: unknown): string[] {
  const result = safeParseSpec(json);
  if (result.ok) throw new Error(`expected an error, parsed: ${JSON.stringify(json)}`);
  return result.error.message.split('\n');
}

describe('perturbation in the spec', () => {
  it('is null by default, and fills every default of a given one in', () => {
    expect(parseSpec({ version: 3, task: PD }).perturbation).toBeNull();
    expect(parseSpec(spec({})).perturbation).toEqual({ start: 0, end: null, silence: null, cut_connections: null, noise: 0, W_rec_scale: 1, input_scale: null });
    expect(emptyPerturbation()).toEqual(parseSpec(spec({})).perturbation);
  });

  it('round-trips through the spec JSON', () => {
    const p = { start: 100, end: 600, silence: [0, 2], cut_connections: [[0, 1, 0, 0], [0, 0, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1]], noise: 0.1, W_rec_scale: 0.5, input_scale: [1, 0] };
    const parsed = parseSpec(spec(p));
    expect(parsed.perturbation).toEqual(p);
    expect(parseSpec(JSON.parse(specToJson(parsed)))).toEqual(parsed);
  });

  it('names the field, the value and what is allowed', () => {
    expect(messages(spec({ silence: 'some', noise: -1, W_rec_scale: 'x', start: -5, extra: 1 }))).toEqual([
      'perturbation.start: got -5; must be a number ≥ 0',
      'perturbation.silence: got "some"; must be "all", "E", "I", an array of unit indices (integers ≥ 0) or null',
      'perturbation.noise: got -1; must be a number ≥ 0',
      'perturbation.W_rec_scale: got "x"; must be a number ≥ 0',
      'perturbation.extra: got 1; unknown key "extra"; allowed keys: start, end, silence, cut_connections, noise, W_rec_scale, input_scale',
    ]);
    expect(messages(spec({ silence: [1, -2, 1.5] }))).toEqual([
      'perturbation.silence[1]: got -2; must be a unit index: an integer ≥ 0 (and < N_rec)',
      'perturbation.silence[2]: got 1.5; must be a unit index: an integer ≥ 0 (and < N_rec)',
    ]);
  });

  it('is checked against the network and the trial', () => {
    expect(messages(spec({ silence: [3, 999], end: 1500, input_scale: [1], cut_connections: [[1]] }))).toEqual([
      "perturbation.end: got 1500; must be ≤ task.T = 1000 ms (the trial's length), or null for the trial's end",
      'perturbation.silence[1]: got 999; must be < N_rec = 4 (units are 0–3)',
      "perturbation.cut_connections: got a 1×1 matrix; must be a 4 × 4 matrix (N_rec = 4), W_rec's shape",
      'perturbation.input_scale: got [1]; must hold one factor per input channel: 2 (N_in = 2)',
    ]);
    expect(messages(spec({ start: 500, end: 400 }))).toEqual(['perturbation.start: got 500; must be < end = 400 ms (the window is start ≤ t < end)']);
    // the last step of a 1000 ms trial at dt = 10 ms is at 990 ms
    expect(messages(spec({ start: 995 }))).toEqual(["perturbation.start: got 995; must be ≤ 990 ms, the time of the trial's last step (task.T = 1000 ms, dt = 10 ms)"]);
  });

  it("allows E and I only under Dale's principle", () => {
    expect(messages(spec({ silence: 'E' }))).toEqual([
      `perturbation.silence: got "E"; needs Dale's principle (model.constraints.dale_ratio): without it units are neither excitatory nor inhibitory; use "all" or unit indices`,
    ]);
    expect(parseSpec(spec({ silence: 'I' }, { N_rec: 4, constraints: { dale_ratio: 0.5 } })).perturbation?.silence).toBe('I');
  });
});
