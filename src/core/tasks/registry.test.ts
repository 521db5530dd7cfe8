import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.ts';
import { readFileSync } from 'node:fs';
import { type AnyTaskDefinition, definitionProblem } from './api.ts';
import { compileTask } from './compile.ts';
import { Task } from './task.ts';
import { BUILTIN_TASK_NAMES, BUILTIN_TASKS, createTask, taskDefinition, taskShape, type TaskConfig } from './registry.ts';

const BASE = { dt: 10, tau: 100, T: 2000, N_batch: 16 };

describe('task registry', () => {
  it('holds one valid definition per built-in task, by name', () => {
    expect(BUILTIN_TASK_NAMES.slice(0, 3)).toEqual(['PerceptualDiscrimination', 'DelayedDiscrimination', 'MatchToCategory']);
    expect(new Set(BUILTIN_TASK_NAMES).size).toBe(BUILTIN_TASK_NAMES.length);
    for (const d of BUILTIN_TASKS) expect(definitionProblem(d)).toBeNull();
    expect(Object.keys(taskDefinition('PerceptualDiscrimination').options)).toEqual(['coherence', 'direction']);
    expect(taskShape({ name: 'MatchToCategory', N_in: 5, N_out: 3 })).toEqual({ N_in: 5, N_out: 3 });
    expect(taskShape({ name: 'DelayedDiscrimination' })).toEqual({ N_in: 2, N_out: 2 });
  });

  /** A definition's file: its name in kebab case (GoNogo → go-nogo.ts). */
  const fileOf = (name: string) => `${name.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '-').toLowerCase()}.ts`;

  it.each(BUILTIN_TASK_NAMES)(
    '%s: its file imports only the public task API and compiles unchanged in the editor',
    (name) => {
      const source = readFileSync(new URL(`./${fileOf(name)}`, import.meta.url), 'utf8');
      const imports = [...source.matchAll(/^import [^;]*? from '([^']+)';$/gm)].map((m) => m[1]);
      expect(imports).toEqual(['./api.ts']);
      expect(source).toMatch(/^export default defineTask\(\{$/m);
      const definition = compileTask(source.replace("from './api.ts'", "from 'cogrnn'"), fileOf(name));
      const batch = (d: AnyTaskDefinition) => new Task(d, { name, N_batch: 3 }, new Rng(4)).getTrialBatch();
      expect(batch(definition).x.data).toEqual(batch(taskDefinition(name)).x.data);
    },
  );

  it('builds each task with its options', () => {
    const pd = createTask({ name: 'PerceptualDiscrimination', ...BASE, coherence: 0.3, direction: 0 }, new Rng(1));
    expect(pd.name).toBe('PerceptualDiscrimination');
    expect(pd.getTrialBatch().params.every((p) => p.coherence === 0.3)).toBe(true);
    const dd = createTask({ name: 'DelayedDiscrimination', ...BASE, onset_time: 50 }, new Rng(1));
    expect(dd.getTaskParams().onset_time).toBe(50);
    const mtc = createTask({ name: 'MatchToCategory', ...BASE, N_in: 8, N_out: 3 }, new Rng(1));
    expect([mtc.N_in, mtc.N_out]).toEqual([8, 3]);
  });

  it('rejects an unknown name, listing the allowed names', () => {
    expect(() => createTask({ name: 'FlipFlop', ...BASE }, new Rng(1))).toThrow(
      'Unknown task name "FlipFlop"; allowed: PerceptualDiscrimination, DelayedDiscrimination, MatchToCategory',
    );
  });

  it('rejects a key the task does not take, listing the allowed keys', () => {
    const config: TaskConfig = { name: 'PerceptualDiscrimination', ...BASE, N_in: 4 };
    expect(() => createTask(config, new Rng(1))).toThrow(
      'PerceptualDiscrimination: unknown option "N_in"; allowed keys: name, dt, tau, T, N_batch, coherence, direction',
    );
    expect(() => createTask({ name: 'MatchToCategory', ...BASE, coherence: 1 }, new Rng(1))).toThrow(/"coherence"/);
  });

  it('passes bad values on to the task constructor checks', () => {
    expect(() => createTask({ name: 'DelayedDiscrimination', ...BASE, dt: -1 }, new Rng(1))).toThrow(/dt \(ms\).*got -1/);
  });

  describe.each(BUILTIN_TASK_NAMES)('%s reproducibility', (name) => {
    const batchFor = (seed: number) => createTask({ name, N_batch: 16 }, new Rng(seed)).getTrialBatch();

    it('gives identical batches for the same seed and different ones for another', () => {
      const a = batchFor(42);
      const b = batchFor(42);
      const c = batchFor(43);
      expect(b.x.data).toEqual(a.x.data);
      expect(b.y.data).toEqual(a.y.data);
      expect(b.mask.data).toEqual(a.mask.data);
      expect(b.params).toEqual(a.params);
      expect(c.x.data).not.toEqual(a.x.data);
      expect(c.params).not.toEqual(a.params);
    });

    it('continues the stream from batch to batch', () => {
      const task = createTask({ name, N_batch: 16 }, new Rng(42));
      const first = task.getTrialBatch();
      const second = task.getTrialBatch();
      expect(second.x.data).not.toEqual(first.x.data);
      expect(task.nextBatchNumber).toBe(3);
    });
  });
});
