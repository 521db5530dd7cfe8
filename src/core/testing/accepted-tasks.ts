/**
 * The property each NeuroGym task's protocol test checks: for any options its bounds and rules accept, the task
 * builds, and every trial has a masked step and shows its stimulus. Options they refuse must be refused by the checks
 * (an Error naming the option), never by a task function failing (a TaskFunctionError).
 */
import * as fc from 'fast-check';
import type { ExpectStatic } from 'vitest';
import { trialView } from '../array3.ts';
import { Rng } from '../rng.ts';
import type { AnyTaskDefinition } from '../tasks/api.ts';
import { buildTask, type ConfigOf, TaskFunctionError } from '../tasks/task.ts';

const TRIALS = 3;

/**
 * Runs the property over `configs` (seed 1): `shows(x, N_in)` says whether one trial's inputs `[N_steps × N_in]`
 * show its stimulus. More than 30 of the runs must be accepted, or the property says little.
 */
export function expectAcceptedTasksScoreAndShow<D extends AnyTaskDefinition>(
  expect: ExpectStatic,
  definition: D,
  configs: fc.Arbitrary<ConfigOf<D>>,
  shows: (x: Float32Array, N_in: number) => boolean,
  numRuns = 300,
): void {
  let built = 0;
  fc.assert(
    fc.property(configs, (c) => {
      let task;
      try {
        task = buildTask(definition, { ...c, N_batch: TRIALS } as ConfigOf<D>, new Rng(1));
      } catch (error) {
        expect(error).not.toBeInstanceOf(TaskFunctionError);
        return;
      }
      built++;
      const { x, mask } = task.getTrialBatch();
      for (let b = 0; b < TRIALS; b++) {
        expect(trialView(mask, b).some((m) => m === 1)).toBe(true);
        expect(shows(trialView(x, b), task.N_in)).toBe(true);
      }
    }),
    { numRuns, seed: 1 },
  );
  expect(built).toBeGreaterThan(30);
}
