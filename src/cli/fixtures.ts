/**
 * Files for the CLI tests, written in-process (no training): a tiny valid spec, weights and inputs, and one bad
 * file per way a file can be wrong (syntax, schema, meaning, size, NaN, shape, embedded spec, truncation, …).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { join } from 'node:path';
import { saveExperimentNpz, SPEC_KEY } from '../core/io/experiment-file.ts';
import { weightsToNpzEntries } from '../core/io/weights-file.ts';
import type { BasicWeights } from '../core/model/weights.ts';
import { type NpyArray, writeNpy, writeNpz } from '../core/io/npz.ts';
import { Rng } from '../core/rng.ts';
import { tinyRawWeights, tinySpec } from '../core/testing/tiny.ts';

export const TINY_SPEC = {
  version: 1,
  seed: 1,
  task: { name: 'PerceptualDiscrimination', dt: 10, tau: 50, T: 200, N_batch: 16 },
  model: { N_rec: 8 },
  training: { training_iters: 160, loss_epoch: 2 },
};

/** `x` [B, N_steps, N_in] float32 with varied, reproducible values. */
export function inputsNpz(B: number, steps: number, N_in: number, poison?: { at: number; value: number }): Uint8Array {
  const data = Float32Array.from({ length: B * steps * N_in }, (_, i) => 0.8 + 0.5 * Math.sin(0.37 * i));
  if (poison) data[poison.at] = poison.value;
  return writeNpz({ x: { dtype: '<f4', shape: [B, steps, N_in], data } });
}

const specWith = (edit: Record<string, unknown>) => JSON.stringify({ ...TINY_SPEC, ...edit });
const taskWith = (task: Record<string, unknown>) => specWith({ task: { ...TINY_SPEC.task, ...task } });
const modelWith = (model: Record<string, unknown>) => specWith({ model: { ...TINY_SPEC.model, ...model } });
const trainingWith = (training: Record<string, unknown>) => specWith({ training: { ...TINY_SPEC.training, ...training } });

/** Two halves of N_rec units: the first gets the inputs, the second drives the outputs, nothing goes from first to second. */
function twoRegionsCut(N_rec: number) {
  const half = N_rec / 2;
  const rows = (n: number, cols: number, on: (i: number, j: number) => boolean) =>
    Array.from({ length: n }, (_, i) => Array.from({ length: cols }, (_, j) => (on(i, j) ? 1 : 0)));
  return {
    input_connectivity: rows(N_rec, 2, (i) => i < half),
    rec_connectivity: rows(N_rec, N_rec, (i, j) => !(i >= half && j < half)),
    output_connectivity: rows(2, N_rec, (_, j) => j >= half),
  };
}

