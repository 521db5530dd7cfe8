/**
 * `npm run bench -- [--json] [--quick] [--backends cpu,wasm,webgpu] [--sizes 50,256] [--software-gpu]`
 *
 * For each backend available in Node, milliseconds per training iteration (one optimizer step on a
 * perceptual-discrimination batch: N_in 2, N_out 2, N_batch 128, 200 steps) of every implementation in
 * `IMPLEMENTATIONS` at each N_rec, and each one's speed-up over the naive tf.js peer measured in the same
 * run; then the time and iterations our engine takes to reach 90 % accuracy on the example (wasm).
 * Warm-up iterations are excluded; the figure is the median of the timed ones.
 */
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { NODE_BACKENDS, type NodeBackend, useBackend } from '../src/cli/backends.ts';
import { Rng } from '../src/core/rng.ts';
import { type ExperimentSpec, parseSpecText } from '../src/core/spec.ts';
import { createTask } from '../src/core/tasks/registry.ts';
import { Trainer } from '../src/core/train/trainer.ts';
import { IMPLEMENTATIONS, NAIVE } from './implementations.ts';

const EXAMPLE = new URL('../examples/perceptual-discrimination.json', import.meta.url);
const USAGE = 'npm run bench -- [--json] [--quick] [--backends cpu,wasm,webgpu] [--sizes 50,256] [--software-gpu]';

interface Plan {
  warmup: number;
  /** at most this many timed iterations… */
  timed: number;
  /** …but no more than at least `minTimed` once this many ms have been spent timing (slow cpu rows) */
  timeBudgetMs: number;
  minTimed: number;
  /** trials cap of the time-to-90 % run */
  accuracyTrials: number;
}
const FULL: Plan = { warmup: 2, timed: 7, timeBudgetMs: 30_000, minTimed: 3, accuracyTrials: 100_000 };
const QUICK: Plan = { warmup: 1, timed: 3, timeBudgetMs: 10_000, minTimed: 3, accuracyTrials: 20_000 };

interface Timing {
  backend: NodeBackend;
  N_rec: number;
  implementation: string;
  /** median over the timed iterations */
  msPerIteration: number;
  minMs: number;
  samples: number[];
  /** naive ms / this ms, both from this run */
  speedupVsNaive: number | null;
}

interface BackendStatus {
  backend: NodeBackend;
  ran: boolean;
  /** why it was skipped, or the adapter it ran on */
  note: string;
}

interface TimeToAccuracy {
  backend: NodeBackend;
  target: number;
  reached: boolean;
  iterations: number;
  trials: number;
  seconds: number;
  finalAccuracy: number;
  trialsCap: number;
}

