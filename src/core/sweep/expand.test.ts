/**
 * Sweep files expand into one checked spec per run: grid and zip orders, seeds, run ids and labels pinned exactly,
 * and every refusal with the field it names and what it allows.
 */
import { describe, expect, it } from 'vitest';
import { expandSweep, parsePath } from './expand.ts';
import { resultRow, resultsCsv, resultsTable } from './results.ts';
import { MAX_RUNS, parseSweep } from './sweep.ts';

const base = { version: 2, task: { name: 'PerceptualDiscrimination', T: 200, N_batch: 8 }, model: { N_rec: 4 } };
const expand = (sweep: Record<string, unknown>) => expandSweep(parseSweep({ version: 1, base, ...sweep }));
/** The message of the refusal of `sweep` (fails the test when it expands). */
function refusal(sweep: Record<string, unknown>): string {
  try {
    expand(sweep);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected a refusal of ${JSON.stringify(sweep)}`);
}

describe('expansion', () => {
  it('a grid runs every combination, the first path slowest, seeds innermost', () => {
    const runs = expand({ name: 'pd', vary: { 'model.N_rec': [4, 8], 'task.coherence': [0.1, 0.5] }, seeds: [1, 2] });
    expect(runs.map((r) => r.id)).toEqual(['run-000', 'run-001', 'run-002', 'run-003', 'run-004', 'run-005', 'run-006', 'run-007']);
    expect(runs.map((r) => [r.spec.model.N_rec, r.spec.task.coherence, r.spec.seed])).toEqual([
      [4, 0.1, 1], [4, 0.1, 2], [4, 0.5, 1], [4, 0.5, 2], [8, 0.1, 1], [8, 0.1, 2], [8, 0.5, 1], [8, 0.5, 2],
    ]);
    expect(runs[5].values).toEqual({ 'model.N_rec': 8, 'task.coherence': 0.1, seed: 2 });
    expect(runs[5].label).toBe('model.N_rec=8, task.coherence=0.1, seed=2');
    expect(runs[5].spec.name).toBe('pd · run-005 (model.N_rec=8, task.coherence=0.1, seed=2)');
    // what is not varied is the base's, defaults filled in
    expect(runs[5].spec.task).toMatchObject({ T: 200, N_batch: 8, dt: 10 });
  });

  it('a zip pairs the i-th values; seeds cross the pairs', () => {
    const runs = expand({ combine: 'zip', vary: { 'model.N_rec': [4, 8, 16], 'training.optimizer.learning_rate': [0.01, 0.003, 0.001] }, seeds: [7, 9] });
    expect(runs.map((r) => [r.spec.model.N_rec, r.spec.training.optimizer.learning_rate, r.spec.seed])).toEqual([
      [4, 0.01, 7], [4, 0.01, 9], [8, 0.003, 7], [8, 0.003, 9], [16, 0.001, 7], [16, 0.001, 9],
    ]);
  });

  it('seeds alone, indexed paths and a changed optimizer type (written into the unparsed base)', () => {
    expect(expand({ seeds: [3, 1, 2] }).map((r) => r.spec.seed)).toEqual([3, 1, 2]);
    const stage = { name: 'PerceptualDiscrimination', T: 200, N_batch: 8 };
    const curriculum = { stages: [stage, stage] };
    const staged = expandSweep(parseSweep({ version: 1, base: { ...base, curriculum }, vary: { 'curriculum.stages[1].coherence': [0.2, 0.3] } }));
    expect(staged.map((r) => r.spec.curriculum?.stages[1].coherence)).toEqual([0.2, 0.3]);
    const sgd = expand({ vary: { 'training.optimizer.type': ['sgd', 'momentum'] } });
    expect(sgd.map((r) => r.spec.training.optimizer)).toEqual([
      { type: 'sgd', learning_rate: 0.001 },
      { type: 'momentum', learning_rate: 0.001, momentum: 0.9, use_nesterov: false },
    ]);
    expect(parsePath('curriculum.stages.1.coherence')).toEqual(['curriculum', 'stages', 1, 'coherence']);
    expect(parsePath('a..b')).toBeNull();
  });

  it('ids widen past 1000 runs only; 1000 runs is the limit', () => {
    const runs = expand({ vary: { seed: Array.from({ length: MAX_RUNS }, (_, i) => i) } });
    expect(runs).toHaveLength(1000);
    expect(runs[999].id).toBe('run-999');
  });
});

describe('refusals', () => {
  it.each([
    ['a value the spec refuses names the run, its values and the spec message', { vary: { 'model.N_rec': [4, 0] } },
      'run-001 (model.N_rec=0): model.N_rec: got 0; must be an integer ≥ 1'],
    ['an unknown path, with the spec\'s "did you mean"', { vary: { 'model.N_recc': [4] } },
      'vary.model.N_recc: got 4; is not a path of the base spec (at model.N_recc: unknown key "N_recc" (did you mean "N_rec"?)'],
    ['a path through a field that is not an object', { vary: { 'seed.x': [1] } }, 'vary.seed.x: got 1; is not a path of the base spec (at seed: must be an integer ≥ 0)'],
    ['an index into a list the base does not have', { vary: { 'curriculum.stages[0].coherence': [0.5] } },
      'curriculum.stages is not in the base spec, so [0] has nothing to index'],
    ['a path that is not dotted', { vary: { 'model..N_rec': [4] } }, 'vary.model..N_rec: got 4; is not a dotted spec path like model.N_rec'],
    ['an empty list', { vary: { 'model.N_rec': [] } }, 'vary.model.N_rec: got []; must hold at least 1 value (an empty list would make no runs)'],
    ['zip lists of unequal lengths', { combine: 'zip', vary: { 'model.N_rec': [4, 8], 'task.coherence': [0.1] } },
      'vary: "combine": "zip" pairs the i-th values of every list, so the lists must be equally long: model.N_rec has 2, task.coherence has 1'],
    ['more runs than the limit', { vary: { 'model.N_rec': Array.from({ length: 40 }, (_, i) => i + 1), seed: Array.from({ length: 30 }, (_, i) => i) } },
      'vary: makes 1200 runs (model.N_rec: 40 × seed: 30); at most 1000 are allowed'],
    ['nothing to vary', {}, 'vary: got {}; must name at least one spec path to vary (or give "seeds")'],
    ['seeds beside vary.seed', { vary: { seed: [1] }, seeds: [2] }, 'seeds: got [2]; cannot be given beside vary.seed'],
    ['a bad seed', { seeds: [1.5] }, 'seeds[0]: got 1.5; must be an integer ≥ 0'],
    ['an unknown combine', { combine: 'product', seeds: [1] }, 'combine: got "product"; must be one of "grid", "zip"'],
    ['a misspelt key', { seed: [1] }, 'seed: got [1]; unknown key "seed" (did you mean "seeds"?)'],
    ['a base that is not a spec', { base: { ...base, model: { N_rec: -1 } }, seeds: [1] }, 'base.model.N_rec: got -1; must be an integer ≥ 1'],
    ['a base that is not an object', { base: [], seeds: [1] }, 'base: got []; must be an experiment spec (a JSON object'],
    ['another version', { version: 2, seeds: [1] }, 'version: got 2; must be 1 (the sweep format version)'],
  ])('%s', (_, sweep, message) => {
    expect(refusal(sweep)).toContain(message);
  });
});

describe('results table', () => {
  it('one CSV row per run from train\'s summary and log: ok, failed with its message, missing', () => {
    const runs = expand({ vary: { 'task.coherence': [0.1, 0.5] }, seeds: [1] }).concat(expand({ seeds: [2] }).map((r) => ({ ...r, id: 'run-002' })));
    const summary = JSON.stringify({ accuracy: 0.75, loss: 0.25, trials: 32, seconds: 1.5, stopReason: 'completed', out: 'runs/run-000.npz' });
    const rows = [
      resultRow(runs[0], { stdout: `${summary}\n`, stderr: '{"event":"progress"}\n' }, 'runs/run-000.npz', 0),
      resultRow(runs[1], { stdout: '', stderr: 'cogrnn train: cannot write weights file runs/run-001.npz: permission denied\n' }, 'runs/run-001.npz', 1),
      resultRow(runs[2], { stdout: null, stderr: '{"event":"progress"}\n' }, 'runs/run-002.npz'),
    ];
    expect(rows.map((r) => r.status)).toEqual(['ok', 'failed', 'missing']);
    expect(resultsCsv(resultsTable('t', 'grid', runs, rows)).split('\n')).toEqual([
      'id,task.coherence,seed,status,accuracy,loss,trials,seconds,stop_reason,weights,error',
      'run-000,0.1,1,ok,0.75,0.25,32,1.5,completed,runs/run-000.npz,',
      'run-001,0.5,1,failed,,,,,,,train: cannot write weights file runs/run-001.npz: permission denied',
      'run-002,,2,missing,,,,,,,no summary yet: the run has not finished (or was killed before it printed one)',
      '',
    ]);
  });
});
