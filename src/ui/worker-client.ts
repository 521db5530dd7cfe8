/** The page's handle on the training worker (Comlink). */
import * as Comlink from 'comlink';
import type { ExperimentSpec } from '../core/spec.ts';
import type { BackendName, TrainingWorkerApi, WorkerUpdate } from '../worker/protocol.ts';

let worker: Comlink.Remote<TrainingWorkerApi> | null = null;

function remote(): Comlink.Remote<TrainingWorkerApi> {
  if (!worker) {
    const w = new Worker(new URL('../worker/training-worker.ts', import.meta.url), { type: 'module', name: 'cogrnn-training' });
    worker = Comlink.wrap<TrainingWorkerApi>(w);
  }
  return worker;
}

export function startTraining(spec: ExperimentSpec, backend: BackendName | null, onUpdate: (u: WorkerUpdate) => void): Promise<void> {
  return remote().start({ spec, backend }, Comlink.proxy(onUpdate));
}

export const pauseTraining = () => remote().pause();
export const resumeTraining = () => remote().resume();
export const stopTraining = () => remote().stop();
export const weightsFile = () => remote().weightsFile();
