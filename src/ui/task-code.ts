/**
 * The page side of a person's own task: New task (a template), Fork (a built-in task's own source), Open and Save
 * a .ts file, and what follows each edit of the code or of the task's values. The code itself never runs here:
 * the task worker (task-client.ts) compiles it and answers its declarations, N_in / N_out and a preview; this module
 * turns the answers into the spec — its task becomes `{ name: 'custom', source, … }`, its shapes follow the code,
 * connectivity masks of an old shape are reset (and said) — and into what blocks Train ("Fix Task code first").
 * The editor's text is kept in the store whether or not it compiles, so nothing typed is lost.
 */
import type { ExperimentSpec, ModelSpec } from '../core/spec/spec.ts';
import { CUSTOM_TASK, isCustomTask } from '../core/tasks/custom-task.ts';
import { builtinTask } from '../core/tasks/registry.ts';
import { TIMING_KEYS } from '../core/tasks/options.ts';
import type { SourceProblem, TaskDescription, TaskValues } from '../worker/task-service.ts';
import { codeFingerprint } from './code-fingerprint.ts';
import { type CodeCheck, EMPTY_CHECK, type TaskEditorState, useAppStore } from './store.ts';
import { describeTaskCode, previewTaskCode } from './task-client.ts';

/** The module a task file imports the API from (compile.ts's API_MODULE; that module is the worker's to load). */
const API_MODULE = 'cogrnn';

/** The labels of the timing fields, as the task panel shows them. */
export const TIMING_LABELS: Record<string, string> = { dt: 'dt (ms)', tau: 'τ (ms)', T: 'T (ms)', N_batch: 'Trials per batch' };

/** The field errors the code registers: they hold Train back like a field's own. */
const CODE_FIELD = 'task-code';
const RULES_FIELD = 'task-rules';
const CODE_LABEL = 'Task code';

/** A quiet moment after typing before the code is checked. */
const CHECK_DELAY_MS = 250;
/** Larger files are refused by Open (a task file is a few kB; the spec keeps its source in the browser's storage). */
const MAX_FILE_BYTES = 1_000_000;

/** Task sources (the built-in definitions and the template), fetched only when asked for. */
const BUILTIN_SOURCES = import.meta.glob<string>(['../core/tasks/*.ts', '!../core/tasks/*.test.ts'], { query: '?raw', import: 'default' });
const loadTemplate = () => import('./templates/new-task.ts?raw').then((m) => m.default as string);

/** A source with its import of the API (a relative path inside this repository) turned into `from 'cogrnn'`. */
export function asTaskFile(source: string): string {
  return source.replace(/from '(?:\.{1,2}\/)+(?:core\/tasks\/)?api\.ts'/g, `from '${API_MODULE}'`);
}

/** 'PerceptualDiscrimination' → 'perceptual-discrimination'. */
export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

// ---------------------------------------------------------------------------------------------------
// What a check is of: the code and the task's values.

/** The timing and option values of the spec's task (a built-in's options are its own keys; a custom's, `options`). */
export function taskValues(spec: ExperimentSpec): TaskValues {
  const task = spec.task;
  const { dt, tau, T, N_batch } = task;
  if (isCustomTask(task)) return { dt, tau, T, N_batch, options: task.options };
  const options = Object.fromEntries(Object.entries(task).filter(([key]) => key !== 'name' && !(TIMING_KEYS as readonly string[]).includes(key)));
  return { dt, tau, T, N_batch, options };
}

/** Apply the definition's declared timing at the next check (a new or opened file; a fork keeps the spec's). */
let useDefaults = false;
let previewSeed = 1;

/** What the next check is of, or null when nothing is to be checked: no code open, or code from a link not yet allowed to run (share/consent.ts). */
function checkKey(): string | null {
  const { editor, spec } = useAppStore.getState();
  if (!editor?.open || editor.awaitingConsent) return null;
  return JSON.stringify([editor.text, editor.file, taskValues(spec), useDefaults]);
}

// ---------------------------------------------------------------------------------------------------
// The status line and what blocks Train.

/** "my-task.ts:3:14: syntax error: …", or the message alone when it has no place. */
export function problemText(problem: SourceProblem, file: string): string {
  return problem.line === null ? problem.message : `${file}:${problem.line}:${problem.column ?? 1}: ${problem.message}`;
}

/** Why the code cannot train now (it is being checked, does not compile, throws, or trains nothing), or null. */
function blocker(check: CodeCheck, file: string): string | null {
  if (check.checking) return 'the code is being checked';
  return check.error && problemText(check.error, file);
}

