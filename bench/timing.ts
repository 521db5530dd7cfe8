/**
 * The benchmark's measurement and its table, shared by `npm run bench` in Node (bench/run.ts) and its
 * browser variant (bench/browser/, run in a Web Worker). No Node or DOM APIs here: the caller supplies
 * the example spec and the active tf.js backend.
 */
import { Rng } from '../src/core/rng.ts';
import type { ExperimentSpec } from '../src/core/spec/spec.ts';
import { createTask } from '../src/core/tasks/registry.ts';
import { Trainer } from '../src/core/train/trainer.ts';
import { gpuCalls } from './gpu-calls.ts';
import { IMPLEMENTATIONS, type Implementation, NAIVE } from './implementations.ts';

export interface Plan {
  warmup: number;
  /** at most this many timed iterations… */
  timed: number;
  /** …but no more than at least `minTimed` once this many ms have been spent timing (slow cpu rows) */
  timeBudgetMs: number;
  minTimed: number;
  /** trials cap of the time-to-90 % run */
  accuracyTrials: number;
  /** ms one row may take, set-up included (software GPUs take seconds per step): a row whose warm-up ends later is
   * skipped, and after the first timed iteration, none starts that would end later (as the previous one predicts);
   * the browser runner stops a row that overruns it by a quarter */
  rowBudgetMs?: number;
}
export const FULL: Plan = { warmup: 2, timed: 7, timeBudgetMs: 30_000, minTimed: 3, accuracyTrials: 100_000 };
export const QUICK: Plan = { warmup: 1, timed: 3, timeBudgetMs: 10_000, minTimed: 3, accuracyTrials: 20_000 };

export interface Timing {
  /** a tf.js backend name */
  backend: string;
  N_rec: number;
  implementation: string;
  /** median over the timed iterations; null when the row was skipped */
  msPerIteration: number | null;
  minMs: number | null;
  samples: number[];
  /** naive ms / this ms, both from this run */
  speedupVsNaive: number | null;
  /** why the row was not timed (over the plan's row budget) */
  skipped?: string;
  /** median WebGL draws or WebGPU dispatches per timed iteration (./gpu-calls.ts); absent on CPU backends */
  gpuCallsPerIteration?: number;
}

export interface BackendStatus {
  backend: string;
  ran: boolean;
  /** why it was skipped, or the adapter it ran on */
  note: string;
  /** the software GPU (SwiftShader…) it ran on: its timings say nothing about a real GPU */
  software?: string;
  /** whether the fused row runs a fused kernel here (else it runs per-step); unset where not checked */
  fusedKernel?: boolean;
}

export interface TimeToAccuracy {
  backend: string;
  target: number;
  reached: boolean;
  iterations: number;
  trials: number;
  seconds: number;
  finalAccuracy: number;
  trialsCap: number;
}

