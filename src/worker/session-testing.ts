/** Helpers for the training session's tests: a host whose backends all run on tf.js's cpu backend, and the updates by type. */
import * as tf from '@tensorflow/tfjs-core';
import type { ExperimentSpec } from '../core/spec/spec.ts';
import type { BackendName, BackendProbe, CheckpointUpdate, ProgressUpdate, StatusUpdate, TestUpdate, WorkerUpdate } from './protocol.ts';
import type { BackendHost, TrainingSession } from './session.ts';

/** A host whose backends all run on tf.js's cpu backend; `used` records the backends it was asked for, in order. */
export function fakeHost(available: BackendProbe[], used: BackendName[] = []): BackendHost {
  return {
    available: async () => available,
    use: async (name) => {
      used.push(name);
      await tf.setBackend('cpu');
    },
  };
}

/** Runs `s` to its end on `backend` (null: the session chooses) and returns every update it sent. */
export async function collect(session: TrainingSession, s: ExperimentSpec, backend: BackendName | null): Promise<WorkerUpdate[]> {
  const updates: WorkerUpdate[] = [];
  await session.run({ spec: s, backend, throttleMs: 0 }, (u) => updates.push(u));
  return updates;
}

export const statuses = (u: WorkerUpdate[]) => u.filter((x): x is StatusUpdate => x.type === 'status');
export const progress = (u: WorkerUpdate[]) => u.filter((x): x is ProgressUpdate => x.type === 'progress');
export const tests = (u: WorkerUpdate[]) => u.filter((x): x is TestUpdate => x.type === 'test');
export const checkpoints = (u: WorkerUpdate[]) => u.filter((x): x is CheckpointUpdate => x.type === 'checkpoint');
export const errors = (u: WorkerUpdate[]) => u.filter((x) => x.type === 'error');
