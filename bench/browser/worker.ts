/**
 * The browser benchmark's Web Worker: one row of `npm run bench`'s timing loop (bench/timing.ts), or the
 * time-to-90 % run, on one tf.js backend started the way the app's training worker starts it
 * (src/worker/browser-backends.ts). A worker, as in the app, because the fused kernel compiles its
 * WebAssembly synchronously, which Chrome refuses on a page's main thread for modules over 4 KB.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import { hasFusedKernel } from '../../src/core/kernels/fused-rnn-op.ts';
import type { ExperimentSpec } from '../../src/core/spec/spec.ts';
import { availableBackends, useBrowserBackend } from '../../src/worker/browser-backends.ts';
import type { BackendName, BackendProbe } from '../../src/worker/protocol.ts';
import { IMPLEMENTATIONS } from '../implementations.ts';
import { type BackendStatus, type Plan, type TimeToAccuracy, type Timing, timeImplementation, timeToAccuracy } from '../timing.ts';

export interface RowRequest {
  backend: BackendName;
  /** examples/perceptual-discrimination.json, parsed */
  example: ExperimentSpec;
  N_rec: number;
  /** the name of one of IMPLEMENTATIONS */
  implementation: string;
  plan: Plan;
}

export interface AccuracyRequest {
  backend: BackendName;
  example: ExperimentSpec;
  trialsCap: number;
}

export interface BenchWorkerApi {
  /** The backends this browser offers, software GPUs marked, as the app sees them. */
  probe(): Promise<BackendProbe[]>;
  tfjsVersion(): string;
  /** Starts the backend, calls `started` (the row's budget counts from there) and times the row; no timing when the backend did not start. */
  timeRow(request: RowRequest, log: (line: string) => void, started: () => void): Promise<{ status: BackendStatus; timing: Timing | null }>;
  timeToAccuracy(request: AccuracyRequest, log: (line: string) => void): Promise<{ status: BackendStatus; result: TimeToAccuracy | null }>;
}

async function start(backend: BackendName, example: ExperimentSpec): Promise<BackendStatus> {
  const probe = (await availableBackends()).find((p) => p.name === backend);
  if (!probe?.available) return { backend, ran: false, note: probe?.reason ?? 'not offered by this browser' };
  try {
    await useBrowserBackend(backend);
  } catch (error) {
    return { backend, ran: false, note: (error as Error).message };
  }
  return {
    backend,
    ran: true,
    note: tf.getBackend(),
    fusedKernel: hasFusedKernel(backend, example.model.transfer_function),
    ...(probe.software ? { software: probe.reason ?? 'software GPU' } : {}),
  };
}

const api: BenchWorkerApi = {
  probe: availableBackends,
  tfjsVersion: () => tf.version_core,
  async timeRow(request, log, started) {
    const { backend, example } = request;
    const status = await start(backend, example);
    const implementation = IMPLEMENTATIONS.find((i) => i.name === request.implementation);
    if (!implementation) throw new Error(`unknown implementation ${JSON.stringify(request.implementation)}`);
    if (!status.ran) return { status, timing: null };
    await started();
    return { status, timing: await timeImplementation(implementation, example, backend, request.N_rec, request.plan, log) };
  },
  async timeToAccuracy(request, log) {
    const status = await start(request.backend, request.example);
    if (!status.ran) return { status, result: null };
    return { status, result: await timeToAccuracy(request.example, request.backend, request.trialsCap, log) };
  },
};

Comlink.expose(api);
