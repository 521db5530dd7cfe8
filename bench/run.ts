/**
 * `npm run bench -- [--json] [--quick] [--backends cpu,wasm,webgpu] [--sizes 50,256] [--software-gpu] [--browser]`
 *
 * For each backend available in Node, milliseconds per training iteration (one optimizer step on a
 * perceptual-discrimination batch: N_in 2, N_out 2, N_batch 128, 200 steps) of every implementation in
 * `IMPLEMENTATIONS` at each N_rec, and each one's speed-up over the naive tf.js peer measured in the same
 * run; then the time and iterations our engine takes to reach 90 % accuracy on the example (wasm).
 * Warm-up iterations are excluded; the figure is the median of the timed ones (bench/timing.ts).
 * `--browser` measures the same in headless Chromium instead (bench/browser/run.ts): wasm, cpu, webgl, webgpu.
 * `--threads 1,2` adds the fused row on each count of kernel threads past 1 (thread scaling; bench/thread-scaling.ts).
 * `--peers` also trains the same network in JAX and PyTorch in the same run (bench/peers/), where python3 has them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { NODE_BACKENDS, type NodeBackend, useBackend } from '../src/cli/backends.ts';
import { type ExperimentSpec, parseSpecText } from '../src/core/spec/spec.ts';
import { BACKENDS as BROWSER_BACKENDS } from '../src/worker/protocol.ts';
import { peerLines } from './peers/report.ts';
import { runPeers } from './peers/run-peers.ts';
import { parseThreadCounts, timeThreadScaling } from './thread-scaling.ts';
import { addSpeedups, type BackendStatus, describePlan, FULL, QUICK, reportBody, type TimeToAccuracy, type Timing, timeImplementations, timeToAccuracy } from './timing.ts';

const EXAMPLE = new URL('../examples/perceptual-discrimination.json', import.meta.url);
const USAGE = 'npm run bench -- [--json] [--quick] [--backends cpu,wasm,webgpu] [--sizes 50,256] [--software-gpu] [--peers] [--threads 1,2] ' +
  '| --browser [--json] [--quick] [--backends wasm,cpu,webgl,webgpu] [--sizes 50,256]';
/** the browser run's default order: the fast backends first */
const BROWSER_DEFAULT = ['wasm', 'cpu', 'webgl', 'webgpu'];

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
      browser: { type: 'boolean', default: false },
      peers: { type: 'boolean', default: false },
      threads: { type: 'string' },
    },
    strict: true,
  });
  if (values.peers && values.browser) throw new Error(`--peers runs the Python peers beside Node, not with --browser; usage: ${USAGE}`);
  const allowed: readonly string[] = values.browser ? BROWSER_BACKENDS : NODE_BACKENDS;
  const backends = parseList('backends', values.backends, (values.browser ? BROWSER_DEFAULT : NODE_BACKENDS).join(',')).map((name) => {
    if (!allowed.includes(name)) {
      throw new Error(`--backends: unknown backend ${JSON.stringify(name)}; allowed${values.browser ? ' with --browser' : ''}: ${allowed.join(', ')}`);
    }
    return name;
  });
  const sizes = parseList('sizes', values.sizes, '50,256').map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--sizes: ${JSON.stringify(s)} is not a positive integer`);
    return n;
  });
  const threads = parseThreadCounts(parseList('threads', values.threads, '1'));
  return { threads, json: values.json, plan: values.quick ? QUICK : FULL, quick: values.quick, backends, sizes, softwareGpu: values['software-gpu'], browser: values.browser, peers: values.peers };
}

function exampleSpec(): ExperimentSpec {
  return parseSpecText(readFileSync(EXAMPLE, 'utf8'));
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

function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    tfjs: tf.version_core,
  };
}

async function main(): Promise<void> {
  const options = parseOptions();
  // Progress goes to stderr so that --json leaves stdout to the result.
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (options.browser) {
    const { runBrowserBench } = await import('./browser/run.ts');
    const { report, text } = await runBrowserBench({ ...options, example: exampleSpec() }, log);
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${text}\n`);
    return;
  }
  const statuses: BackendStatus[] = [];
  const timings: Timing[] = [];
  for (const backend of options.backends) {
    const status = await startBackend(backend as NodeBackend, options.softwareGpu, log);
    statuses.push(status);
    if (!status.ran) {
      log(`${backend}: skipped: ${status.note}`);
      continue;
    }
    for (const N_rec of options.sizes) timings.push(...(await timeImplementations(exampleSpec(), backend, N_rec, options.plan, log)));
    timings.push(...(await timeThreadScaling(exampleSpec(), backend, options.sizes, options.threads, options.plan, log)));
    addSpeedups(timings);
  }
  let accuracy: TimeToAccuracy | { skipped: string } = { skipped: 'the wasm backend did not start' };
  const accuracyBackend: NodeBackend = 'wasm';
  if ((await startBackend(accuracyBackend, false, log)).ran) {
    accuracy = await timeToAccuracy(exampleSpec(), accuracyBackend, options.plan.accuracyTrials, log);
  }
  // on the backend left active (wasm when it started), which also computes our side of the same-loss check
  const peers = options.peers ? await runPeers(exampleSpec(), options.sizes, options.plan, log) : null;
  const report = {
    date: new Date().toISOString(),
    machine: machine(),
    quick: options.quick,
    plan: options.plan,
    backends: statuses,
    timings,
    timeToAccuracy: accuracy,
    ...(peers ? { peers } : {}),
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const m = report.machine;
  const out = [
    `${report.date}  ${m.cpu}, ${m.cores} cores, Node ${m.node}, tf.js ${m.tfjs}${options.quick ? '  (--quick)' : ''}`,
    `${describePlan(options.plan)}; N_in 2, N_out 2, N_batch 128, 200 steps`,
    '',
    ...reportBody(timings, statuses, accuracy, ''),
    ...(peers ? ['', ...peerLines(peers, timings, options.sizes)] : []),
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
