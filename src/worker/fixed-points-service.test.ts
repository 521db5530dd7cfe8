/**
 * The fixed-points service: the conditions and inputs it offers for a held network (the stimulus u of perceptual
 * discrimination read back from its noisy trials), a search that finds stable points below the q tolerance on a
 * small network and on PsychRNN's trained one, Cancel returning what was found so far, and clear refusals.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { saveExperimentNpz } from '../core/io/experiment-file.ts';
import { FIXTURE_SKIP_REASON, FIXTURE_WEIGHTS } from '../core/testing/shared.ts';
import { tinyRawWeights, tinySpec } from '../core/testing/tiny.ts';
import type { FindProgress, FindRequest } from './fixed-points-protocol.ts';
import { describeFixedPoints, FixedPointService, searchOptionProblems, TRIALS_PER_CONDITION } from './fixed-points-service.ts';

const spec = tinySpec({ model: { N_rec: 8, transfer_function: 'tanh' } });
// a weakly coupled tanh network: F is a contraction, so every start falls onto one stable point
const weights = tinyRawWeights({ N_rec: 8, masks: false, recStd: 0.2, transfer_function: 'tanh', seed: 4 });
const network = { file: saveExperimentNpz(weights, spec) };
/** a 64-unit network and 256 starts: thousands of iterations, so the search is still under way when it is cancelled */
const longSpec = tinySpec({ model: { N_rec: 64, transfer_function: 'tanh' } });
const long: Partial<FindRequest> = {
  spec: longSpec,
  network: { file: saveExperimentNpz(tinyRawWeights({ N_rec: 64, masks: false, recStd: 0.1, transfer_function: 'tanh', seed: 5 }), longSpec) },
  options: { startCount: 256, qTolerance: 1e-8, maxIterations: 200_000 },
};

function request(overrides: Partial<FindRequest> = {}): FindRequest {
  return {
    spec,
    network,
    condition: '+0.50',
    input: { kind: 'strongest' },
    options: { startCount: 12, qTolerance: 1e-8, maxIterations: 4000 },
    ...overrides,
  };
}

describe('describeFixedPoints', () => {
  it("lists the task's conditions in order, each with the stimulus input its noisy trials imply", () => {
    const answer = describeFixedPoints({ spec, network });
    if (!answer.ok) throw new Error(answer.message);
    const { choices } = answer;
    expect(choices).toMatchObject({ model: 'basic', N_rec: 8, N_in: 2, specSource: 'file', taskName: 'PerceptualDiscrimination' });
    expect(choices.conditions.map((c) => c.label)).toEqual(['-0.70', '-0.50', '-0.30', '-0.10', '+0.10', '+0.30', '+0.50', '+0.70']);
    for (const c of choices.conditions) expect(c.trials).toBe(TRIALS_PER_CONDITION);
    const plus = choices.conditions.find((c) => c.label === '+0.50')!;
    expect(plus.inputs.map((i) => i.label)).toEqual(['strongest input (stimulus)', 'zero input']);
    // during the stimulus x = [1, 1.5] plus noise of std 0.045 per step, averaged over hundreds of steps
    const [u0, u1] = plus.inputs[0].u!;
    expect(u0).toBeCloseTo(1, 1);
    expect(u1).toBeCloseTo(1.5, 1);
    expect(plus.inputs[1].u).toEqual([0, 0]);
  });

  it('refuses a network whose input channels do not fit the task', () => {
    const wide = tinyRawWeights({ N_in: 3, N_rec: 8, masks: false });
    expect(describeFixedPoints({ spec, network: { weights: wide } })).toEqual({
      ok: false,
      message: 'the network has N_in = 3 input channels but its task PerceptualDiscrimination gives 2; open the experiment the network was trained on',
    });
  });
});