export function withRecurrentUnits(spec: ExperimentSpec, N_rec: number): ExperimentSpec {
  return { ...spec, model: { ...spec.model, N_rec } };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function skippedRow(backend: string, N_rec: number, implementation: string, reason: string): Timing {
  return { backend, N_rec, implementation, msPerIteration: null, minMs: null, samples: [], speedupVsNaive: null, skipped: reason };
}

/** Fills in each row's speed-up over the naive row of the same backend and N_rec. */
export function addSpeedups(timings: Timing[]): void {
  for (const t of timings) {
    const naive = timings.find((n) => n.implementation === NAIVE.name && n.backend === t.backend && n.N_rec === t.N_rec);
    const naiveMs = naive?.msPerIteration ?? null;
    t.speedupVsNaive = naiveMs !== null && t.msPerIteration !== null ? naiveMs / t.msPerIteration : null;
  }
}

/** Times one training iteration of `implementation` on the active backend (named `backend`), per `plan`. */
export async function timeImplementation(
  implementation: Implementation,
  example: ExperimentSpec,
  backend: string,
  N_rec: number,
  plan: Plan,
  log: (line: string) => void,
): Promise<Timing> {
  const spec = withRecurrentUnits(example, N_rec);
  const started = performance.now();
  const batch = createTask(spec.task, new Rng(spec.seed).fork('bench batch')).getTrialBatch();
  const run = implementation.setup(spec, backend, batch);
  const budget = plan.rowBudgetMs ?? Infinity;
  const samples: number[] = [];
  const calls: number[] = [];
  gpuCalls();
  try {
    for (let k = 0; k < plan.warmup; k++) await run.step();
    const overBudget = () => samples.length >= plan.minTimed && samples.reduce((a, b) => a + b, 0) > plan.timeBudgetMs;
    // the previous timed iteration predicts the next (a warm-up one, compiling kernels, would over-predict the first)
    const fits = () => performance.now() - started + (samples.at(-1) ?? 0) <= budget;
    while (samples.length < plan.timed && !overBudget() && fits()) {
      const start = performance.now();
      const callsBefore = gpuCalls();
      await run.step();
      samples.push(performance.now() - start);
      calls.push(gpuCalls() - callsBefore);
    }
  } finally {
    run.dispose();
  }
  const name = implementation.name;
  if (samples.length === 0) {
    const reason = `warm-up ${seconds(performance.now() - started)}`;
    log(`${backend} N_rec ${N_rec} ${name}: skipped (${reason}, past the ${seconds(budget)} row budget)`);
    return skippedRow(backend, N_rec, name, reason);
  }
  const ms = median(samples);
  const gpu = median(calls) > 0 ? { gpuCallsPerIteration: median(calls) } : {};
  log(`${backend} N_rec ${N_rec} ${name}: ${ms.toFixed(1)} ms/iteration (median of ${samples.length})` +
    `${gpu.gpuCallsPerIteration ? `, ${gpu.gpuCallsPerIteration} GPU calls/iteration` : ''}`);
  return { backend, N_rec, implementation: name, msPerIteration: ms, minMs: Math.min(...samples), samples, speedupVsNaive: null, ...gpu };
}

/** Times every implementation on the active backend (named `backend`) at `N_rec`. */
export async function timeImplementations(
  example: ExperimentSpec,
  backend: string,
  N_rec: number,
  plan: Plan,
  log: (line: string) => void,
): Promise<Timing[]> {
  const timings: Timing[] = [];
  for (const implementation of IMPLEMENTATIONS) timings.push(await timeImplementation(implementation, example, backend, N_rec, plan, log));
  addSpeedups(timings);
  return timings;
}

/** Trains `example` with our engine on the active backend until accuracy on a fresh batch reaches 90 % (PsychRNN's performance cutoff). */
export async function timeToAccuracy(example: ExperimentSpec, backend: string, trialsCap: number, log: (line: string) => void): Promise<TimeToAccuracy> {
  const target = 0.9;
  const spec: ExperimentSpec = {
    ...example,
    training: { ...example.training, training_iters: trialsCap, performance_measure: 'accuracy', performance_cutoff: target },
  };
  const trainer = new Trainer(spec);
  try {
    const result = await trainer.train();
    const reached = result.stopReason === 'performance_cutoff';
    log(`time to ${target * 100} %: ${reached ? '' : 'NOT reached, '}${result.iterations} iterations, ${result.seconds.toFixed(1)} s`);
    return {
      backend,
      target,
      reached,
      iterations: result.iterations,
      trials: result.trials,
      seconds: result.seconds,
      finalAccuracy: result.accuracy,
      trialsCap,
    };
  } finally {
    trainer.dispose();
  }
}

/** The plan in words, for the report's header. */
export function describePlan(plan: Plan): string {
  return `warm-up ${plan.warmup}, median of up to ${plan.timed} timed iterations (none past ` +
    `${plan.timeBudgetMs / 1000} s once ${plan.minTimed} are done` +
    `${plan.rowBudgetMs === undefined ? '' : `; ${plan.rowBudgetMs / 1000} s a row, set-up included: past it, a warm-up skips the row and no timed iteration starts`})`;
}

/** The results as a Markdown table; backends in `software` (software GPUs) are labelled so. */
export function table(timings: Timing[], software: ReadonlySet<string> = new Set()): string {
  const gpuColumn = timings.some((t) => t.gpuCallsPerIteration !== undefined);
  const header = ['backend', 'N_rec', 'implementation', 'ms/iter (median)', 'min ms', 'n', 'naive / this', ...(gpuColumn ? ['GPU calls/iter'] : [])];
  const rows = timings.map((t) => [
    software.has(t.backend) ? `${t.backend} (software)` : t.backend,
    String(t.N_rec),
    t.implementation,
    t.msPerIteration === null ? `skipped (${t.skipped})` : t.msPerIteration.toFixed(1),
    t.minMs === null ? '—' : t.minMs.toFixed(1),
    String(t.samples.length),
    t.speedupVsNaive === null ? '—' : `${t.speedupVsNaive.toFixed(2)}x`,
    ...(gpuColumn ? [t.gpuCallsPerIteration === undefined ? '—' : String(t.gpuCallsPerIteration)] : []),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** What both runners print after their header lines: the table, the backends' notes and the time to 90 %. */
export function reportBody(
  timings: Timing[],
  statuses: BackendStatus[],
  accuracy: TimeToAccuracy | { skipped: string },
  where: string,
): string[] {
  const software = statuses.filter((s) => s.ran && s.software);
  return [
    table(timings, new Set(software.map((s) => s.backend))),
    '',
    ...statuses.filter((s) => !s.ran).map((s) => `${s.backend}: skipped: ${s.note}`),
    ...software.map((s) => `${s.backend} (software): ${s.software}; timed anyway, these are not GPU timings`),
    ...statuses.filter((s) => s.ran && s.fusedKernel === false).map((s) => `${s.backend}: no fused kernel, so its fused row runs per-step`),
    'skipped' in accuracy
      ? `time to 90 %: skipped: ${accuracy.skipped}`
      : `time to 90 % accuracy (examples/perceptual-discrimination.json, ${accuracy.backend}${where}, our engine): ` +
        `${accuracy.reached ? '' : `NOT reached within ${accuracy.trialsCap} trials; `}` +
        `${accuracy.iterations} iterations (${accuracy.trials} trials), ${accuracy.seconds.toFixed(1)} s, final accuracy ${(accuracy.finalAccuracy * 100).toFixed(1)} %`,
  ];
}