/** The spec files of the bad-input table, by name. */
export const SPEC_FIXTURES: Record<string, string> = {
  'spec.json': JSON.stringify(TINY_SPEC, null, 2),
  // V8 gives the offset of this error (not of every one: "Unexpected token" messages have none)
  'bad-json.json': '{\n  "version": 1,\n  "task": {"name" "PerceptualDiscrimination"}\n}\n',
  'bad-spec.json': modelWith({ N_rec: 0 }),
  'misspelt-spec.json': specWith({ trainig: {} }),
  'future-spec.json': specWith({ version: 4 }),
  'too-large-number.json': specWith({ task: '__T__' }).replace('"__T__"', '{"name": "PerceptualDiscrimination", "T": 1e400}'),
  't-shorter-than-dt.json': taskWith({ T: 5 }),
  'mtc-t3.json': specWith({ task: { name: 'MatchToCategory', T: 3 } }),
  'dd-no-decision.json': specWith({ task: { name: 'DelayedDiscrimination', decision_duration: 0 } }),
  'dt-over-tau.json': taskWith({ dt: 100, tau: 50 }),
  'no-excitatory.json': modelWith({ constraints: { dale_ratio: 0.1 } }),
  'nothing-trainable.json': modelWith({
    constraints: { trainable: { W_in: false, W_rec: false, W_out: false, b_rec: false, b_out: false, init_state: false } },
  }),
  'n-rec-20000.json': modelWith({ N_rec: 20000 }),
  'n-rec-1e5.json': modelWith({ N_rec: 1e5 }),
  'n-batch-1e7.json': taskWith({ N_batch: 1e7 }),
  't-1e9.json': taskWith({ T: 1e9 }),
  'stage-too-short.json': specWith({ curriculum: { stages: [{ ...TINY_SPEC.task, T: 3 }] } }),
  'cut-pathway.json': modelWith({ constraints: twoRegionsCut(8) }),
  'stage-other-shape.json': specWith({ curriculum: { stages: [TINY_SPEC.task, { ...TINY_SPEC.task, name: 'MatchToCategory', T: 2000 }] } }),
  'empty-curriculum.json': specWith({ curriculum: { stages: [] } }),
  'threshold-out-of-range.json': specWith({ curriculum: { stages: [TINY_SPEC.task], thresholds: [1.5] } }),
  // Adam at 1e9 with clipping on: NaN at the first loss epoch, so no weights are good past the initial ones
  'nan-at-once.json': trainingWith({ optimizer: { type: 'adam', learning_rate: 1e9 } }),
  // plain SGD at 10 without clipping: finite after 16 trials, NaN after 32
  'nan-later.json': trainingWith({ training_iters: 3200, loss_epoch: 1, clip_grads: false, optimizer: { type: 'sgd', learning_rate: 10 } }),
  // a run of 10^10 trials, warned about, that stops after two steps (accuracy ≥ 0 is always reached)
  'long-run.json': trainingWith({ training_iters: 1e10, performance_measure: 'accuracy', performance_cutoff: 0 }),
  'large.json': modelWith({ N_rec: 3000 }),
};

/** A task file whose trial function body is `body` (time, p, step, rng, task in scope); valid otherwise. */
function taskFile(body: string, extra = ''): string {
  return `import { defineTask } from 'cogrnn';

export default defineTask({
  name: 'Probe',
  title: 'Probe',
  description: 'a task file for the bad-input table',
  options: { gain: { type: 'number', min: 0, max: 2, default: 1, help: 'input gain' } },
  N_in: 2,
  N_out: 2,${extra}
  generateTrialParams: (rng) => ({ side: rng.int(2) }),
  trialFunction(time, p, step, rng, task) {
${body}
  },
});
`;
}

const SCORED = '    step.x[p.side] = task.gain;\n    step.y[p.side] = 1;\n    step.mask.fill(1);';

/** The task files of the bad-input table, by name. */
export const TASK_FIXTURES: Record<string, string> = {
  'task.ts': taskFile(SCORED),
  'syntax-error.ts': taskFile(SCORED).replace('step.mask.fill(1);', 'step.mask.fill(1;'),
  'imports-fs.ts': `import { readFileSync } from 'node:fs';\nexport default readFileSync('x');\n`,
  'no-default.ts': `import { defineTask } from 'cogrnn';\nexport const task = 1;\n`,
  'bad-option.ts': taskFile(SCORED).replace('default: 1,', 'default: 5,'),
  'throws.ts': taskFile(`    if (time === 40) throw new Error('no trial for 40 ms');\n${SCORED}`),
  'writes-nan.ts': taskFile(`${SCORED}\n    step.y[1 - p.side] = Math.sqrt(-1);`),
  // past the type check (as plain JavaScript would be): the run-time check catches it
  'wrong-length.ts': taskFile(`    Object.assign(step, { y: [1, 0, 0] });\n    step.mask.fill(1);`),
  'no-mask.ts': taskFile('    step.x[p.side] = 1;'),
  'type-error.ts': taskFile(`    step.x[p.side] = 'high';\n${SCORED}`),
};

/** Like np.savez_compressed: deflated members, so large all-zero arrays make small files. */
function compressedNpz(entries: Map<string, NpyArray>): Uint8Array {
  return zipSync(Object.fromEntries([...entries].map(([key, a]) => [`${key}.npy`, writeNpy(a)])), { level: 6 });
}