describe('FixedPointService.find', () => {
  it('finds a stable point below the q tolerance at the stimulus input, with the trajectories and points on the same PCs', async () => {
    const progress: FindProgress[] = [];
    const answer = await new FixedPointService().find(request(), (p) => progress.push(p));
    if (!answer.ok) throw new Error(answer.message);
    const { result } = answer;
    expect(result).toMatchObject({ condition: '+0.50', inputLabel: 'strongest input (stimulus)', model: 'basic', cancelled: false });
    expect(result.points.length).toBeGreaterThanOrEqual(1);
    for (const p of result.points) expect(p.q).toBeLessThan(1e-8);
    expect(result.points.some((p) => p.stability === 'stable' && p.maxAbsEigenvalue < 1)).toBe(true);
    expect(result.trajectories).toMatchObject({ trials: TRIALS_PER_CONDITION, N_steps: 20 });
    expect(result.trajectories.projections).toHaveLength(TRIALS_PER_CONDITION * 20 * 3);
    expect(result.explained[0]).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ iteration: result.iterations, maxIterations: 4000 });
    expect(progress.at(-1)!.kept).toBeGreaterThanOrEqual(1);
  });

  it('searches at zero input over the trials of every condition', async () => {
    const answer = await new FixedPointService().find(request({ condition: null }), () => undefined);
    if (!answer.ok) throw new Error(answer.message);
    expect(answer.result).toMatchObject({ condition: null, inputLabel: 'zero input', input: [0, 0] });
    expect(answer.result.points.some((p) => p.stability === 'stable')).toBe(true);
  });

  it('Cancel stops a long search and answers with what it found, marked cancelled', async () => {
    const service = new FixedPointService();
    // cancelled at the first progress message, 20 iterations in
    const answer = await service.find(request(long), () => service.cancel());
    if (!answer.ok) throw new Error(answer.message);
    expect(answer.result.cancelled).toBe(true);
    expect(answer.result.iterations).toBeLessThan(200_000);
  });

  it('a new search cancels the one under way', async () => {
    const service = new FixedPointService();
    const first = service.find(request(long), () => undefined);
    const second = service.find(request(), () => undefined);
    const [a, b] = await Promise.all([first, second]);
    expect(a.ok && a.result.cancelled).toBe(true);
    expect(b.ok && !b.result.cancelled).toBe(true);
  });

  it('refuses bad options, an unknown condition and a wrong custom u, saying what is allowed', async () => {
    const service = new FixedPointService();
    const bad = await service.find(request({ options: { startCount: 0, qTolerance: -1, maxIterations: 2.5 } }), () => undefined);
    expect(bad).toEqual({
      ok: false,
      message:
        'the number of starts must be a whole number from 1 to 4,096; got 0; the maximum number of iterations must be a whole number from 1 to 200,000; got 2.5; the q tolerance must be a number from 1e-30 to 1; got -1',
    });
    expect(await service.find(request({ condition: '+0.90' }), () => undefined)).toEqual({
      ok: false,
      message: 'condition "+0.90" did not occur in 192 trials of the task; its conditions are -0.70, -0.50, -0.30, -0.10, +0.10, +0.30, +0.50, +0.70',
    });
    expect(await service.find(request({ input: { kind: 'custom', values: [1] } }), () => undefined)).toEqual({
      ok: false,
      message: 'the input u must be 2 finite numbers (one per input channel, N_in = 2); got [1]',
    });
    expect(await service.find(request({ input: { kind: 'period', name: 'delay' } }), () => undefined)).toEqual({
      ok: false,
      message: 'condition +0.50: no time step of its trials lies in the period "delay", so it implies no input u; choose another input',
    });
  });

  it('accepts the defaults the page offers', () => {
    expect(searchOptionProblems({ startCount: 64, qTolerance: 1e-8, maxIterations: 5000 })).toEqual([]);
  });
});

describe.skipIf(!FIXTURE_WEIGHTS)(`PsychRNN's trained network (${FIXTURE_SKIP_REASON})`, () => {
  it('at zero input: points below the q tolerance, at least one stable', async () => {
    const fixtureSpec = tinySpec({ task: { name: 'PerceptualDiscrimination', dt: 10, tau: 100, T: 2000, N_batch: 64 }, model: { N_rec: 50 } });
    const file = new Uint8Array(readFileSync(FIXTURE_WEIGHTS as string));
    const answer = await new FixedPointService().find(
      { spec: fixtureSpec, network: { file }, condition: null, input: { kind: 'zero' }, options: { startCount: 16, qTolerance: 1e-8, maxIterations: 3000 } },
      () => undefined,
    );
    if (!answer.ok) throw new Error(answer.message);
    const { points } = answer.result;
    expect(points.length).toBeGreaterThanOrEqual(1);
    for (const p of points) expect(p.q).toBeLessThan(1e-8);
    expect(points.some((p) => p.stability === 'stable')).toBe(true);
  });
});