/** The status line: `ok`, or the first problem with its file:line:column; a type error last (it does not block). */
export function statusText(check: CodeCheck, file: string): string {
  if (check.error) return problemText(check.error, file);
  const problem = check.problems[0];
  if (problem) return ruleText(problem.key, problem.message, check);
  if (check.typeError) return problemText({ ...check.typeError, message: `type error: ${check.typeError.message}` }, file);
  if (!check.task) return check.checking ? 'checking…' : '';
  return 'ok';
}

function ruleText(key: string, message: string, check: CodeCheck): string {
  const isOption = check.task !== null && key in check.task.options;
  const spec = useAppStore.getState().spec;
  const values = taskValues(spec);
  const value = isOption ? values.options[key] : (values as unknown as Record<string, unknown>)[key];
  return `task.${isOption ? 'options.' : ''}${key}: got ${JSON.stringify(value)}; ${message}`;
}

function fieldLabel(key: string, check: CodeCheck): string {
  const option = check.task?.options[key];
  return TIMING_LABELS[key] ?? (option ? (option.label ?? key) : key);
}

/** Registers (or clears) the code's and the rules' field errors from the current check. */
function syncFieldErrors(): void {
  const { editor, codeCheck, setFieldError } = useAppStore.getState();
  const open = editor?.open === true;
  const blocking = open ? blocker(codeCheck, editor.file) : null;
  setFieldError(CODE_FIELD, blocking === null ? null : { label: CODE_LABEL, message: blocking });
  const problem = open ? codeCheck.problems[0] : undefined;
  setFieldError(RULES_FIELD, problem ? { label: fieldLabel(problem.key, codeCheck), message: ruleText(problem.key, problem.message, codeCheck) } : null);
}

function setCheck(update: Partial<CodeCheck>): void {
  useAppStore.setState((s) => ({ codeCheck: { ...s.codeCheck, ...update } }));
  syncFieldErrors();
}

// ---------------------------------------------------------------------------------------------------
// A successful check goes into the spec.

/** A matrix's rows and columns (a vector: 1 row). */
function dims(value: number[][] | number[]): [number, number] {
  return Array.isArray(value[0]) ? [value.length, (value[0] as number[]).length] : [1, value.length];
}

/**
 * The model with every connectivity mask and fixed-weights mask that no longer fits N_in / N_out dropped (all-to-all,
 * all trainable), and a sentence saying which; the model unchanged and null when all fit.
 */
export function fitMasksToShape(model: ModelSpec, shape: { N_in: number; N_out: number }): { model: ModelSpec; note: string | null } {
  const c = model.constraints;
  const reset: string[] = [];
  const constraints = { ...c, fixed_weights: c.fixed_weights && { ...c.fixed_weights } };
  if (c.input_connectivity && dims(c.input_connectivity)[1] !== shape.N_in) {
    constraints.input_connectivity = null;
    reset.push('the input connectivity mask');
  }
  if (c.output_connectivity && dims(c.output_connectivity)[0] !== shape.N_out) {
    constraints.output_connectivity = null;
    reset.push('the output connectivity mask');
  }
  const fixed = constraints.fixed_weights;
  if (fixed) {
    const misfit = { W_in: (m: number[][]) => dims(m)[1] !== shape.N_in, W_out: (m: number[][]) => dims(m)[0] !== shape.N_out } as const;
    for (const key of ['W_in', 'W_out'] as const) {
      if (fixed[key] && misfit[key](fixed[key])) {
        delete fixed[key];
        reset.push(`fixed_weights.${key}`);
      }
    }
    if (fixed.b_out && fixed.b_out.length !== shape.N_out) {
      delete fixed.b_out;
      reset.push('fixed_weights.b_out');
    }
  }
  if (reset.length === 0) return { model, note: null };
  const list = reset.length === 1 ? reset[0] : `${reset.slice(0, -1).join(', ')} and ${reset.at(-1)}`;
  return {
    model: { ...model, constraints },
    note: `The task now has N_in = ${shape.N_in} and N_out = ${shape.N_out}: ${list} had the old shape and ${reset.length === 1 ? 'was' : 'were'} reset to all-to-all.`,
  };
}

/**
 * Puts a described task into the spec (its shapes, its resolved values), calling `alongside` in the same batch of
 * store updates; returns the spec's refusal, or null.
 */
