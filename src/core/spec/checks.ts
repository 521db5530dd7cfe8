/**
 * What one field of the experiment spec allows depends on another: matrix shapes on N_rec and the task's
 * channels, curriculum stages on the network, the LSTM on the constraints. Run after every field parsed.
 */
import type { z } from 'zod';
import { resourceIssue } from '../resources.ts';
import type { ConstraintsSpec, CurriculumSpec, ExperimentSpec, TaskSpec } from './spec.ts';
import { taskIssues, taskShape } from '../tasks/registry.ts';
import { stepCount } from '../tasks/steps.ts';
import { unreachableOutputs } from './pathways.ts';
import { perturbationIssues } from './perturbation.ts';

export { taskShape };

/** Steps per trial, ceil(T / dt) as the task computes it; a trial samples the times 0, dt, …, (N_steps − 1)·dt. */
export function N_steps(task: TaskSpec): number {
  return stepCount(task.T, task.dt);
}

/** The Dale ratio the model applies: null when absent or 0 (PsychRNN tests `if dale_ratio:`). */
export function daleRatioInEffect(constraints: ConstraintsSpec): number | null {
  return constraints.dale_ratio || null;
}

type Ctx = z.core.$RefinementCtx<unknown>;
type Path = (string | number)[];

function report(ctx: Ctx, path: Path, input: unknown, message: string) {
  ctx.addIssue({ code: 'custom', path, input, message });
}

export function crossCheck(spec: ExperimentSpec, ctx: Ctx): void {
  checkTask(spec.task, ['task'], ctx);
  spec.curriculum?.stages.forEach((stage, i) => checkTask(stage, ['curriculum', 'stages', i], ctx));
  const masksFit = checkShapes(spec, ctx);
  if (spec.model.type !== 'basic') checkGatedModel(spec, ctx);
  else checkSomethingToLearn(spec, masksFit, ctx);
  checkPerformance(spec.training, ctx);
  checkUniformBounds(spec.model.initializer, ctx);
  if (spec.curriculum) checkCurriculum(spec.task, spec.curriculum, ctx);
  checkResources(spec, ctx);
  for (const issue of perturbationIssues(spec)) report(ctx, issue.path, issue.value, issue.message);
}

/**
 * The task's own rules (`taskIssues`, the ones its constructor enforces), and α = dt/τ ≤ 1: the network's Euler
 * step x ← (1 − α)x + α(…) of τ dx/dt only makes sense for dt ≤ τ (α = 1 is a discrete-time RNN).
 */
function checkTask(task: TaskSpec, at: Path, ctx: Ctx) {
  const values = task as unknown as Record<string, unknown>;
  for (const issue of taskIssues(task)) report(ctx, [...at, issue.key], values[issue.key], issue.message);
  if (task.dt > task.tau) {
    const message = `must be ≤ tau = ${task.tau} ms: α = dt/τ > 1 turns the leak (1 − α) negative, so the network no longer follows τ dx/dt`;
    report(ctx, [...at, 'dt'], task.dt, message);
  }
}

function checkResources(spec: ExperimentSpec, ctx: Ctx) {
  const issue = resourceIssue(spec);
  if (issue) report(ctx, issue.path, issue.value, issue.message);
}

const ones = (rows: number[][]) => rows.reduce((n, row) => n + row.reduce((a, b) => a + b, 0), 0);

/**
 * A rate network that could never learn anything: no unit drives an output (PsychRNN's Dale_out lets only
 * excitatory units reach the outputs), no input reaches any unit, or no entry of any variable may change.
 * `masksFit`: the connectivity masks have the network's shapes (else `checkShapes` said so, and no path is traced).
 */
