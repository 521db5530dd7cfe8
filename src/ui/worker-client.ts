/**
 * The page's handle on the training worker (Comlink). A worker busy inside one long synchronous step (a large
 * network on the CPU, or W_rec's initialization) cannot take messages; when it does not acknowledge Stop within
 * `STOP_ANSWER_MS` it is terminated and the next call starts a fresh one.
 */
import * as Comlink from 'comlink';
import type { ExperimentSpec } from '../core/spec/spec.ts';
import type { NetworkWeights } from '../core/model/weights.ts';
import type { BackendName, RunStart, TrainingWorkerApi, WorkerUpdate } from '../worker/protocol.ts';

export const STOP_ANSWER_MS = 1000;

interface Handle {
  worker: Worker;
  api: Comlink.Remote<TrainingWorkerApi>;
}

let current: Handle | null = null;

function handle(): Handle {
  if (!current) {
    const worker = new Worker(new URL('../worker/training-worker.ts', import.meta.url), { type: 'module', name: 'cogrnn-training' });
    current = { worker, api: Comlink.wrap<TrainingWorkerApi>(worker) };
  }
  return current;
}

const remote = () => handle().api;

/** Resolves when the run ends; rejects when the worker itself fails. `start`: where the run starts (protocol.ts). */
export function startTraining(spec: ExperimentSpec, backend: BackendName | null, onUpdate: (u: WorkerUpdate) => void, start?: RunStart, threads: number | null = null): Promise<void> {
  return withWorker((api) => api.start({ spec, backend, start, threads }, Comlink.proxy(onUpdate)));
}

/** Simulates `weights` on the spec's task in the worker (no training): a test summary and a checkpoint arrive. */
export function evaluateNetwork(spec: ExperimentSpec, weights: NetworkWeights, backend: BackendName | null, onUpdate: (u: WorkerUpdate) => void): Promise<void> {
  return withWorker((api) => api.evaluate({ spec, weights, backend }, Comlink.proxy(onUpdate)));
}

/** Runs `call` on the worker; rejects when the worker itself fails (it could not be loaded, or it crashed). */
function withWorker(call: (api: Comlink.Remote<TrainingWorkerApi>) => Promise<void>): Promise<void> {
  const h = handle();
  return new Promise((resolve, reject) => {
    const failed = (event: ErrorEvent) => {
      h.worker.terminate();
      if (current === h) current = null; // the next run starts a fresh worker
      reject(new Error(`the training worker failed: ${event.message || 'it could not be loaded'}`));
    };
    h.worker.addEventListener('error', failed, { once: true });
    call(h.api)
      .then(resolve, reject)
      .finally(() => h.worker.removeEventListener('error', failed));
  });
}

export const pauseTraining = () => remote().pause();
export const resumeTraining = () => remote().resume();

/** 'acknowledged' when the worker took Stop in time; 'restarted' when it did not and was replaced. */
export async function stopTraining(): Promise<'acknowledged' | 'restarted'> {
  const h = current;
  if (!h) return 'acknowledged';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), STOP_ANSWER_MS)));
  const answered = await Promise.race([h.api.stop().then(() => true), late]);
  clearTimeout(timer);
  if (answered) return 'acknowledged';
  h.worker.terminate();
  if (current === h) current = null;
  return 'restarted';
}