function parseList(option: string, value: string | undefined, fallback: string): string[] {
  const items = (value ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new Error(`--${option}: empty list; usage: ${USAGE}`);
  return items;
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      backends: { type: 'string' },
      sizes: { type: 'string' },
      'software-gpu': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const backends = parseList('backends', values.backends, NODE_BACKENDS.join(',')).map((name) => {
    if (!(NODE_BACKENDS as readonly string[]).includes(name)) {
      throw new Error(`--backends: unknown backend ${JSON.stringify(name)}; allowed: ${NODE_BACKENDS.join(', ')}`);
    }
    return name as NodeBackend;
  });
  const sizes = parseList('sizes', values.sizes, '50,256').map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--sizes: ${JSON.stringify(s)} is not a positive integer`);
    return n;
  });
  return { json: values.json, plan: values.quick ? QUICK : FULL, quick: values.quick, backends, sizes, softwareGpu: values['software-gpu'] };
}

function exampleSpec(): ExperimentSpec {
  return parseSpecText(readFileSync(EXAMPLE, 'utf8'));
}

function withRecurrentUnits(spec: ExperimentSpec, N_rec: number): ExperimentSpec {
  return { ...spec, model: { ...spec.model, N_rec } };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A software WebGPU adapter (SwiftShader, lavapipe) takes milliseconds per dispatch: correctness only. */
async function softwareAdapter(): Promise<string | null> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  const adapter = await gpu?.requestAdapter();
  if (!adapter) return null;
  const info = adapter.info;
  const name = `${info.vendor} ${info.architecture} ${info.description}`.trim();
  return /swiftshader|llvmpipe|lavapipe/i.test(name) ? name : null;
}

async function startBackend(backend: NodeBackend, softwareGpu: boolean, log: (line: string) => void): Promise<BackendStatus> {
  try {
    await useBackend(backend);
  } catch (error) {
    return { backend, ran: false, note: (error as Error).message };
  }
  if (backend === 'webgpu') {
    const software = await softwareAdapter();
    if (software && !softwareGpu) {
      return { backend, ran: false, note: `only a software adapter (${software}): correctness only; --software-gpu runs it anyway` };
    }
    if (software) log(`webgpu: software adapter ${software}`);
  }
  return { backend, ran: true, note: tf.getBackend() };
}

async function timeImplementations(backend: NodeBackend, N_rec: number, plan: Plan, log: (line: string) => void): Promise<Timing[]> {
  const spec = withRecurrentUnits(exampleSpec(), N_rec);
  const batch = createTask(spec.task, new Rng(spec.seed).fork('bench batch')).getTrialBatch();
  const timings: Timing[] = [];
  for (const implementation of IMPLEMENTATIONS) {
    const run = implementation.setup(spec, backend, batch);
    const samples: number[] = [];
    try {
      for (let k = 0; k < plan.warmup; k++) await run.step();
      const overBudget = () => samples.length >= plan.minTimed && samples.reduce((a, b) => a + b, 0) > plan.timeBudgetMs;
      while (samples.length < plan.timed && !overBudget()) {
        const start = performance.now();
        await run.step();
        samples.push(performance.now() - start);
      }
    } finally {
      run.dispose();
    }
    const ms = median(samples);
    timings.push({ backend, N_rec, implementation: implementation.name, msPerIteration: ms, minMs: Math.min(...samples), samples, speedupVsNaive: null });
    log(`${backend} N_rec ${N_rec} ${implementation.name}: ${ms.toFixed(1)} ms/iteration (median of ${samples.length})`);
  }
  const naive = timings.find((t) => t.implementation === NAIVE.name);
  for (const t of timings) t.speedupVsNaive = naive ? naive.msPerIteration / t.msPerIteration : null;
  return timings;
}

/** Trains the example with our engine until accuracy on a fresh batch reaches `target` (PsychRNN's performance cutoff). */
async function timeToAccuracy(backend: NodeBackend, trialsCap: number, log: (line: string) => void): Promise<TimeToAccuracy> {
  const base = exampleSpec();
  const target = 0.9;
  const spec: ExperimentSpec = {
    ...base,
    training: { ...base.training, training_iters: trialsCap, performance_measure: 'accuracy', performance_cutoff: target },
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

function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    tfjs: tf.version_core,
  };
}

function table(timings: Timing[]): string {
  const header = ['backend', 'N_rec', 'implementation', 'ms/iter (median)', 'min ms', 'n', 'naive / this'];
  const rows = timings.map((t) => [
    t.backend,
    String(t.N_rec),
    t.implementation,
    t.msPerIteration.toFixed(1),
    t.minMs.toFixed(1),
    String(t.samples.length),
    t.speedupVsNaive === null ? '—' : `${t.speedupVsNaive.toFixed(2)}x`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions();
  // Progress goes to stderr so that --json leaves stdout to the result.
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const statuses: BackendStatus[] = [];
  const timings: Timing[] = [];
  for (const backend of options.backends) {
    const status = await startBackend(backend, options.softwareGpu, log);
    statuses.push(status);
    if (!status.ran) {
      log(`${backend}: skipped: ${status.note}`);
      continue;
    }
    for (const N_rec of options.sizes) timings.push(...(await timeImplementations(backend, N_rec, options.plan, log)));
  }
  let accuracy: TimeToAccuracy | { skipped: string } = { skipped: 'the wasm backend did not start' };
  const accuracyBackend: NodeBackend = 'wasm';
  if ((await startBackend(accuracyBackend, false, log)).ran) {
    accuracy = await timeToAccuracy(accuracyBackend, options.plan.accuracyTrials, log);
  }
  const report = {
    date: new Date().toISOString(),
    machine: machine(),
    quick: options.quick,
    plan: options.plan,
    backends: statuses,
    timings,
    timeToAccuracy: accuracy,
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const m = report.machine;
  const out = [
    `${report.date}  ${m.cpu}, ${m.cores} cores, Node ${m.node}, tf.js ${m.tfjs}${options.quick ? '  (--quick)' : ''}`,
    `warm-up ${options.plan.warmup}, median of up to ${options.plan.timed} timed iterations (none past ` +
      `${options.plan.timeBudgetMs / 1000} s once ${options.plan.minTimed} are done); N_in 2, N_out 2, N_batch 128, 200 steps`,
    '',
    table(timings),
    '',
    ...statuses.filter((s) => !s.ran).map((s) => `${s.backend}: skipped: ${s.note}`),
    'skipped' in accuracy
      ? `time to 90 %: skipped: ${accuracy.skipped}`
      : `time to 90 % accuracy (examples/perceptual-discrimination.json, ${accuracy.backend}, our engine): ` +
        `${accuracy.reached ? '' : `NOT reached within ${accuracy.trialsCap} trials; `}` +
        `${accuracy.iterations} iterations (${accuracy.trials} trials), ${accuracy.seconds.toFixed(1)} s, final accuracy ${(accuracy.finalAccuracy * 100).toFixed(1)} %`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