function checkSomethingToLearn(spec: ExperimentSpec, masksFit: boolean, ctx: Ctx) {
  const { N_rec, constraints: c } = spec.model;
  const at = (...keys: (string | number)[]) => ['model', 'constraints', ...keys];
  const dale = daleRatioInEffect(c);
  const excitatory = dale === null ? N_rec : Math.floor(dale * N_rec);
  if (excitatory === 0) {
    const message = `gives ⌊${dale}·${N_rec}⌋ = 0 excitatory units; under Dale's principle only excitatory units drive the outputs, so nothing could: use ≥ ${Number((1 / N_rec).toPrecision(3))} (1/N_rec), or null`;
    report(ctx, at('dale_ratio'), c.dale_ratio, message);
  }
  const out = c.output_connectivity;
  let silentOutput = false;
  if (out && excitatory > 0 && out.length > 0) {
    out.forEach((row, i) => {
      if (row.slice(0, excitatory).every((v) => v === 0)) {
        silentOutput = true;
        const units = dale === null ? 'unit' : `excitatory unit (the first ${excitatory})`;
        report(ctx, at('output_connectivity', i), row, `must connect output ${i} to at least one ${units}, or output ${i} is the constant b_out`);
      }
    });
  }
  const noInput = c.input_connectivity !== null && c.input_connectivity.length > 0 && ones(c.input_connectivity) === 0;
  if (noInput) report(ctx, at('input_connectivity'), c.input_connectivity, 'must hold at least one 1: with none, no input reaches the network');
  // only once each mask on its own lets something through: then a cut is the masks together
  else if (masksFit && excitatory > 0 && !silentOutput) checkPathways(spec, excitatory, ctx);
  const names = ['W_in', 'W_rec', 'W_out', 'b_rec', 'b_out', 'init_state'] as const;
  const fixed = c.fixed_weights ?? {};
  const allFixed = (rows: number[] | number[][] | undefined) => rows !== undefined && rows.flat().every((v) => v === 1);
  if (names.every((name) => !c.trainable[name] || allFixed(fixed[name]))) {
    report(ctx, at('trainable'), c.trainable, 'leaves nothing to train: every variable is untrainable or wholly fixed (fixed_weights all 1)');
  }
}

/**
 * Masks that each let something through but together cut every path from the inputs to an output (`pathways.ts`).
 * Reported on the recurrent mask when there is one (the usual culprit: a cut between regions), else on the output's row.
 */
function checkPathways(spec: ExperimentSpec, excitatory: number, ctx: Ctx) {
  const { N_in, N_out } = taskShape(spec.task);
  const { N_rec, constraints: c } = spec.model;
  const masks = { N_in, N_rec, N_out, input: c.input_connectivity, rec: c.rec_connectivity, output: c.output_connectivity, excitatory };
  const cut = unreachableOutputs(masks);
  if (cut.length === 0) return;
  const outputs = cut.length === 1 ? `output ${cut[0]}` : `outputs ${cut.join(', ')}`;
  const drivers = excitatory < N_rec ? `an excitatory unit (the first ${excitatory}) that drives ${outputs}` : `a unit that drives ${outputs}`;
  const message = `cuts every path from the inputs to ${outputs}: no unit that receives an input (input_connectivity) reaches, through rec_connectivity, ${drivers} (output_connectivity); allow at least one such path, or no stimulus can change ${outputs}`;
  const at = ['model', 'constraints'];
  if (c.rec_connectivity) report(ctx, [...at, 'rec_connectivity'], c.rec_connectivity, message);
  else if (c.output_connectivity) report(ctx, [...at, 'output_connectivity', cut[0]], c.output_connectivity[cut[0]], message);
  else report(ctx, [...at, 'input_connectivity'], c.input_connectivity, message);
}

/** Reports every mask of the wrong shape; returns whether the three connectivity masks fit the network. */
function checkShapes(spec: ExperimentSpec, ctx: Ctx): boolean {
  const { N_in, N_out } = taskShape(spec.task);
  const { N_rec, constraints: c } = spec.model;
  const dims = `N_in = ${N_in}, N_rec = ${N_rec}, N_out = ${N_out}`;
  /** rows = null for a vector; false when reported */
  const check = (path: Path, value: number[][] | number[] | null | undefined, rows: number | null, cols: number): boolean => {
    if (value == null) return true;
    const fits = rows === null ? value.length === cols : value.length === rows && (value as number[][]).every((row) => row.length === cols);
    if (!fits) report(ctx, path, value, rows === null ? `must be a vector of ${cols} entries (${dims})` : `must be a ${rows} × ${cols} matrix (${dims})`);
    return fits;
  };
  const at = (...keys: string[]) => ['model', 'constraints', ...keys];
  const inputFits = check(at('input_connectivity'), c.input_connectivity, N_rec, N_in);
  const recFits = check(at('rec_connectivity'), c.rec_connectivity, N_rec, N_rec);
  const outputFits = check(at('output_connectivity'), c.output_connectivity, N_out, N_rec);
  const fw = c.fixed_weights;
  check(at('fixed_weights', 'W_in'), fw?.W_in, N_rec, N_in);
  check(at('fixed_weights', 'W_rec'), fw?.W_rec, N_rec, N_rec);
  check(at('fixed_weights', 'W_out'), fw?.W_out, N_out, N_rec);
  check(at('fixed_weights', 'b_rec'), fw?.b_rec, null, N_rec);
  check(at('fixed_weights', 'b_out'), fw?.b_out, null, N_out);
  check(at('fixed_weights', 'init_state'), fw?.init_state, 1, N_rec);
  return inputFits && recFits && outputFits;
}

/**
 * PsychRNN's LSTM silently ignores the rate network's constraints and variables (reference §3.4): here, an error.
 * CogRNN's GRU follows the LSTM's conventions, so the same rules apply to it.
 */
