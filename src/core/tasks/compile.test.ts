import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.ts';
import { compileTask, locateInSource, TaskCompileError } from './compile.ts';
import { Task, TaskFunctionError } from './task.ts';

const TASK = `import { defineTask, inPeriod } from 'cogrnn';

interface Params { sign: 1 | -1 }

export default defineTask({
  name: 'MeanSign',
  title: 'Mean sign',
  description: 'report the sign of a noisy input after a go cue',
  options: { mean: { type: 'number', min: 0, default: 0.5, help: 'size of the mean' } },
  N_in: 2,
  N_out: 2,
  timing: { stimulus: 100, go: 50 },
  generateTrialParams: (rng): Params => ({ sign: rng.int(2) === 1 ? 1 : -1 }),
  trialFunction(time, p, step, rng, task) {
    if (inPeriod(time, p.periods, 'stimulus')) step.x[0] = p.sign * task.mean + 0.1 * rng.normal();
    if (inPeriod(time, p.periods, 'go')) {
      step.x[1] = 1;
      step.y[p.sign > 0 ? 1 : 0] = 1;
      step.mask.fill(1);
    }
  },
});
`;

const compileError = (source: string): TaskCompileError => {
  try {
    compileTask(source, 'my-task.ts');
  } catch (error) {
    expect(error).toBeInstanceOf(TaskCompileError);
    return error as TaskCompileError;
  }
  throw new Error('expected a compile error');
};

describe('compileTask', () => {
  it('turns a TypeScript task file into a definition that builds batches', () => {
    const definition = compileTask(TASK, 'mean-sign.ts');
    expect(definition.name).toBe('MeanSign');
    const task = new Task(definition, { name: 'MeanSign', dt: 10, T: 150, N_batch: 4 }, new Rng(1));
    const { x, mask, params } = task.getTrialBatch();
    expect(x.shape).toEqual([4, 15, 2]);
    expect(params[0].periods).toEqual({ stimulus: [0, 100], go: [100, 150] });
    expect(Array.from(mask.data.subarray(0, 20)).every((v) => v === 0)).toBe(true);
    expect(mask.data[10 * 2]).toBe(1);
  });

  it('gives a syntax error its line and column', () => {
    const error = compileError(TASK.replace("sign: 1 | -1 }", "sign: 1 | -1 }\nconst broken = ;"));
    expect(error.message).toMatch(/^my-task\.ts:4:16: syntax error: Unexpected token$/);
    expect([error.line, error.column]).toEqual([4, 16]);
  });

  it('refuses any import but the API', () => {
    expect(compileError(`import fs from 'node:fs';\nexport default fs.readFileSync('/etc/passwd');`).message).toMatch(
      /imports 'node:fs'; a task file can import only 'cogrnn'/,
    );
  });

  it('says what is missing or wrong in the definition', () => {
    expect(compileError(`export const x = 1;`).message).toMatch(/has no default export; end it with export default defineTask/);
    expect(compileError(TASK.replace("N_out: 2,", "N_out: 0,")).message).toMatch(/defineTask: MeanSign: N_out must be an integer ≥ 1/);
    expect(compileError(`const a = 1;\nthrow new RangeError('early');\nexport default a;`).message).toBe(
      'my-task.ts:2:7: running the file threw RangeError: early',
    );
  });

  it('locates an error thrown in the trial function on the line the person wrote', () => {
    const source = TASK.replace("if (inPeriod(time, p.periods, 'go')) {", "if (time === 120) throw new Error('boom');\n    if (inPeriod(time, p.periods, 'go')) {");
    const definition = compileTask(source, 'mean-sign.ts');
    const task = new Task(definition, { name: 'MeanSign', T: 150, N_batch: 1 }, new Rng(1), 'mean-sign.ts');
    let error: unknown;
    try {
      task.getTrialBatch();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TaskFunctionError);
    // the line and column where the Error was made
    expect((error as Error).message).toBe('MeanSign: trialFunction threw boom (t = 120 ms, batch 1, trial 0; mean-sign.ts:16:29)');
    expect(locateInSource((error as TaskFunctionError).original, 'mean-sign.ts')).toEqual({ file: 'mean-sign.ts', line: 16, column: 29 });
  });
});
