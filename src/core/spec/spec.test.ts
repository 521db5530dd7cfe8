import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BUILTIN_TASK_NAMES } from '../tasks/registry.ts';
import { describe, expect, it } from 'vitest';
import {
  type ExperimentSpecInput,
  N_steps,
  SpecError,
  daleRatioInEffect,
  defaultSpec,
  parseSpec,
  parseSpecText,
  safeParseSpec,
  specToJson,
  taskShape,
} from './spec.ts';
import { projectRoot } from '../testing/shared.ts';

const examplesDir = resolve(projectRoot, 'examples');
const exampleFiles = readdirSync(examplesDir).filter((f) => f.endsWith('.json'));

const PD = { name: 'PerceptualDiscrimination' } as const;
const base = (extra: Record<string, unknown> = {}) => ({ version: 1, task: PD, ...extra });
const ones = (rows: number, cols: number) => Array.from({ length: rows }, () => Array<number>(cols).fill(1));

/** The error for `json`; fails the test if it parses. */
function errorOf(json: unknown): SpecError {
  const result = safeParseSpec(json);
  if (result.ok) throw new Error(`expected an error, parsed: ${JSON.stringify(json)}`);
  expect(result.error).toBeInstanceOf(SpecError);
  return result.error;
}

describe('examples/', () => {
  it('holds the documented files', () => {
    expect(exampleFiles).toEqual(
      expect.arrayContaining([
        'perceptual-discrimination.json',
        'delayed-discrimination.json',
        'match-to-category.json',
        'curriculum-pd.json',
        'constraint-no-autapses.json',
        'constraint-two-regions.json',
        'constraint-dale.json',
        'constraint-dale-fixed.json',
      ]),
    );
  });

  it.each(exampleFiles)('%s parses and round-trips', (file) => {
    const spec = parseSpecText(readFileSync(resolve(examplesDir, file), 'utf8'));
    expect(parseSpecText(specToJson(spec))).toEqual(spec);
  });

  it('keeps the paper settings', () => {
    const load = (file: string) => parseSpecText(readFileSync(resolve(examplesDir, file), 'utf8'));
    const pd = load('perceptual-discrimination.json');
    expect(pd.seed).toBe(2020);
    expect(pd.task).toMatchObject({ name: 'PerceptualDiscrimination', dt: 10, tau: 100, T: 2000, N_batch: 128 });
    expect(pd.model.N_rec).toBe(50);
    const cur = load('curriculum-pd.json').curriculum!;
    expect(cur.stages.map((s) => (s.name === 'PerceptualDiscrimination' ? s.coherence : null))).toEqual([0.7, 0.5, 0.3, 0.1]);
    expect(cur.metric_epoch).toBe(1);
    const regions = load('constraint-two-regions.json').model.constraints;
    expect(regions.input_connectivity!.slice(25).flat().every((x) => x === 0)).toBe(true);
    expect(regions.output_connectivity!.flatMap((row) => row.slice(0, 25)).every((x) => x === 0)).toBe(true);
    expect(regions.rec_connectivity!.slice(0, 25).flatMap((row) => row.slice(25)).every((x) => x === 0)).toBe(true);
    const fixed = load('constraint-dale-fixed.json').model.constraints;
    expect(fixed.dale_ratio).toBe(0.8);
    expect(fixed.fixed_weights!.W_rec![45][3]).toBe(1); // E→I
    expect(fixed.fixed_weights!.W_rec![3][45]).toBe(1); // I→E
    expect(fixed.fixed_weights!.W_rec![3][4]).toBe(0); // E→E
  });
});

