/**
 * The trials and constant inputs of a fixed-point search: conditions in the task's order with their share of
 * trials, the input of each declared period and of the strongest steps read exactly off go/no-go's noise-free
 * trials, the zero-input mix over conditions, and the refusals.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng.ts';
import goNogo from '../../tasks/go-nogo.ts';
import perceptualDiscrimination from '../../tasks/perceptual-discrimination.ts';
import { buildTask } from '../../tasks/task.ts';
import { drawConditionTrials, impliedInput, mixedTrials, periodNames } from './condition-inputs.ts';

const goNogoTask = () => buildTask(goNogo, { dt: 10, T: 1500, N_batch: 8 }, new Rng(3));

describe('drawConditionTrials', () => {
  it("gives every condition its share, in the task's order, the same for the same seed", () => {
    const drawn = drawConditionTrials(goNogoTask(), 5, 1000);
    expect(drawn.conditions.map((c) => [c.label, c.x.shape])).toEqual([
      ['no-go', [5, 150, 3]],
      ['go', [5, 150, 3]],
    ]);
    expect(drawConditionTrials(goNogoTask(), 5, 1000)).toEqual(drawn);
    for (const c of drawn.conditions) for (const p of c.params) expect((p as { choice: number }).choice).toBe(c.label === 'go' ? 1 : 0);
  });

  it('stops at maxTrials, after at least one batch', () => {
    const drawn = drawConditionTrials(goNogoTask(), 100, 10);
    expect(drawn.drawn).toBe(16);
    expect(drawn.conditions.reduce((n, c) => n + c.x.shape[0], 0)).toBe(16);
  });
});

describe('impliedInput', () => {
  const [noGo, go] = drawConditionTrials(goNogoTask(), 4, 1000).conditions;

  it("reads each declared period's input and the strongest steps' input exactly off noise-free trials", () => {
    expect(periodNames(go.params)).toEqual(['fixation', 'stimulus', 'delay', 'decision']);
    expect(impliedInput(go, { kind: 'period', name: 'stimulus' }, 10)).toEqual([1, 0, 1]);
    expect(impliedInput(noGo, { kind: 'period', name: 'stimulus' }, 10)).toEqual([1, 1, 0]);
    expect(impliedInput(go, { kind: 'period', name: 'delay' }, 10)).toEqual([1, 0, 0]);
    expect(impliedInput(go, { kind: 'period', name: 'decision' }, 10)).toEqual([0, 0, 0]);
    // ‖x‖ = √2 in the stimulus, 1 around it: only the stimulus is within 10 % of the peak
    expect(impliedInput(go, { kind: 'strongest' }, 10)).toEqual([1, 0, 1]);
    expect(impliedInput(go, { kind: 'zero' }, 10)).toEqual([0, 0, 0]);
    expect(impliedInput(go, { kind: 'custom', values: [0.5, 0, 2] }, 10)).toEqual([0.5, 0, 2]);
  });

  it("finds perceptual discrimination's stimulus, [1, 1 + coherence], through its input noise", () => {
    const task = buildTask(perceptualDiscrimination, { dt: 10, T: 2000, N_batch: 64 }, new Rng(5));
    const plus = drawConditionTrials(task, 16, 4096).conditions.find((c) => c.label === '+0.30')!;
    const [u0, u1] = impliedInput(plus, { kind: 'strongest' }, 10);
    expect(Math.abs(u0 - 1)).toBeLessThan(0.02);
    expect(Math.abs(u1 - 1.3)).toBeLessThan(0.02);
  });

  it('says why a choice implies no input', () => {
    expect(() => impliedInput(go, { kind: 'period', name: 'response' }, 10)).toThrow(
      'condition go: no time step of its trials lies in the period "response", so it implies no input u; choose another input',
    );
    expect(() => impliedInput(go, { kind: 'custom', values: [1, Number.NaN, 0] }, 10)).toThrow(
      'the input u must be 3 finite numbers (one per input channel, N_in = 3); got [1, NaN, 0]',
    );
  });
});

describe('mixedTrials', () => {
  it('takes the trials of every condition in turn', () => {
    const [noGo, go] = drawConditionTrials(goNogoTask(), 4, 1000).conditions;
    const mixed = mixedTrials([noGo, go], 3);
    expect(mixed.shape).toEqual([3, 150, 3]);
    const block = 150 * 3;
    expect(mixed.data.subarray(0, block)).toEqual(noGo.x.data.subarray(0, block));
    expect(mixed.data.subarray(block, 2 * block)).toEqual(go.x.data.subarray(0, block));
    expect(mixed.data.subarray(2 * block)).toEqual(noGo.x.data.subarray(block, 2 * block));
  });
});