function weightsWith(edit: (w: BasicWeights) => void): Uint8Array {
  const w = tinyRawWeights({ N_in: 2, N_rec: 8, N_out: 2 });
  edit(w);
  return saveExperimentNpz(w, tinySpec());
}

/** Writes every fixture into `dir`. */
export function writeFixtures(dir: string): void {
  const write = (name: string, content: string | Uint8Array) => writeFileSync(join(dir, name), content);
  for (const [name, text] of Object.entries(SPEC_FIXTURES)) write(name, text);
  for (const [name, text] of Object.entries(TASK_FIXTURES)) write(name, text);
  const customSpec = (task: Record<string, unknown>) =>
    JSON.stringify({ ...TINY_SPEC, version: 2, task: { name: 'custom', source: TASK_FIXTURES['task.ts'], file: 'task.ts', dt: 10, tau: 50, T: 100, N_batch: 8, N_in: 2, N_out: 2, ...task } });
  write('custom.json', customSpec({}));
  write('custom-bad-option.json', customSpec({ options: { gain: 3 } }));
  write('custom-wrong-shape.json', customSpec({ N_out: 3 }));
  mkdirSync(join(dir, 'a-directory'));

  const weights = tinyRawWeights({ N_in: 2, N_rec: 8, N_out: 2 });
  const real = saveExperimentNpz(weights, tinySpec());
  write('tiny.npz', real);
  write('good.npz', real); // stands for a trained network an --out could overwrite
  write('truncated.npz', real.subarray(0, Math.floor(real.length / 2)));
  write('psychrnn-style.npz', saveExperimentNpz(weights, null)); // no cogrnn_spec: no dt, no tau
  const noWRec = weightsToNpzEntries(weights);
  noWRec.delete('W_rec');
  write('no-w-rec.npz', writeNpz(noWRec));
  const rng = new Rng(99);
  write('random.npz', Uint8Array.from({ length: 600 }, () => Math.floor(rng.uniform() * 256)));
  write('nan-weights.npz', weightsWith((w) => (w.W_rec.data[3 * 8 + 1] = NaN)));
  write('inf-weights.npz', weightsWith((w) => (w.b_out.data[1] = -Infinity)));
  write('exploding.npz', weightsWith((w) => w.W_rec.data.forEach((v, k) => (w.W_rec.data[k] = (k % 9 === 0 ? 1 : v) * 1e30))));
  // W_rec 7 × 7 while W_in, W_out, b_rec and init_state are sized for 8 units
  const wrongRec = weightsToNpzEntries(weights);
  wrongRec.set('W_rec', { dtype: '<f4', shape: [7, 7], data: new Float32Array(49) });
  write('wrong-w-rec.npz', writeNpz(wrongRec));
  const embedded = (text: string) => {
    const entries = weightsToNpzEntries(weights);
    const bytes = new TextEncoder().encode(text);
    entries.set(SPEC_KEY, { dtype: '|u1', shape: [bytes.length], data: bytes });
    return writeNpz(entries);
  };
  write('bad-embedded-spec.npz', embedded(SPEC_FIXTURES['bad-spec.json']));
  write('future-embedded-spec.npz', embedded(SPEC_FIXTURES['future-spec.json']));

  // 500 units on 4,000 trials × 600 steps: 4.5 GiB of states from two files of a few kB
  const wide = tinyRawWeights({ N_in: 2, N_rec: 500, N_out: 2, masks: false });
  write('wide.npz', compressedNpz(weightsToNpzEntries(wide)));
  write('long-in.npz', compressedNpz(new Map([['x', { dtype: '<f4', shape: [4000, 600, 2], data: new Float32Array(4000 * 600 * 2) }]])));

  write('in.npz', inputsNpz(3, 20, 2));
  write('in-3-inputs.npz', inputsNpz(3, 20, 3));
  write('nan-in.npz', inputsNpz(3, 20, 2, { at: 2 * 40 + 5 * 2 + 1, value: NaN }));
  write('no-x.npz', writeNpz({ y: { dtype: '<f4', shape: [1, 2, 2], data: new Float32Array(4) } }));
}
