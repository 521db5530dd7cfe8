import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.ts';
import { parseSpec, safeParseSpec } from '../spec/spec.ts';
import { compileTask } from './compile.ts';
import { installTaskCompiler } from './custom-task.ts';
import { createTask } from './registry.ts';

const SOURCE = `import { defineTask } from 'cogrnn';
export default defineTask({
  name: 'Echo',
  title: 'Echo',
  description: 'copy the input to the output',
  options: { channels: { type: 'number', integer: true, min: 1, max: 8, default: 2, help: 'how many channels' } },
  N_in: (task) => task.channels,
  N_out: (task) => task.channels,
  generateTrialParams: (rng, task) => ({ hot: rng.int(task.channels) }),
  trialFunction(_time, p, step) {
    step.x[p.hot] = 1;
    step.y[p.hot] = 1;
    step.mask.fill(1);
  },
});
`;

const custom = (task: object) => ({ version: 2, task: { name: 'custom', source: SOURCE, file: 'echo.ts', N_in: 2, N_out: 2, ...task } });

describe('a custom task in the spec', () => {
  it('parses with its source, file, option values and recorded shapes; defaults fill the rest', () => {
    const spec = parseSpec(custom({ T: 100 }));
    expect(spec.task).toMatchObject({ name: 'custom', file: 'echo.ts', N_in: 2, N_out: 2, options: {}, dt: 10, tau: 100, T: 100, N_batch: 128 });
  });

  it('says what a custom task needs', () => {
    const issues = (task: object) => {
      const result = safeParseSpec({ version: 2, task: { name: 'custom', ...task } });
      return result.ok ? [] : result.error.issues.map((i) => `${i.path}: ${i.message}`);
    };
    expect(issues({ source: SOURCE, N_in: 2 })).toEqual(['task.N_out: must be an integer ≥ 1']);
    expect(issues({ source: '', N_in: 2, N_out: 2 })).toEqual(['task.source: must not be empty: write a task with defineTask']);
    expect(issues({ source: SOURCE, N_in: 2, N_out: 2, options: 3 })).toEqual(['task.options: must be an object of option values']);
  });

  it('builds from its source once a compiler is installed, its options checked against its declarations', () => {
    installTaskCompiler(compileTask);
    const spec = parseSpec(custom({ T: 50, N_batch: 3, N_in: 4, N_out: 4, options: { channels: 4 } }));
    const task = createTask(spec.task, new Rng(1));
    expect([task.name, task.N_in, task.N_out, task.N_steps]).toEqual(['Echo', 4, 4, 5]);
    expect(task.getTrialBatch().x.shape).toEqual([3, 5, 4]);

    const bad = parseSpec(custom({ options: { channels: 9 } }));
    expect(() => createTask(bad.task, new Rng(1))).toThrow('Echo: channels must be an integer in [1, 8], got 9');
    const unknown = parseSpec(custom({ options: { colour: 'red' } }));
    expect(() => createTask(unknown.task, new Rng(1))).toThrow(/Echo: unknown option "colour"; allowed keys: name, dt, tau, T, N_batch, channels/);
    const shape = parseSpec(custom({ N_in: 3, N_out: 3 }));
    expect(() => createTask(shape.task, new Rng(1))).toThrow(
      "Echo: its code gives N_in = 2 for these options, but the spec records task.N_in = 3; set task.N_in to 2 (the network's inputs follow it)",
    );
  });
});
