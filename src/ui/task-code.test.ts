/** The page side of a person's task: task files from the repository's sources, and the network's masks when its shape changes. */
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../core/spec/spec.ts';
import { EMPTY_CHECK } from './store.ts';
import { asTaskFile, fitMasksToShape, kebab, problemText, statusText, taskValues } from './task-code.ts';

const ones = (rows: number, cols: number) => Array.from({ length: rows }, () => Array<number>(cols).fill(1));

describe('task files from the sources', () => {
  it('names a built-in task’s file and turns its import of the API into cogrnn', () => {
    expect(['PerceptualDiscrimination', 'GoNogo', 'DelayMatchSample'].map(kebab)).toEqual(['perceptual-discrimination', 'go-nogo', 'delay-match-sample']);
    expect(asTaskFile("import { defineTask, type TaskIssue } from './api.ts';")).toBe("import { defineTask, type TaskIssue } from 'cogrnn';");
    expect(asTaskFile("import { uniform } from '../../core/tasks/api.ts';")).toBe("import { uniform } from 'cogrnn';");
  });
});

describe('the values a check is of', () => {
  it('reads a built-in task’s options from its keys and a custom task’s from task.options', () => {
    const builtin = parseSpec({ version: 2, task: { name: 'PerceptualDiscrimination', coherence: 0.3 } });
    expect(taskValues(builtin)).toEqual({ dt: 10, tau: 100, T: 2000, N_batch: 128, options: { coherence: 0.3, direction: null } });
    const custom = parseSpec({ version: 2, task: { name: 'custom', source: 'x', N_in: 1, N_out: 2, T: 500, options: { mean: 1 } } });
    expect(taskValues(custom)).toEqual({ dt: 10, tau: 100, T: 500, N_batch: 128, options: { mean: 1 } });
  });
});

describe('connectivity masks when the task’s shape changes', () => {
  const model = parseSpec({
    version: 2,
    task: { name: 'PerceptualDiscrimination' },
    model: {
      N_rec: 3,
      constraints: { input_connectivity: ones(3, 2), output_connectivity: ones(2, 3), rec_connectivity: ones(3, 3), fixed_weights: { W_in: ones(3, 2), b_out: [0, 1] } },
    },
  }).model;

  it('keeps masks that fit', () => {
    expect(fitMasksToShape(model, { N_in: 2, N_out: 2 })).toEqual({ model, note: null });
  });

  it('resets the masks of the old shape to all-to-all, and says which', () => {
    const { model: fitted, note } = fitMasksToShape(model, { N_in: 3, N_out: 2 });
    expect(fitted.constraints.input_connectivity).toBeNull();
    expect(fitted.constraints.fixed_weights).toEqual({ b_out: [0, 1] });
    expect(fitted.constraints.output_connectivity).toEqual(ones(2, 3));
    expect(fitted.constraints.rec_connectivity).toEqual(ones(3, 3));
    expect(note).toBe('The task now has N_in = 3 and N_out = 2: the input connectivity mask and fixed_weights.W_in had the old shape and were reset to all-to-all.');
    expect(model.constraints.input_connectivity).toEqual(ones(3, 2)); // the spec it came from is not changed
    const outputs = fitMasksToShape(model, { N_in: 2, N_out: 1 });
    expect(outputs.note).toMatch(/: the output connectivity mask and fixed_weights\.b_out had the old shape and were reset to all-to-all\.$/);
  });
});

describe('the status line', () => {
  it('says ok, or the first problem with file:line:column, a type error last', () => {
    const task = { name: 'T', title: 'T', description: '', options: {}, defaults: {}, evidenceAxis: null };
    expect(statusText({ ...EMPTY_CHECK, task }, 'a.ts')).toBe('ok');
    expect(statusText({ ...EMPTY_CHECK, checking: true }, 'a.ts')).toBe('checking…');
    const typeError = { message: "Type 'string' is not assignable to type 'number'.", line: 4, column: 7 };
    expect(statusText({ ...EMPTY_CHECK, task, typeError }, 'a.ts')).toBe("a.ts:4:7: type error: Type 'string' is not assignable to type 'number'.");
    const error = { message: 'syntax error: Unexpected token', line: 12, column: 13 };
    expect(statusText({ ...EMPTY_CHECK, task, error, typeError }, 'a.ts')).toBe('a.ts:12:13: syntax error: Unexpected token');
    expect(problemText({ message: 'stopped: the task code ran for more than 3 s (an endless loop?)', line: null, column: null }, 'a.ts')).toBe(
      'stopped: the task code ran for more than 3 s (an endless loop?)',
    );
  });
});
