/**
 * The rows of the page's bad-input table (./bad-inputs.spec.ts runs them): each types, chooses or presses
 * something and states what the page must answer and keep. Rows are data; later issues add theirs here.
 */
import { MEAN_SIGN, withTrialLine } from './task-code.ts';

export type Step =
  /** set a labelled field at once */
  | { fill: string; text: string }
  /** type into a labelled field one key at a time, after clearing it */
  | { type: string; text: string }
  /** choose an option of a select (by test id or label) */
  | { choose: string; option: string }
  /** press a button (by test id) */
  | { press: string }
  /** press a button (by test id) that must ask first (a confirm dialog saying `asks`), and answer no */
  | { pressAndDecline: string; asks: RegExp }
  /** wait until this shows on the page */
  | { sees: RegExp; timeout?: number }
  /** wait until an element (by test id) or a labelled field shows this text or value */
  | { shows: string; text: RegExp; timeout?: number }
  /** press the first button with this name */
  | { click: string }
  /** wait until the plot (by test id) is drawn by Plotly */
  | { drawn: string }
  /** reload: 'asks' expects the leave-page warning (dismissed, so the page stays), 'leaves' expects none */
  | { reload: 'asks' | 'leaves' }
  /** press Download weights and check the file's name */
  | { download: RegExp }
  /** make the requests that `unreachable` blocked reachable again */
  | { reachable: RegExp }
  /** replace the task editor's text (select all, paste) and wait until the page has checked it */
  | { paste: string }
  /** drag with the mouse on a mask grid (mask-grid-rec, -in, -out) from one cell [row, column] to another */
  | { paint: 'rec' | 'in' | 'out'; from: [number, number]; to: [number, number] };

export interface Row {
  name: string;
  given?: 'fresh' | 'trained' | 'no-wasm' | { stored: string };
  /** requests (by URL) that fail from the moment the page opens */
  unreachable?: RegExp;
  steps: Step[];
  /** a message fragment the page shows after the steps */
  says?: RegExp;
  /** text the page must not show */
  saysNot?: RegExp;
  /** Train after the steps: enabled, or disabled with "Fix <label> first" */
  train?: 'enabled' | { blockedBy: string };
  /** values (dotted paths) the spec holds after the steps: what changed, and that nothing else was lost */
  spec?: Record<string, unknown>;
  /** how many parts of the page show "… failed" (error boundaries) after the steps; default 0 */
  failedParts?: number;
  /** trained rows: steps that put the page back for the next row */
  undo?: Step[];
  timeout?: number;
}

/** A network trained in a few seconds: 2 steps of 8 trials of 20 time steps, 4 units, on wasm. */
export const TINY: Step[] = [
  { fill: 'T (ms)', text: '200' },
  { fill: 'Trials per batch', text: '8' },
  { fill: 'Recurrent units', text: '4' },
  { fill: 'Training trials', text: '16' },
  { choose: 'backend-select', option: 'wasm' },
];
export const TRAIN_TINY: Step[] = [...TINY, { press: 'train-button' }, { sees: /on a fresh batch after 16 trials/, timeout: 60_000 }];
const BACKEND = /^(webgpu|webgl|wasm|cpu)$/;
export const TINY_SPEC = { 'task.T': 200, 'task.N_batch': 8, 'model.N_rec': 4, 'training.training_iters': 16 };

/** A stored spec: the default task with these overrides (JSON text, as the page saves it). */
const stored = (overrides: object) => JSON.stringify({ version: 1, task: { name: 'PerceptualDiscrimination' }, ...overrides });
const tinyStored = (training: object) =>
  stored({ task: { name: 'PerceptualDiscrimination', T: 200, N_batch: 8 }, model: { N_rec: 4 }, training: { training_iters: 16, ...training } });

const field = (label: string, text: string): Step => ({ fill: label, text });
const M2C: Step = { choose: 'task-select', option: 'MatchToCategory' };
const DEFAULTS = { 'task.T': 2000, 'task.dt': 10, 'task.tau': 100, 'task.N_batch': 128, 'model.N_rec': 50 };

// ---- a person's task code (issue 10): New task, then code pasted into the editor ----
const NEW_TASK: Step[] = [{ press: 'new-task' }, { shows: 'compile-status', text: /^ok$/, timeout: 20_000 }];
const code = (source: string): Step[] => [...NEW_TASK, { paste: source }];
/** the spec keeps the last code that compiled: the template's task, custom */
const CUSTOM = { 'task.name': 'custom', 'task.file': 'my-task.ts' };
const CODE_BLOCKED = { blockedBy: 'Task code' } as const;
const MEAN_SIGN_LINE = (text: string, source = MEAN_SIGN) => source.split('\n').findIndex((line) => line.includes(text)) + 1;
/** a task whose N_in is an option, for the rows on shapes */
const CHANNELS = MEAN_SIGN.replace('  N_in: 2,', '  N_in: (task) => task.inputs,').replace(
  '  options: {\n',
  "  options: {\n    inputs: { type: 'number', label: 'Inputs', integer: true, min: 2, max: 8, default: 2, help: 'input channels' },\n",
);
const ones = (rows: number, cols: number) => Array.from({ length: rows }, () => Array<number>(cols).fill(1));