function applyDescription(answer: Extract<TaskDescription, { ok: true }>, text: string, file: string, alongside: () => void): string | null {
  const { spec, editSpec } = useAppStore.getState();
  const { values, N_in, N_out } = answer;
  const task = { name: CUSTOM_TASK, source: text, file, dt: values.dt, tau: values.tau, T: values.T, N_batch: values.N_batch, N_in, N_out, options: values.options };
  if (isCustomTask(spec.task) && JSON.stringify(spec.task) === JSON.stringify(task)) {
    alongside();
    return null;
  }
  let note: string | null = null;
  alongside();
  const failure = editSpec((draft) => {
    const fitted = fitMasksToShape(draft.model, { N_in, N_out });
    note = fitted.note;
    return { ...draft, task, model: fitted.model };
  });
  if (failure) return failure.split('\n')[0];
  if (note) useAppStore.setState({ networkNote: note });
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Checking: one at a time, the latest code and values only.

let timer: ReturnType<typeof setTimeout> | undefined;
let running = false;
/** The code and values the check in hand is of (null: none yet); a change to anything else is checked again. */
let lastChecked: string | null = null;
/** The preview in hand is of these (code, values, shape, seed). */
let lastPreview: string | null = null;

function scheduleCheck(now = false): void {
  clearTimeout(timer);
  if (checkKey() === null) return; // nothing to check (Preview trials while the code awaits consent)
  if (!useAppStore.getState().codeCheck.checking) setCheck({ checking: true });
  timer = setTimeout(() => void check(), now ? 0 : CHECK_DELAY_MS);
}

const asProblem = (error: unknown): SourceProblem => ({ message: error instanceof Error ? error.message : String(error), line: null, column: null });

/** Whether what the page shows has changed since the check in hand was asked for (or the editor has closed). */
function outdated(): boolean {
  const key = checkKey();
  return key === null || key !== lastChecked;
}

async function check(): Promise<void> {
  const key = checkKey();
  if (running || key === null) return; // a running check looks again when it ends
  running = true;
  lastChecked = key;
  const { editor, spec } = useAppStore.getState();
  const { text, file } = editor!;
  try {
    let answer: TaskDescription;
    try {
      answer = await describeTaskCode(text, file, taskValues(spec), useDefaults);
    } catch (error) {
      answer = { ok: false, error: asProblem(error) };
    }
    if (outdated()) return;
    if (!answer.ok) {
      lastPreview = null;
      return setCheck({ checking: false, code: codeFingerprint(text), error: answer.error, problems: [], replaced: [], preview: null, previewNote: null });
    }
    useDefaults = false;
    // the spec takes the answer's values and shapes: that is the code and values checked, not a change to check
    lastChecked = JSON.stringify([text, file, answer.values, false]);
    const next = { task: answer.task, problems: answer.problems, replaced: answer.replaced, code: codeFingerprint(text) };
    // the fields are drawn from the declarations as the spec takes their values: both change in one render
    const refusal = applyDescription(answer, text, file, () => useAppStore.setState((s) => ({ codeCheck: { ...s.codeCheck, ...next } })));
    if (refusal) {
      lastChecked = key; // the spec kept its task: the code and values checked are the ones asked about
      lastPreview = null;
      return setCheck({ ...next, checking: false, error: { message: `the spec refuses this task: ${refusal}`, line: null, column: null }, preview: null, previewNote: null });
    }
    if (answer.problems.length > 0) {
      lastPreview = null;
      return setCheck({ ...next, checking: outdated(), error: null, preview: null, previewNote: null });
    }
    await preview(text, file, answer, next);
  } finally {
    running = false;
    if (checkKey() !== null && outdated()) scheduleCheck(true);
  }
}

/** Generates the preview of a described task (unless the one in hand is of the same code, values and seed). */
async function preview(text: string, file: string, answer: Extract<TaskDescription, { ok: true }>, next: Partial<CodeCheck>): Promise<void> {
  const shape = { N_in: answer.N_in, N_out: answer.N_out };
  const previewKey = JSON.stringify([text, file, answer.values, shape, previewSeed]);
  if (previewKey === lastPreview) return setCheck({ ...next, checking: outdated(), error: null });
  let result;
  try {
    result = await previewTaskCode(text, file, answer.values, shape, previewSeed);
  } catch (error) {
    result = { ok: false as const, error: asProblem(error) };
  }
  if (outdated()) return;
  if (!result.ok) {
    lastPreview = null;
    const tooLong = 'tooLong' in result && result.tooLong === true;
    return setCheck({ ...next, checking: false, error: tooLong ? null : result.error, preview: null, previewNote: tooLong ? result.error.message : null });
  }
  lastPreview = previewKey;
  setCheck({ ...next, checking: false, error: null, preview: result.preview, previewNote: null });
}

useAppStore.subscribe((state, previous) => {
  if (state.editor === previous.editor && state.spec === previous.spec) return;
  const key = checkKey();
  if (key === null) {
    if (previous.editor?.open && !previous.editor.awaitingConsent) closeChecks();
  } else if (key !== lastChecked) {
    scheduleCheck();
  }
});

function closeChecks(): void {
  clearTimeout(timer);
  lastChecked = null;
  lastPreview = null;
  useAppStore.setState({ codeCheck: EMPTY_CHECK });
  syncFieldErrors();
}

/** Checks the code the page opened with, if it was working on one. */
export function startCodeChecks(): void {
  if (checkKey() !== null && lastChecked === null) scheduleCheck(true);
}

// ---------------------------------------------------------------------------------------------------
// What the person does.

/** The editor's text as typed (every change, compiling or not). */
export function editCode(text: string): void {
  useAppStore.setState((s) => (s.editor && s.editor.text !== text ? { editor: { ...s.editor, text } } : {}));
}

/** TypeScript's first type error in the code, from the editor's checker (shown, never blocking). */
export function reportTypeError(problem: SourceProblem | null): void {
  const current = useAppStore.getState().codeCheck.typeError;
  if (JSON.stringify(current) === JSON.stringify(problem)) return;
  useAppStore.setState((s) => ({ codeCheck: { ...s.codeCheck, typeError: problem } }));
}

/** Whether replacing the editor's text loses changes that were not saved: asks the person when it would. */
function mayReplaceCode(action: string): boolean {
  const { editor } = useAppStore.getState();
  if (!editor || editor.text === editor.savedText || editor.text.trim() === '') return true;
  return window.confirm(`The task code in the editor (${editor.file}) has changes that were not saved. ${action} replaces it. Continue?`);
}

function load(text: string, file: string, defaults: boolean): void {
  useDefaults = defaults;
  lastChecked = null;
  // curriculum stages whose code came from a link and never ran keep the page waiting, this code with them (consent.ts)
  const { editor, spec } = useAppStore.getState();
  const linkedStages = editor?.awaitingConsent === true && (spec.curriculum?.stages.some(isCustomTask) ?? false);
  const loaded: TaskEditorState = { text, file, savedText: text, open: true, ...(linkedStages && { awaitingConsent: true }) };
  useAppStore.setState({ editor: loaded, codeCheck: { ...EMPTY_CHECK, checking: !linkedStages } });
  scheduleCheck(true);
}

/** New task: the template, as a new custom task. */
export async function newTask(): Promise<void> {
  if (!mayReplaceCode('New task')) return;
  load(asTaskFile(await loadTemplate()), 'my-task.ts', true);
}

/** Fork: the built-in task's own source, as a new custom task with the spec's current values. */
export async function forkTask(name: string): Promise<void> {
  const file = `${kebab(name)}.ts`;
  const loader = BUILTIN_SOURCES[`../core/tasks/${file}`];
  if (!builtinTask(name) || !loader) throw new Error(`no source for the built-in task ${name}`);
  if (!mayReplaceCode(`Fork ${name}`)) return;
  load(asTaskFile(await loader()), file, false);
}

/** Open .ts file: its text in the editor, as a custom task; returns why it was refused, or null. */
export async function openTaskFile(file: File): Promise<string | null> {
  if (file.size > MAX_FILE_BYTES) {
    return `${file.name} is ${(file.size / 1e6).toFixed(1)} MB; a task file is at most ${MAX_FILE_BYTES / 1e6} MB (one definition, a few kB)`;
  }
  if (!mayReplaceCode(`Opening ${file.name}`)) return null;
  load(await file.text(), file.name, true);
  return null;
}

/** Save .ts file: downloads the editor's text under its file name. */
export function saveTaskFile(): void {
  const { editor } = useAppStore.getState();
  if (!editor) return;
  const url = URL.createObjectURL(new Blob([editor.text], { type: 'text/typescript' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = editor.file;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  useAppStore.setState((s) => (s.editor ? { editor: { ...s.editor, savedText: editor.text } } : {}));
}

/** Back to the editor's code after a built-in task was chosen. */
export function reopenCode(): void {
  useAppStore.setState((s) => (s.editor ? { editor: { ...s.editor, open: true } } : {}));
}

/** A built-in task was chosen: the editor closes, its text is kept. */
export function closeCode(): void {
  useAppStore.setState((s) => (s.editor?.open ? { editor: { ...s.editor, open: false } } : {}));
}

/** Preview trials: new trials of the same code. */
export function previewAgain(): void {
  previewSeed++;
  lastChecked = null;
  scheduleCheck(true);
}