describe('defaults', () => {
  it('fills every PsychRNN default in', () => {
    const spec = defaultSpec();
    expect(spec.seed).toBe(0);
    expect(spec.task).toEqual({ ...PD, dt: 10, tau: 100, T: 2000, N_batch: 128, coherence: null, direction: null });
    expect(spec.model).toEqual({
      type: 'basic',
      N_rec: 50,
      transfer_function: 'relu',
      rec_noise: 0,
      initializer: {
        type: 'GaussianSpectralRadius',
        spec_rad: 1.1,
        which_rand_init: 'glorot_gauss',
        which_rand_W_rec_init: 'glorot_gauss',
        init_minval: -0.1,
        init_maxval: 0.1,
      },
      constraints: {
        dale_ratio: null,
        autapses: true,
        input_connectivity: null,
        rec_connectivity: null,
        output_connectivity: null,
        fixed_weights: null,
        trainable: { W_in: true, W_rec: true, W_out: true, b_rec: true, b_out: true, init_state: true },
      },
    });
    expect(spec.loss).toBe('mean_squared_error');
    expect(Object.values(spec.regularization)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(spec.training).toEqual({
      optimizer: { type: 'adam', learning_rate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      training_iters: 50000,
      loss_epoch: 10,
      clip_grads: true,
      performance_measure: null,
      performance_cutoff: null,
    });
    expect(spec.curriculum).toBeNull();
    expect(spec.perturbation).toBeNull();
  });

  it('fills task-, initializer- and optimizer-specific defaults', () => {
    const spec = parseSpec({
      version: 1,
      task: { name: 'MatchToCategory' },
      model: { initializer: { type: 'WeightInitializer', which_rand_init: 'const_unif' } },
      training: { optimizer: { type: 'rmsprop' } },
    });
    expect(taskShape(spec.task)).toEqual({ N_in: 16, N_out: 2 });
    expect(spec.model.initializer.which_rand_W_rec_init).toBe('const_unif');
    expect(spec.training.optimizer).toEqual({ type: 'rmsprop', learning_rate: 0.001, decay: 0.9, momentum: 0, epsilon: 1e-10 });
    expect(parseSpec(base({ training: { optimizer: { type: 'momentum' } } })).training.optimizer).toEqual({
      type: 'momentum',
      learning_rate: 0.001,
      momentum: 0.9,
      use_nesterov: false,
    });
    const dd = parseSpec({ version: 1, task: { name: 'DelayedDiscrimination', T: 3000 } }).task;
    expect(dd).toMatchObject({ onset_time: null, delay_duration: null, T: 3000 });
  });

  it('fills curriculum thresholds with 0.9 per stage', () => {
    const spec = parseSpec(base({ curriculum: { stages: [PD, PD, PD] } }));
    expect(spec.curriculum).toEqual({
      stages: [spec.task, spec.task, spec.task],
      thresholds: [0.9, 0.9, 0.9],
      metric_epoch: 10,
      metric: 'accuracy',
    });
  });

  it('has the helpers', () => {
    expect(taskShape(defaultSpec().task)).toEqual({ N_in: 2, N_out: 2 });
    expect(N_steps(defaultSpec().task)).toBe(200);
    expect(N_steps(parseSpec({ version: 1, task: { ...PD, T: 1005 } }).task)).toBe(101);
    const dale = (dale_ratio: number | null) =>
      daleRatioInEffect(parseSpec(base({ model: { constraints: { dale_ratio } } })).model.constraints);
    expect([dale(null), dale(0), dale(0.8)]).toEqual([null, null, 0.8]);
  });

  it('accepts the input type', () => {
    const input: ExperimentSpecInput = { version: 3, task: { name: 'DelayedDiscrimination' }, model: { type: 'lstm' } };
    expect(parseSpec(input).model.type).toBe('lstm');
  });
});

describe('specToJson', () => {
  it('round-trips and is stable', () => {
    const spec = parseSpec(
      base({
        name: 'x',
        model: { constraints: { rec_connectivity: ones(50, 50), fixed_weights: { b_out: [0, 1] } } },
        curriculum: { stages: [PD], metric: 'iterations', thresholds: [5000] },
      }),
    );
    const text = specToJson(spec);
    expect(parseSpecText(text)).toEqual(spec);
    expect(specToJson(parseSpecText(text))).toBe(text);
    expect(text).toContain(`\n        [${Array(50).fill(1).join(', ')}],\n`); // a matrix row per line
    // key order follows the schema, not the object handed in
    const shuffled = Object.fromEntries(Object.entries(spec).reverse()) as typeof spec;
    expect(specToJson(shuffled)).toBe(text);
  });
});

describe('errors name the path, the value and what is allowed', () => {
  it('N_rec negative', () => {
    const error = errorOf(base({ model: { N_rec: -3 } }));
    expect(error.issues).toEqual([{ path: 'model.N_rec', value: -3, message: 'must be an integer ≥ 1' }]);
    expect(error.message).toBe('model.N_rec: got -3; must be an integer ≥ 1');
    expect(() => parseSpec(base({ model: { N_rec: -3 } }))).toThrow(SpecError);
  });

  it('several problems at once, each on its line', () => {
    const error = errorOf({ version: 1, task: { ...PD, dt: 0, N_batch: 1.5, coherence: 'high' } });
    expect(error.message.split('\n')).toEqual([
      'task.dt: got 0; must be a number > 0',
      'task.N_batch: got 1.5; must be an integer ≥ 1',
      'task.coherence: got "high"; must be a number ≥ 0 or null (drawn per trial from 0.1, 0.3, 0.5, 0.7)',
    ]);
  });

  it('unknown key (a typo)', () => {
    const error = errorOf(base({ model: { N_recc: 50 } }));
    expect(error.issues[0].path).toBe('model.N_recc');
    expect(error.message).toContain('model.N_recc: got 50; unknown key "N_recc" (did you mean "N_rec"?)');
    expect(error.message).toContain('allowed keys: type, N_rec, transfer_function, rec_noise, initializer, constraints');
    const top = errorOf(base({ trainig: {} }));
    expect(top.message).toContain('trainig: got {}; unknown key "trainig" (did you mean "training"?)');
    // PD has a fixed number of inputs
    expect(errorOf({ version: 1, task: { ...PD, N_in: 4 } }).message).toContain('task.N_in: got 4; unknown key "N_in"');
  });

  it('wrong task name', () => {
    const error = errorOf({ version: 1, task: { name: 'PerceptualDiscrim' } });
    expect(error.message).toBe(
      `task.name: got "PerceptualDiscrim"; must be one of ${[...BUILTIN_TASK_NAMES, 'custom'].map((n) => `"${n}"`).join(', ')}`,
    );
    expect(errorOf({ version: 1 }).message).toContain('task: missing; must be an object with "name": one of');
    expect(errorOf(base({ model: { initializer: { type: 'Glorot' } } })).message).toContain(
      'model.initializer.type: got "Glorot"; must be one of "GaussianSpectralRadius", "AlphaIdentity", "WeightInitializer"',
    );
    expect(errorOf(base({ model: { initializer: { type: 'AlphaIdentity' } } })).message).toBe(
      'model.initializer.alpha: missing; must be a number',
    );
  });

  it('bad matrix shape', () => {
    const error = errorOf(base({ model: { N_rec: 10, constraints: { rec_connectivity: ones(10, 9) } } }));
    expect(error.message).toBe(
      'model.constraints.rec_connectivity: got a 10×9 matrix; must be a 10 × 10 matrix (N_in = 2, N_rec = 10, N_out = 2)',
    );
    const mtc = { version: 1, task: { name: 'MatchToCategory', N_in: 8, N_out: 3 }, model: { N_rec: 4 } };
    const input = errorOf({ ...mtc, model: { N_rec: 4, constraints: { input_connectivity: ones(4, 2) } } });
    expect(input.message).toContain('must be a 4 × 8 matrix (N_in = 8, N_rec = 4, N_out = 3)');
    const fixed = errorOf(base({ model: { N_rec: 4, constraints: { fixed_weights: { b_rec: [1, 0], init_state: [[1, 1, 1]] } } } }));
    expect(fixed.message.split('\n')).toEqual([
      'model.constraints.fixed_weights.b_rec: got [1,0]; must be a vector of 4 entries (N_in = 2, N_rec = 4, N_out = 2)',
      'model.constraints.fixed_weights.init_state: got a 1×3 matrix; must be a 1 × 4 matrix (N_in = 2, N_rec = 4, N_out = 2)',
    ]);
    const ragged = errorOf(base({ model: { N_rec: 2, constraints: { rec_connectivity: [[1, 1], [1]] } } }));
    expect(ragged.message).toContain('got a 2-row matrix with rows of 1/2 entries; must be a 2 × 2 matrix');
  });

  it('non-0/1 entry', () => {
    const m = ones(50, 50);
    m[3][7] = 0.5;
    const error = errorOf(base({ model: { constraints: { rec_connectivity: m } } }));
    expect(error.message).toBe('model.constraints.rec_connectivity[3][7]: got 0.5; must be 0 or 1');
  });

  it('many problems are summarised', () => {
    const error = errorOf(base({ model: { constraints: { rec_connectivity: ones(50, 50).map((r) => r.map(() => 2)) } } }));
    expect(error.issues).toHaveLength(2500);
    expect(error.message.split('\n')).toHaveLength(21);
    expect(error.message).toMatch(/… and 2480 more problems$/);
  });

  it('thresholds length', () => {
    const error = errorOf(base({ curriculum: { stages: [PD, PD], thresholds: [0.9] } }));
    expect(error.message).toBe('curriculum.thresholds: got [0.9]; must hold one threshold per stage (2)');
    const acc = errorOf(base({ curriculum: { stages: [PD], thresholds: [90] } }));
    expect(acc.message).toBe('curriculum.thresholds[0]: got 90; must be a number in [0, 1] for metric "accuracy"');
  });

  it('curriculum stage with a different network shape', () => {
    const error = errorOf(base({ curriculum: { stages: [PD, { name: 'MatchToCategory' }, { ...PD, N_batch: 64 }] } }));
    expect(error.message.split('\n')).toEqual([
      'curriculum.stages[1].N_in: got 16; must equal task.N_in = 2: one network, built from task, learns every stage',
      'curriculum.stages[2].N_batch: got 64; must equal task.N_batch = 128: one network, built from task, learns every stage',
    ]);
    expect(errorOf(base({ curriculum: { stages: [] } })).message).toBe('curriculum.stages: got []; must hold at least 1 task');
  });

  it('performance cutoff without measure, and the reverse', () => {
    expect(errorOf(base({ training: { performance_cutoff: 0.9 } })).message).toBe(
      'training.performance_cutoff: got 0.9; must be null unless training.performance_measure is set too (give both or neither)',
    );
    expect(errorOf(base({ training: { performance_measure: 'accuracy' } })).message).toContain(
      'training.performance_measure: got "accuracy"; must be null unless training.performance_cutoff is set too',
    );
    const both = parseSpec(base({ training: { performance_measure: 'accuracy', performance_cutoff: 0.9 } }));
    expect(both.training.performance_cutoff).toBe(0.9);
  });

  it('wrong version', () => {
    const error = errorOf({ ...base(), version: 4, future_key: true });
    expect(error.issues).toHaveLength(1);
    expect(error.message).toBe('version: got 4; this file is spec version 4; this CogRNN reads versions 1, 2 and 3');
    expect(errorOf({ task: PD }).message).toBe('version: missing; must be 1, 2 or 3 (the spec format version)');
    expect(errorOf({ ...base(), version: '1' }).message).toBe('version: got "1"; must be 1, 2 or 3 (the spec format version)');
  });

  it('reads version-1 and -2 files as version 3 (the same fields; later versions add custom tasks, the GRU and perturbations)', () => {
    const current = parseSpec({ version: 3, task: { name: 'DelayedDiscrimination', onset_time: 30 } });
    for (const version of [1, 2]) {
      const old = parseSpec({ version, task: { name: 'DelayedDiscrimination', onset_time: 30 } });
      expect(old.version).toBe(3);
      expect(old).toEqual(current);
      expect(specToJson(old)).toMatch(/^\{\n {2}"version": 3,/);
    }
  });

  it('JSON syntax error', () => {
    const text = '{\n  "version": 1\n  "task": {}\n}';
    expect(() => parseSpecText(text)).toThrow(SpecError);
    try {
      parseSpecText(text);
    } catch (e) {
      const message = (e as SpecError).message;
      expect(message).toMatch(/^JSON syntax error at line 3, column 3/);
      expect(message).toContain('▸"task"');
    }
    expect(() => parseSpecText('')).toThrow(/JSON syntax error at line 1, column 1: value expected/);
    // V8 gives no position for an unexpected token; the message still says where
    expect(() => parseSpecText('{"version": 1, "task": }')).toThrow(/line 1, column 24 \(at ▸ in: .*"task": ▸}\): value expected/);
    expect(() => parseSpecText('{"version": 1,}')).toThrow(/line 1, column 15.*property name expected/);
  });

  it('LSTM with Dale or connectivity', () => {
    const error = errorOf(base({ model: { type: 'lstm', constraints: { dale_ratio: 0.8, rec_connectivity: ones(50, 50) } } }));
    expect(error.message.split('\n')).toEqual([
      'model.constraints.dale_ratio: got 0.8; must be null for model.type "lstm": constraints do not apply to the LSTM (it has no Dale rule and no connectivity masks)',
      'model.constraints.rec_connectivity: got a 50×50 matrix; must be null for model.type "lstm": constraints do not apply to the LSTM (it has no Dale rule and no connectivity masks)',
    ]);
    const unused = errorOf(base({ model: { type: 'lstm', constraints: { trainable: { W_rec: false } } }, regularization: { L2_rec: 0.1 } }));
    expect(unused.message).toContain('model.constraints.trainable.W_rec: got false; must be true for model.type "lstm"');
    expect(unused.message).toContain('regularization.L2_rec: got 0.1; must be 0 for model.type "lstm"');
    // dale_ratio 0 means no Dale rule, and W_out is the LSTM's readout
    const ok = base({ model: { type: 'lstm', constraints: { dale_ratio: 0, fixed_weights: { W_out: [Array(50).fill(0), Array(50).fill(1)] } } } });
    expect(parseSpec(ok).model.type).toBe('lstm');
  });

  it('other field kinds', () => {
    expect(errorOf(base({ model: { transfer_function: 'gelu' } })).message).toBe(
      'model.transfer_function: got "gelu"; must be one of "relu", "tanh", "sigmoid", "softplus", "linear"',
    );
    expect(errorOf(base({ model: { constraints: { dale_ratio: 1 } } })).message).toBe(
      'model.constraints.dale_ratio: got 1; must be a number in [0, 1) or null',
    );
    expect(errorOf(base({ model: { constraints: { autapses: 'no' } } })).message).toBe(
      'model.constraints.autapses: got "no"; must be true or false',
    );
    expect(errorOf(base({ training: { optimizer: { type: 'sgd', beta1: 0.9 } } })).message).toContain(
      'training.optimizer.beta1: got 0.9; unknown key "beta1"; allowed keys: type, learning_rate',
    );
    expect(errorOf('spec').message).toBe('(spec): got "spec"; must be an object with keys version, name, seed, task, model, loss, regularization, training, curriculum, perturbation');
  });
});