function checkGatedModel(spec: ExperimentSpec, ctx: Ctx) {
  const c = spec.model.constraints;
  const at = (...keys: string[]) => ['model', 'constraints', ...keys];
  const model = spec.model.type.toUpperCase();
  const forType = `for model.type "${spec.model.type}"`;
  const why = `constraints do not apply to the ${model} (it has no Dale rule and no connectivity masks)`;
  if (daleRatioInEffect(c) !== null) report(ctx, at('dale_ratio'), c.dale_ratio, `must be null ${forType}: ${why}`);
  if (!c.autapses) report(ctx, at('autapses'), c.autapses, `must be true ${forType}: ${why}`);
  for (const key of ['input_connectivity', 'rec_connectivity', 'output_connectivity'] as const)
    if (c[key] !== null) report(ctx, at(key), c[key], `must be null ${forType}: ${why}`);
  // The gated models read out through W_out and b_out; W_in, W_rec, b_rec and init_state exist but never reach the output.
  const unused = `the ${model} does not use W_in, W_rec, b_rec or init_state`;
  for (const w of ['W_in', 'W_rec', 'b_rec', 'init_state'] as const) {
    const fixed = c.fixed_weights?.[w];
    if (fixed) report(ctx, at('fixed_weights', w), fixed, `must be absent ${forType}: ${unused}`);
    if (!c.trainable[w]) report(ctx, at('trainable', w), false, `must be true ${forType}: ${unused}`);
  }
  for (const key of ['L1_in', 'L1_rec', 'L2_in', 'L2_rec'] as const) {
    const weight = spec.regularization[key];
    if (weight !== 0) report(ctx, ['regularization', key], weight, `must be 0 ${forType}: ${unused}`);
  }
}

/** const_unif draws U[init_minval, init_maxval): an empty or reversed interval has nothing to draw from. */
function checkUniformBounds(init: ExperimentSpec['model']['initializer'], ctx: Ctx) {
  const used = init.which_rand_init === 'const_unif' || init.which_rand_W_rec_init === 'const_unif';
  if (used && !(init.init_minval < init.init_maxval)) {
    const message = `must be < init_maxval = ${init.init_maxval}: const_unif draws from U[init_minval, init_maxval)`;
    report(ctx, ['model', 'initializer', 'init_minval'], init.init_minval, message);
  }
}

function checkPerformance(t: ExperimentSpec['training'], ctx: Ctx) {
  const { performance_measure: measure, performance_cutoff: cutoff } = t;
  if ((measure === null) !== (cutoff === null)) {
    const [key, other] = measure === null ? (['cutoff', 'measure'] as const) : (['measure', 'cutoff'] as const);
    const message = `must be null unless training.performance_${other} is set too (give both or neither)`;
    report(ctx, ['training', `performance_${key}`], t[`performance_${key}`], message);
  } else if (cutoff !== null && (cutoff < 0 || cutoff > 1)) {
    report(ctx, ['training', 'performance_cutoff'], cutoff, 'must be in [0, 1] for performance_measure "accuracy"');
  }
}

const THRESHOLDS = {
  accuracy: { allowed: 'a number in [0, 1]', ok: (x: number) => x >= 0 && x <= 1 },
  loss: { allowed: 'a number ≥ 0', ok: (x: number) => x >= 0 },
  iterations: { allowed: 'an integer ≥ 1 (training steps in the stage)', ok: (x: number) => Number.isInteger(x) && x >= 1 },
};

function checkCurriculum(task: TaskSpec, cur: CurriculumSpec, ctx: Ctx) {
  if (cur.thresholds.length !== cur.stages.length)
    report(ctx, ['curriculum', 'thresholds'], cur.thresholds, `must hold one threshold per stage (${cur.stages.length})`);
  const { allowed, ok } = THRESHOLDS[cur.metric];
  cur.thresholds.forEach((x, i) => {
    if (!ok(x)) report(ctx, ['curriculum', 'thresholds', i], x, `must be ${allowed} for metric "${cur.metric}"`);
  });
  // The network is built once, from `task`: its shapes and its α = dt/tau hold for every stage.
  const network = (t: TaskSpec) => ({ ...taskShape(t), N_batch: t.N_batch, dt: t.dt, tau: t.tau });
  const fixed = network(task);
  const why = 'one network, built from task, learns every stage';
  cur.stages.forEach((stage, i) => {
    const got = network(stage);
    for (const key of Object.keys(fixed) as (keyof typeof fixed)[])
      if (got[key] !== fixed[key])
        report(ctx, ['curriculum', 'stages', i, key], got[key], `must equal task.${key} = ${fixed[key]}: ${why}`);
  });
}