const CODE_ROWS: Row[] = [
  {
    name: 'task code: syntax error, with its line and column',
    steps: code(MEAN_SIGN.replace('  N_out: 2,', '  N_out: 2 +,')),
    says: new RegExp(`my-task\\.ts:${MEAN_SIGN_LINE('N_out: 2,')}:13: syntax error: Unexpected token`),
    train: CODE_BLOCKED,
    spec: CUSTOM,
  },
  {
    name: 'task code: type error, said with its line; the code still trains',
    steps: code(MEAN_SIGN.replace('mean ${p.mean} → output', "mean ${p.mean.toFixed('1')} → output")),
    says: new RegExp(`my-task\\.ts:${MEAN_SIGN_LINE('describeTrial')}:\\d+: type error: Argument of type 'string' is not assignable to parameter of type 'number'`),
    train: 'enabled',
    spec: { ...CUSTOM, 'task.N_in': 2 },
    timeout: 30_000, // the language service's worker starts with the editor
  },
  {
    name: 'task code: imports another module',
    steps: code(`import fs from 'node:fs';\nvoid fs;\n${MEAN_SIGN}`),
    says: /^imports 'node:fs'; a task file can import only 'cogrnn'/,
    train: CODE_BLOCKED,
    spec: CUSTOM,
  },
  {
    name: 'task code: no default export',
    steps: code(MEAN_SIGN.replace('export default defineTask({', 'const task = defineTask({')),
    says: /has no default export; end it with export default defineTask\(\{ \.\.\. \}\)/,
    train: CODE_BLOCKED,
    spec: CUSTOM,
  },
  {
    name: 'task code: generateTrialParams throws, named with its line',
    steps: code(MEAN_SIGN.replace('    const sign = rng.int(2) === 1 ? 1 : -1;', "    const sign = rng.int(2) === 1 ? 1 : -1;\n    if (sign > 0) throw new RangeError('no positive trials');")),
    says: new RegExp(`my-task\\.ts:${MEAN_SIGN_LINE('const sign') + 1}:\\d+: MeanSign: generateTrialParams threw RangeError: no positive trials \\(batch 1, trial \\d+\\)`),
    train: CODE_BLOCKED,
    spec: CUSTOM,
  },
  {
    name: 'task code: trialFunction throws, named with the time step and its line',
    steps: code(withTrialLine("if (time === 500) throw new Error('boom');")),
    says: new RegExp(`my-task\\.ts:${MEAN_SIGN_LINE('trialFunction(') + 1}:\\d+: MeanSign: trialFunction threw boom \\(t = 500 ms, batch 1, trial 0\\)`),
    train: CODE_BLOCKED,
    spec: CUSTOM,
  },
  {
    name: 'task code: accuracyFunction throws',
    steps: code(MEAN_SIGN.replace('  evidenceAxis:', "  accuracyFunction: () => { throw new Error('not yet'); },\n  evidenceAxis:")),
    says: /my-task\.ts:\d+:\d+: MeanSign: accuracyFunction threw not yet/,
    train: CODE_BLOCKED,
    spec: CUSTOM,
  },
  {
    name: 'task code: trialFunction writes NaN',
    steps: code(withTrialLine('step.x[1] = Math.sqrt(-1);')),
    says: /MeanSign: trialFunction wrote NaN into step\.x\[1\]; expected N_in = 2 finite numbers \(t = 0 ms, batch 1, trial 0\)/,
    train: CODE_BLOCKED,
    spec: CUSTOM,
  },
  {
    name: 'task code: trialFunction writes Infinity',
    steps: code(withTrialLine('step.y[0] = 1 / 0;')),
    says: /trialFunction wrote Infinity into step\.y\[0\]; expected N_out = 2 finite numbers/,
    train: CODE_BLOCKED,
    spec: CUSTOM,
  },
  {
    name: 'task code: trialFunction writes a non-number',
    steps: code(withTrialLine("(step as { x: unknown }).x = 'left';")),
    says: /trialFunction wrote string into step\.x; expected N_in = 2 finite numbers/,
    train: CODE_BLOCKED,
    spec: CUSTOM,
  },
  {
    name: 'task code: trialFunction writes a wrong-length array',
    steps: code(withTrialLine('step.x = new Float32Array(3);')),
    says: /trialFunction wrote an array of length 3 into step\.x; expected N_in = 2 finite numbers \(t = 0 ms/,
    train: CODE_BLOCKED,
    spec: CUSTOM,
  },
  {
    name: 'task code: trialFunction writes past the outputs (a typed array would drop it)',
    steps: code(withTrialLine('step.y[2] = 1;')),
    says: new RegExp(`my-task\\.ts:${MEAN_SIGN_LINE('trialFunction(') + 1}:\\d+: MeanSign: trialFunction threw RangeError: wrote step\\.y\\[2\\], but step\\.y has N_out = 2 entries \\(indices 0 to 1\\)`),
    train: CODE_BLOCKED,
    spec: CUSTOM,
  },
  {
    name: 'task code: endless loop in trialFunction, stopped by the watchdog',
    steps: code(withTrialLine('for (;;) {}')),
    says: /stopped: the task code ran for more than 3 s \(an endless loop\?\)/,
    train: CODE_BLOCKED,
    spec: CUSTOM,
    timeout: 15_000,
  },
  {
    name: 'task code: endless loop when the file runs, stopped by the watchdog',
    steps: code(`while (Date.now() > 0) {}\n${MEAN_SIGN}`),
    says: /stopped: the task code ran for more than 3 s \(an endless loop\?\)/,
    train: CODE_BLOCKED,
    spec: CUSTOM,
    timeout: 15_000,
  },
  {
    name: 'task code: endless loop, then fixed: a fresh worker checks it at once',
    steps: [...code(withTrialLine('while (true) {}')), { sees: /stopped: the task code ran for more than 3 s/, timeout: 15_000 }, { paste: MEAN_SIGN }, { shows: 'compile-status', text: /^ok$/ }],
    train: 'enabled',
    spec: { ...CUSTOM, 'task.N_in': 2, 'task.options.noise': 0.5 },
  },
  {
    name: 'task code: no step with mask 1',
    steps: code(MEAN_SIGN.replace('      step.mask.fill(1);\n', '')),
    says: /MeanSign: trialFunction never sets step\.mask to 1 \(checked 16 trials at every step\): nothing would be scored/,
    train: CODE_BLOCKED,
    spec: CUSTOM,
  },
  {
    name: 'task code: reaches for the network, which its worker does not have',
    steps: code(withTrialLine("if (time === 0) void fetch('https://example.org/?t=' + time);")),
    says: /MeanSign: trialFunction threw TypeError: fetch is blocked: task code runs without network access/,
    train: CODE_BLOCKED,
    spec: CUSTOM,
  },
  {
    name: 'task code: an option out of its declared bounds',
    steps: [...code(MEAN_SIGN), { fill: 'Noise', text: '-1' }],
    says: /task\.options\.noise: got -1; must be a number ≥ 0/,
    train: { blockedBy: 'Noise' },
    spec: { ...CUSTOM, 'task.options.noise': 0.5 },
  },
  {
    name: 'task code: a list option out of its declared bounds',
    steps: [...code(MEAN_SIGN), { fill: 'Means', text: '0.1, -0.2' }],
    says: /Means must be a list of 1 or more numbers ≥ 0/,
    train: { blockedBy: 'Means' },
    spec: { ...CUSTOM, 'task.options.means': [0.1, 0.2, 0.4] },
  },
  {
    name: 'task code: a rule the values break (the template needs T ≥ 1400 ms)',
    steps: [...NEW_TASK, field('T (ms)', '1000')],
    says: /task\.T: got 1000; must be ≥ 1400 ms to hold the fixation, stimulus, delay and decision/,
    train: { blockedBy: 'T (ms)' },
    spec: { ...CUSTOM, 'task.T': 1000 },
  },
  {
    name: 'task code: an option changes N_in, the network follows',
    steps: [...code(CHANNELS), { fill: 'Inputs', text: '5' }, { shows: 'network-shape', text: /^5 inputs → 50 recurrent units → 2 outputs$/ }],
    train: 'enabled',
    spec: { ...CUSTOM, 'task.N_in': 5, 'task.options.inputs': 5 },
  },
  {
    name: 'task code: an input connectivity mask of the old shape is reset to all-to-all, and said',
    given: {
      stored: JSON.stringify({
        version: 2,
        task: { name: 'custom', source: CHANNELS, file: 'channels.ts', N_in: 2, N_out: 2, options: { inputs: 2 } },
        model: { N_rec: 3, constraints: { input_connectivity: ones(3, 2), output_connectivity: ones(2, 3) } },
      }),
    },
    steps: [{ shows: 'compile-status', text: /^ok$/, timeout: 20_000 }, { fill: 'Inputs', text: '4' }],
    says: /The task now has N_in = 4 and N_out = 2: the input connectivity mask had the old shape and was reset to all-to-all\./,
    train: 'enabled',
    spec: { 'task.N_in': 4, 'model.constraints.input_connectivity': null, 'model.constraints.output_connectivity': ones(2, 3) },
  },
  {
    name: 'task code that does not compile survives a reload',
    steps: [...code(MEAN_SIGN.replace('  N_out: 2,', '  N_out: 2 +,')), { reload: 'leaves' }],
    says: /my-task\.ts:\d+:13: syntax error: Unexpected token/,
    train: CODE_BLOCKED,
    spec: CUSTOM,
  },
  {
    name: 'task code, then a built-in task: the code is kept for later',
    steps: [...code(MEAN_SIGN), { choose: 'task-select', option: 'DelayedDiscrimination' }, { choose: 'task-select', option: 'custom' }, { shows: 'compile-status', text: /^ok$/ }],
    says: /Sign of a noisy mean/,
    train: 'enabled',
    spec: { ...CUSTOM, 'task.options.noise': 0.5 },
  },
];

export const ROWS: Row[] = [
  // ---- a field the spec refuses: its message, Train blocked and saying why, the spec unchanged ----
  { name: 'T 0', steps: [field('T (ms)', '0')], says: /task\.T: got 0; must be a number > 0/, train: { blockedBy: 'T (ms)' }, spec: DEFAULTS },
  { name: 'T −100', steps: [field('T (ms)', '-100')], says: /task\.T: got -100; must be a number > 0/, train: { blockedBy: 'T (ms)' }, spec: DEFAULTS },
  { name: 'T "abc"', steps: [field('T (ms)', 'abc')], says: /T \(ms\): "abc" is not a number/, train: { blockedBy: 'T (ms)' }, spec: DEFAULTS },
  { name: 'T empty', steps: [field('T (ms)', '')], says: /T \(ms\) needs a number/, train: { blockedBy: 'T (ms)' }, spec: DEFAULTS },
  { name: 'T 1e400', steps: [field('T (ms)', '1e400')], says: /T \(ms\): 1e400 is too large for a number/, train: { blockedBy: 'T (ms)' }, spec: DEFAULTS },
  { name: 'T 0x10 (not decimal)', steps: [field('T (ms)', '0x10')], says: /"0x10" is not a number/, train: { blockedBy: 'T (ms)' }, spec: DEFAULTS },
  { name: 'T 5: no stimulus inside T', steps: [field('T (ms)', '5')], says: /task\.T: got 5; is too short for dt = 10 ms/, train: { blockedBy: 'T (ms)' }, spec: DEFAULTS },
  { name: 'T 1e7: too large', steps: [field('T (ms)', '1e7')], says: /task\.T: got 10000000; is too large: training would need about 154 GiB/, train: { blockedBy: 'T (ms)' }, spec: DEFAULTS },
  { name: 'dt 0', steps: [field('dt (ms)', '0')], says: /task\.dt: got 0; must be a number > 0/, train: { blockedBy: 'dt (ms)' }, spec: DEFAULTS },
  { name: 'dt 200 > τ', steps: [field('dt (ms)', '200')], says: /task\.dt: got 200; must be ≤ tau = 100 ms/, train: { blockedBy: 'dt (ms)' }, spec: DEFAULTS },
  { name: 'τ 0', steps: [field('τ (ms)', '0')], says: /task\.tau: got 0; must be a number > 0/, train: { blockedBy: 'τ (ms)' }, spec: DEFAULTS },
  { name: 'batch 0', steps: [field('Trials per batch', '0')], says: /task\.N_batch: got 0; must be an integer ≥ 1/, train: { blockedBy: 'Trials per batch' }, spec: DEFAULTS },
  { name: 'batch 1.5', steps: [field('Trials per batch', '1.5')], says: /task\.N_batch: got 1\.5; must be an integer ≥ 1/, train: { blockedBy: 'Trials per batch' }, spec: DEFAULTS },
  { name: 'batch 1e7: too large', steps: [field('Trials per batch', '1e7')], says: /task\.N_batch: got 10000000; is too large/, train: { blockedBy: 'Trials per batch' }, spec: DEFAULTS },
  { name: 'coherence −1', steps: [field('Coherence', '-1')], says: /task\.coherence: got -1; must be a number ≥ 0 or null/, train: { blockedBy: 'Coherence' }, spec: { 'task.coherence': null } },
  { name: 'N_rec 0', steps: [field('Recurrent units', '0')], says: /model\.N_rec: got 0; must be an integer ≥ 1/, train: { blockedBy: 'Recurrent units' }, spec: DEFAULTS },
  { name: 'N_rec "abc"', steps: [field('Recurrent units', 'abc')], says: /Recurrent units: "abc" is not a number/, train: { blockedBy: 'Recurrent units' }, spec: DEFAULTS },
  { name: 'N_rec 2.5', steps: [field('Recurrent units', '2.5')], says: /model\.N_rec: got 2\.5; must be an integer ≥ 1/, train: { blockedBy: 'Recurrent units' }, spec: DEFAULTS },
  {
    name: 'N_rec 20000: past 4 GiB',
    steps: [field('Recurrent units', '20000')],
    says: /model\.N_rec: got 20000; is too large: training would need about 56\.2 GiB/,
    train: { blockedBy: 'Recurrent units' },
    spec: DEFAULTS,
  },
  { name: 'noise −0.1', steps: [field('Recurrent noise σ', '-0.1')], says: /model\.rec_noise: got -0\.1; must be a number ≥ 0/, train: { blockedBy: 'Recurrent noise σ' }, spec: { 'model.rec_noise': 0 } },
  { name: 'Dale ratio 1', steps: [field('Dale ratio', '1')], says: /dale_ratio: got 1; must be a number in \[0, 1\) or null/, train: { blockedBy: 'Dale ratio' }, spec: { 'model.constraints.dale_ratio': null } },
  { name: 'Dale ratio 0.01: no excitatory unit', steps: [field('Dale ratio', '0.01')], says: /0 excitatory units/, train: { blockedBy: 'Dale ratio' }, spec: { 'model.constraints.dale_ratio': null } },
  { name: 'learning rate 0', steps: [field('Learning rate', '0')], says: /learning_rate: got 0; must be a number > 0/, train: { blockedBy: 'Learning rate' }, spec: { 'training.optimizer.learning_rate': 0.001 } },
  { name: 'training trials 0', steps: [field('Training trials', '0')], says: /training_iters: got 0; must be an integer ≥ 1/, train: { blockedBy: 'Training trials' }, spec: { 'training.training_iters': 50000 } },
  { name: 'seed 1.5', steps: [field('Seed', '1.5')], says: /seed: got 1\.5; must be an integer ≥ 0/, train: { blockedBy: 'Seed' }, spec: { seed: 2020 } },
  {
    name: 'two invalid fields: the first blocks, then the next',
    steps: [field('T (ms)', '0'), field('Recurrent units', 'abc'), { sees: /Fix T \(ms\) first \(and 1 more field\)/ }, field('T (ms)', '2500')],
    says: /Fix Recurrent units first: Recurrent units: "abc" is not a number/,
    train: { blockedBy: 'Recurrent units' },
    spec: { 'task.T': 2500, 'model.N_rec': 50 },
  },

  // ---- values that are fine stay fine ----
  { name: 'T 2500 accepted', steps: [field('T (ms)', '2500')], train: 'enabled', spec: { 'task.T': 2500 } },
  { name: 'T 0 then 2500: fixed, Train back', steps: [field('T (ms)', '0'), field('T (ms)', '2500')], train: 'enabled', spec: { 'task.T': 2500 } },
  { name: 'N_rec 64 accepted', steps: [field('Recurrent units', '64')], train: 'enabled', spec: { 'model.N_rec': 64 } },
  { name: 'learning rate 1e-2 accepted', steps: [field('Learning rate', '1e-2')], train: 'enabled', spec: { 'training.optimizer.learning_rate': 0.01 } },
  { name: 'coherence empty = random', steps: [field('Coherence', '0.3'), field('Coherence', '')], says: /Empty: drawn per trial from 0\.1, 0\.3, 0\.5, 0\.7/, train: 'enabled', spec: { 'task.coherence': null } },
  { name: 'Dale ratio 0.8 accepted', steps: [field('Dale ratio', '0.8')], train: 'enabled', spec: { 'model.constraints.dale_ratio': 0.8 } },
  { name: 'LSTM chosen', steps: [{ choose: 'Model', option: 'lstm' }], train: 'enabled', spec: { 'model.type': 'lstm' } },
  {
    name: 'Dale ratio 1, then LSTM: the field no longer applies, Train is back',
    steps: [field('Dale ratio', '1'), { sees: /Fix Dale ratio first/ }, { choose: 'Model', option: 'lstm' }, { shows: 'Dale ratio', text: /^$/ }],
    train: 'enabled',
    spec: { 'model.type': 'lstm', 'model.constraints.dale_ratio': null },
  },
  {
    name: 'τ 5 refused, then dt 5 makes it valid (checked again)',
    steps: [field('τ (ms)', '5'), { sees: /task\.dt: got 10; must be ≤ tau = 5 ms/ }, field('dt (ms)', '5')],
    train: 'enabled',
    spec: { 'task.dt': 5, 'task.tau': 5 },
  },

  // ---- Match to category, typed one key at a time (the page went blank at T = 3) ----
  {
    name: 'Match to category, T typed key by key',
    steps: [M2C, { type: 'T (ms)', text: '3' }, { sees: /task\.T: got 3; must be ≥ 2000 ms for MatchToCategory/ }, { type: 'T (ms)', text: '3000' }],
    train: 'enabled',
    spec: { 'task.name': 'MatchToCategory', 'task.T': 3000 },
  },
  {
    name: 'Match to category, T 1500',
    steps: [M2C, field('T (ms)', '1500')],
    says: /task\.T: got 1500; must be ≥ 2000 ms for MatchToCategory/,
    train: { blockedBy: 'T (ms)' },
    spec: { 'task.name': 'MatchToCategory', 'task.T': 2000 },
  },
  {
    name: 'T 1500, then Match to category: its default T, said',
    steps: [field('T (ms)', '1500'), M2C],
    says: /Match to category uses its default T: task\.T: got 1500; must be ≥ 2000 ms/,
    train: 'enabled',
    spec: { 'task.name': 'MatchToCategory', 'task.T': 2000 },
  },
  { name: 'Match to category, 1 input', steps: [M2C, field('Inputs (ring)', '1')], says: /task\.N_in: got 1; must be an integer ≥ 2/, train: { blockedBy: 'Inputs (ring)' }, spec: { 'task.N_in': 16 } },
  { name: 'Match to category, 500 inputs: preview capped', steps: [M2C, field('Inputs (ring)', '500')], says: /32 of 500 drawn, evenly spaced; 468 hidden/, train: 'enabled', spec: { 'task.N_in': 500 } },
  { name: 'Match to category, 1 category', steps: [M2C, field('Categories', '1')], says: /task\.N_out: got 1; must be an integer ≥ 2/, train: { blockedBy: 'Categories' }, spec: { 'task.N_out': 2 } },
  {
    name: 'invalid coherence, then another task: the field leaves, Train is back',
    steps: [field('Coherence', '-1'), { sees: /Fix Coherence first/ }, { choose: 'task-select', option: 'DelayedDiscrimination' }],
    train: 'enabled',
    spec: { 'task.name': 'DelayedDiscrimination' },
  },
  {
    name: 'T "abc", then another task: T still blocks',
    steps: [field('T (ms)', 'abc'), { choose: 'task-select', option: 'DelayedDiscrimination' }],
    says: /T \(ms\): "abc" is not a number/,
    train: { blockedBy: 'T (ms)' },
    spec: { 'task.name': 'DelayedDiscrimination', 'task.T': 2000 },
  },

  // ---- size ----
  {
    name: 'N_rec 1000: warned near Train, still trains',
    steps: [field('Recurrent units', '1000')],
    says: /Large experiment: about 703 MiB of memory and 15 s per training step on a CPU/,
    train: 'enabled',
    spec: { 'model.N_rec': 1000 },
  },
  {
    name: 'N_rec 2000: Stop answers within a second (the worker is replaced)',
    steps: [field('Recurrent units', '2000'), { press: 'train-button' }, { shows: 'backend-indicator', text: BACKEND }, { press: 'stop-button' }],
    says: /did not answer within 1 s \(it was busy in one long computation\), so it was ended and a fresh one started; no checkpoint had been made yet/,
    train: 'enabled',
    spec: { 'model.N_rec': 2000 },
    timeout: 2000, // 1 s for the worker to answer, and the test's own latency
  },
  {
    name: 'after a forced restart a fresh worker trains',
    steps: [field('Recurrent units', '2000'), { press: 'train-button' }, { shows: 'backend-indicator', text: BACKEND }, { press: 'stop-button' }, { sees: /a fresh one started/ }, ...TRAIN_TINY],
    says: /accuracy [\d.]+ on a fresh batch after 16 trials/,
    train: 'enabled',
    spec: TINY_SPEC,
  },
  {
    name: 'painting W_rec while training runs: said, the masks unchanged, the run goes on',
    steps: [
      ...TINY,
      field('Training trials', '1000000'),
      { press: 'train-button' },
      { sees: /[1-9][\d,]* \/ 1,000,000 trials/, timeout: 60_000 },
      { paint: 'rec', from: [0, 0], to: [2, 2] },
      { sees: /Training is running: Stop it to change the masks/ },
      { sees: /[1-9][\d,]* \/ 1,000,000 trials/ },
      { press: 'stop-button' },
    ],
    says: /accuracy [\d.]+ on a fresh batch after/,
    train: 'enabled',
    spec: { 'model.constraints.rec_connectivity': null, 'model.constraints.fixed_weights': null },
  },
  {
    name: 'Stop during a tiny long run keeps the results',
    steps: [...TINY, field('Training trials', '1000000'), { press: 'train-button' }, { sees: /[1-9][\d,]* \/ 1,000,000 trials/, timeout: 60_000 }, { press: 'stop-button' }],
    says: /accuracy [\d.]+ on a fresh batch after/,
    train: 'enabled',
  },

  // ---- NaN ----
  {
    name: 'learning rate 1e20: NaN, advice without clipping (it is on)',
    steps: [...TINY, field('Learning rate', '1e20'), { press: 'train-button' }],
    says: /the loss became NaN or infinite; no good weights were saved yet .*Try a lower learning rate \(now 100000000000000000000\)\.$/,
    saysNot: /clipping/,
    train: 'enabled',
    timeout: 60_000,
  },
  {
    name: 'learning rate 1e20 with clipping off: advice names clipping',
    given: { stored: tinyStored({ clip_grads: false, optimizer: { type: 'adam', learning_rate: 1e20 } }) },
    steps: [{ choose: 'backend-select', option: 'wasm' }, { press: 'train-button' }],
    says: /Try a lower learning rate \(now 100000000000000000000\), or gradient clipping \(training\.clip_grads in the spec\)\./,
    train: 'enabled',
    spec: { 'training.clip_grads': false },
    timeout: 60_000,
  },

  // ---- a reload keeps the spec ----
  { name: 'T 1500, reload: kept', steps: [field('T (ms)', '1500'), { reload: 'leaves' }, { shows: 'T (ms)', text: /^1500$/ }], train: 'enabled', spec: { 'task.T': 1500 } },
  {
    name: 'stored spec restored',
    given: { stored: stored({ task: { name: 'MatchToCategory', T: 2500, N_in: 8 }, model: { N_rec: 7 } }) },
    steps: [],
    says: /Inputs \(8 channels\)/,
    saysNot: /could not be restored/,
    train: 'enabled',
    spec: { 'task.name': 'MatchToCategory', 'task.T': 2500, 'model.N_rec': 7 },
  },
  {
    name: 'stored spec not JSON: default spec, said',
    given: { stored: '{not json' },
    says: /The spec saved from your last visit could not be restored \(it is not JSON: .*\); the page opened with the default spec\./,
    steps: [{ shows: 'T (ms)', text: /^2000$/ }],
    train: 'enabled',
  },
  {
    name: 'stored spec with N_rec −3: default spec, said',
    given: { stored: stored({ model: { N_rec: -3 } }) },
    steps: [{ shows: 'Recurrent units', text: /^50$/ }],
    says: /could not be restored \(model\.N_rec: got -3; must be an integer ≥ 1\)/,
    train: 'enabled',
  },
  {
    name: 'stored spec of another version: default spec, said',
    given: { stored: stored({ version: 7 }) },
    steps: [],
    says: /could not be restored \(version: got 7; this file is spec version 7/,
    train: 'enabled',
  },

  // ---- a backend that cannot run ----
  {
    name: 'no WebAssembly, backend Auto: trains on the software GPU, with a note',
    given: 'no-wasm',
    steps: [...TINY.slice(0, 4), { press: 'train-button' }, { sees: /on a fresh batch after 16 trials/, timeout: 120_000 }],
    says: /^training on (webgpu|webgl), a software GPU \(slow\): no other backend could train here \(.*wasm: WebAssembly is unavailable/,
    saysNot: /null backend|unknown backend/,
    train: 'enabled',
    timeout: 120_000,
  },

  // ---- the training worker cannot be loaded: said, and the next Train starts a fresh one ----
  {
    name: 'training worker unreachable: the run fails with a message, a later Train works',
    unreachable: /training-worker/,
    steps: [...TINY, { press: 'train-button' }, { sees: /the training worker failed: it could not be loaded/ }, { reachable: /training-worker/ }, { press: 'train-button' }],
    says: /accuracy [\d.]+ on a fresh batch after 16 trials/,
    train: 'enabled',
    spec: TINY_SPEC,
    timeout: 60_000,
  },

  // ---- the plotting library cannot be loaded: each plot says so, the rest works, Retry draws ----
  {
    name: 'plotting library unreachable: plots fail in place, Retry draws',
    unreachable: /plotly/,
    steps: [
      ...TRAIN_TINY,
      { sees: /The example trial plot failed: the plotting library could not be loaded/ },
      { reachable: /plotly/ },
      { click: 'Retry' },
      { drawn: 'trial-plot' },
    ],
    says: /Test batch at 16 trials/,
    failedParts: 4, // the loss plot has no points (2 steps, loss_epoch 10), so it never asked for the library
    train: 'enabled',
  },

  // ---- a trained page: bad inputs after training lose nothing ----
  { name: 'trained, T "abc"', given: 'trained', steps: [field('T (ms)', 'abc')], says: /T \(ms\): "abc" is not a number/, train: { blockedBy: 'T (ms)' }, spec: TINY_SPEC, undo: [field('T (ms)', '200')] },
  {
    name: 'trained, N_rec 0',
    given: 'trained',
    steps: [field('Recurrent units', '0')],
    says: /model\.N_rec: got 0/,
    train: { blockedBy: 'Recurrent units' },
    spec: TINY_SPEC,
    undo: [field('Recurrent units', '4')],
  },
  {
    name: 'trained, Match to category and T 3',
    given: 'trained',
    steps: [M2C, { type: 'T (ms)', text: '3' }],
    says: /task\.T: got 3; must be ≥ 2000 ms for MatchToCategory/,
    train: { blockedBy: 'T (ms)' },
    spec: { 'task.name': 'MatchToCategory', 'model.N_rec': 4 },
    undo: [{ choose: 'task-select', option: 'PerceptualDiscrimination' }, field('T (ms)', '200')],
  },
  {
    name: 'trained, reload: nothing asked (the run is saved in this browser), its results come back',
    given: 'trained',
    steps: [{ reload: 'leaves' }, { shows: 'test-summary', text: /Test batch at 16 trials/ }],
    train: 'enabled',
    spec: TINY_SPEC,
  },
  {
    name: 'trained, New task whose rule T breaks: said, the results stay',
    given: 'trained',
    steps: NEW_TASK.slice(0, 1),
    says: /task\.T: got 200; must be ≥ 1400 ms/,
    train: { blockedBy: 'T (ms)' },
    spec: { ...TINY_SPEC, 'task.name': 'custom' },
    undo: [{ choose: 'task-select', option: 'PerceptualDiscrimination' }],
  },
  { name: 'trained, Download weights saves the page\'s copy', given: 'trained', steps: [{ download: /^Perceptual-discrimination-paper-Fig\.-2-\.npz$/ }], train: 'enabled', spec: TINY_SPEC },
  ...CODE_ROWS,

  // ---- the curriculum editor (issue 11): a stage the network cannot learn, no stages, a threshold out of range ----
  {
    name: 'curriculum stage of other channels (Go / no-go, 3 inputs): refused naming the shapes, the stage unchanged',
    steps: [{ press: 'add-stage' }, { choose: 'stage-1-task', option: 'GoNogo' }],
    says: /curriculum\.stages\[0\]\.N_in: got 3; must equal task\.N_in = 2: one network, built from task, learns every stage/,
    train: 'enabled',
    spec: { 'curriculum.stages.0.name': 'PerceptualDiscrimination', 'task.name': 'PerceptualDiscrimination', ...DEFAULTS },
  },
  {
    name: 'curriculum, Remove the only stage: a curriculum needs one, "No curriculum" trains without',
    steps: [{ press: 'add-stage' }, { press: 'stage-1-remove' }, { shows: 'Task (stage 1)', text: /^PerceptualDiscrimination$/ }],
    says: /A curriculum needs at least one stage: to train on the task alone, choose “No curriculum”/,
    train: 'enabled',
    spec: { 'curriculum.stages.0.name': 'PerceptualDiscrimination', 'curriculum.thresholds': [0.9] },
  },
  {
    name: 'stored curriculum with no stages: said, the default spec opens, the stored one kept',
    given: { stored: stored({ curriculum: { stages: [], thresholds: [] } }) },
    steps: [],
    says: /could not be restored \(curriculum\.stages: got \[\]; must hold at least 1 task\)/,
    train: 'enabled',
    spec: { 'curriculum.stages': [] },
  },
  {
    name: 'curriculum threshold 1.5 for accuracy: outside [0, 1], Train waits',
    steps: [{ press: 'add-stage' }, field('Threshold (stage 1)', '1.5')],
    says: /curriculum\.thresholds\[0\]: got 1\.5; must be a number in \[0, 1\] for metric "accuracy"/,
    train: { blockedBy: 'Threshold (stage 1)' },
    spec: { 'curriculum.thresholds': [0.9], 'curriculum.metric': 'accuracy' },
  },

  // ---- the Advanced sections (issue 11): opened, a value the spec refuses, Train blocked, the spec unchanged ----
  {
    name: 'Advanced: spec_rad 0',
    steps: [{ press: 'advanced-network' }, field('spec_rad', '0')],
    says: /model\.initializer\.spec_rad: got 0; must be a number > 0/,
    train: { blockedBy: 'spec_rad' },
    spec: { 'model.initializer.type': 'GaussianSpectralRadius', 'model.initializer.spec_rad': 1.1 },
  },
  {
    name: 'Advanced: const_unif with init_minval above init_maxval',
    steps: [{ press: 'advanced-network' }, { choose: 'which_rand_init', option: 'const_unif' }, field('init_minval', '0.5')],
    says: /model\.initializer\.init_minval: got 0\.5; must be < init_maxval = 0\.1/,
    train: { blockedBy: 'init_minval' },
    spec: { 'model.initializer.which_rand_init': 'const_unif', 'model.initializer.init_minval': -0.1 },
  },
  {
    name: 'Advanced: beta1 1',
    steps: [{ press: 'advanced-training' }, field('beta1', '1')],
    says: /training\.optimizer\.beta1: got 1; must be a number in \[0, 1\)/,
    train: { blockedBy: 'beta1' },
    spec: { 'training.optimizer.type': 'adam', 'training.optimizer.beta1': 0.9 },
  },
  {
    name: 'Advanced: momentum optimizer, momentum −1',
    steps: [{ press: 'advanced-training' }, { choose: 'optimizer', option: 'momentum' }, field('momentum', '-1')],
    says: /training\.optimizer\.momentum: got -1; must be a number ≥ 0/,
    train: { blockedBy: 'momentum' },
    spec: { 'training.optimizer.type': 'momentum', 'training.optimizer.momentum': 0.9, 'training.optimizer.learning_rate': 0.001 },
  },
  {
    name: 'Advanced: performance_cutoff 1.5',
    steps: [{ press: 'advanced-training' }, { press: 'performance-stop' }, field('performance_cutoff', '1.5')],
    says: /training\.performance_cutoff: got 1\.5; must be in \[0, 1\] for performance_measure "accuracy"/,
    train: { blockedBy: 'performance_cutoff' },
    spec: { 'training.performance_measure': 'accuracy', 'training.performance_cutoff': 0.9 },
  },
  {
    name: 'Advanced: performance_cutoff empty',
    steps: [{ press: 'advanced-training' }, { press: 'performance-stop' }, field('performance_cutoff', '')],
    says: /performance_cutoff needs a number/,
    train: { blockedBy: 'performance_cutoff' },
    spec: { 'training.performance_measure': 'accuracy', 'training.performance_cutoff': 0.9 },
  },
  {
    name: 'Advanced: L2_firing_rate −0.1',
    steps: [{ press: 'advanced-training' }, field('L2_firing_rate', '-0.1')],
    says: /regularization\.L2_firing_rate: got -0\.1; must be a number ≥ 0/,
    train: { blockedBy: 'L2_firing_rate' },
    spec: { 'regularization.L2_firing_rate': 0 },
  },
  {
    name: 'Advanced: loss_epoch 0',
    steps: [{ press: 'advanced-training' }, field('loss_epoch', '0')],
    says: /training\.loss_epoch: got 0; must be an integer ≥ 1/,
    train: { blockedBy: 'loss_epoch' },
    spec: { 'training.loss_epoch': 10 },
  },
  {
    name: 'Advanced: L1_in 0.1, then LSTM: put back to 0, and said',
    steps: [{ press: 'advanced-training' }, field('L1_in', '0.1'), { choose: 'Model', option: 'lstm' }],
    says: /The LSTM does not use L1_in: it was put back to its default\./,
    train: 'enabled',
    spec: { 'model.type': 'lstm', 'regularization.L1_in': 0 },
  },
  {
    name: 'Painter: a region preset whose densities cut every path from input to output (region 1 → 2 at 0)',
    steps: [{ choose: 'mask-preset', option: 'regions' }, { fill: 'Density region 1 → region 2', text: '0' }, { press: 'mask-preset-apply' }],
    says: /model\.constraints\.rec_connectivity: got a 50×50 matrix; cuts every path from the inputs to outputs 0, 1/,
    train: 'enabled',
    spec: { 'model.constraints.rec_connectivity': null, 'model.constraints.input_connectivity': null, 'model.N_rec': 50 },
  },
  {
    name: 'N_rec changed while masks painted for another N_rec are set: refused, the masks kept',
    given: { stored: stored({ model: { N_rec: 4, constraints: { rec_connectivity: [[0, 1, 1, 1], [1, 0, 1, 1], [1, 1, 0, 1], [1, 1, 1, 0]] } } }) },
    steps: [{ fill: 'Recurrent units', text: '6' }],
    says: /the masks are painted for 4 units \(rec_connectivity\); to change N_rec, clear them first in Constraints/,
    train: { blockedBy: 'Recurrent units' },
    spec: { 'model.N_rec': 4, 'model.constraints.rec_connectivity': [[0, 1, 1, 1], [1, 0, 1, 1], [1, 1, 0, 1], [1, 1, 1, 0]] },
  },
  {
    name: 'a built-in task of other inputs while an input mask is painted: the mask resets to all-to-all, said',
    given: { stored: stored({ model: { N_rec: 3, constraints: { input_connectivity: [[1, 0], [0, 1], [1, 1]] } } }) },
    steps: [{ choose: 'task-select', option: 'GoNogo' }],
    says: /The task now has N_in = 3 and N_out = 2: the input connectivity mask had the old shape and was reset to all-to-all\./,
    train: 'enabled',
    spec: { 'task.name': 'GoNogo', 'model.constraints.input_connectivity': null, 'model.N_rec': 3 },
  },
  // ---- Compare over seeds (issue 13): its settings, refused when Run comparison is pressed ----
  {
    name: 'Compare over seeds: 1 seed per condition and threshold 1.5, refused naming both and what is allowed',
    steps: [{ choose: 'sweep-kind', option: 'dale' }, field('Seeds per condition', '1'), field('Threshold (accuracy)', '1.5'), { press: 'sweep-run' }],
    says: /Cannot compare: Seeds per condition: got 1; must be a whole number from 2 to \d+ \(a rank test needs at least 2 runs a side\); Threshold: got 1\.5; must be an accuracy above 0 and at most 1/,
    train: 'enabled',
    spec: DEFAULTS,
  },
  {
    name: 'Compare over seeds: trial cap "lots" is not a number',
    steps: [{ choose: 'sweep-kind', option: 'dale' }, field('Trial cap', 'lots'), { press: 'sweep-run' }],
    says: /Cannot compare: Trial cap: "lots" is not a number/,
    train: 'enabled',
    spec: DEFAULTS,
  },
  {
    name: 'Compare over seeds: with vs without the curriculum on an experiment without one',
    steps: [{ choose: 'sweep-kind', option: 'curriculum' }, { press: 'sweep-run' }],
    says: /Cannot compare: “with vs without curriculum” needs a curriculum: add stages in the curriculum panel first/,
    train: 'enabled',
    spec: DEFAULTS,
  },
  // ---- the perturbation lab (issue 13): its fields are the spec's perturbation ----
  {
    name: 'Perturbation: state noise σ -1, refused, the perturbation unchanged',
    steps: [field('State noise σ', '-1')],
    says: /perturbation\.noise: got -1; must be/,
    spec: { ...DEFAULTS, perturbation: null },
  },
  {
    name: 'Perturbation: window start 2500 ms past the trial, refused naming the last step',
    steps: [field('Window start (ms)', '2500')],
    says: /perturbation\.start: got 2500; must be ≤ 1990 ms, the time of the trial's last step \(task\.T = 2000 ms, dt = 10 ms\)/,
    spec: { ...DEFAULTS, perturbation: null },
  },
  {
    name: 'Perturbation: W_rec scale "big" is not a number',
    steps: [field('W_rec scale', 'big')],
    says: /W_rec scale: "big" is not a number/,
    spec: { ...DEFAULTS, perturbation: null },
  },
];
