/**
 * The run, as the page drives it: Train (refused while a field is invalid), Pause/Resume and Stop. Updates from a
 * run the page has given up on (a worker it replaced) are ignored.
 */
import { useSaveState } from './experiments/save-state.ts';
import { consentPending } from './share/consent.ts';
import { comparisonRunning } from './comparison/store.ts';
import { blockingField, useAppStore } from './store.ts';
import type { NetworkWeights } from '../core/model/weights.ts';
import type { ExperimentSpec } from '../core/spec/spec.ts';
import type { BackendName, RunStart, WorkerUpdate } from '../worker/protocol.ts';
import { evaluateNetwork, pauseTraining, resumeTraining, startTraining, STOP_ANSWER_MS, stopTraining } from './worker-client.ts';

let runId = 0;

/**
 * Whether the trained network may be replaced by `action` ("Train", "Reset"): yes when there is none, it was
 * downloaded, or its run is kept in the browser's storage (the experiment list still holds it); otherwise — the page
 * works in memory — the person is asked, and saying no keeps it.
 */
export function mayDiscardTrained(action: string): boolean {
  const { checkpoint } = useAppStore.getState();
  if (!checkpoint || checkpoint.downloaded || useSaveState.getState().status !== 'memory') return true;
  return window.confirm(
    `The network trained for ${checkpoint.trials.toLocaleString()} trials has not been downloaded, and this browser cannot keep it. ${action} discards it. Continue?`,
  );
}

/** Why Train cannot start now (a field shows text not in the spec, task code from a link awaits consent), or null. */
export function trainRefusal(): string | null {
  const state = useAppStore.getState();
  const blocking = blockingField(state.invalidFields);
  if (blocking) return `${blocking.field.label}: ${blocking.field.message}`;
  if (consentPending(state)) return 'the task code came from a link and has not been allowed to run yet';
  if (comparisonRunning()) return 'a comparison over seeds is training: wait for it or cancel it';
  return null;
}

/**
 * Trains the spec: from its initializer, or from `start` — a network (an imported file, trained further) or a
 * checkpoint's position (resuming a run: the results already shown are kept and the curve goes on from there).
 */
export function train(start?: RunStart): void {
  const resuming = start?.kind === 'resume';
  if (trainRefusal() !== null || (!resuming && !mayDiscardTrained('Training again'))) return;
  if (!resuming) useAppStore.getState().clearResults();
  const { threadsChoice } = useAppStore.getState();
  follow((spec, backend, onUpdate) => startTraining(spec, backend, onUpdate, start, threadsChoice === 'auto' ? null : threadsChoice));
}

/** Simulates `weights` on the spec's task without training (an imported network): its plots and a checkpoint appear. */
export function simulate(weights: NetworkWeights): void {
  useAppStore.getState().clearResults();
  follow((spec, backend, onUpdate) => evaluateNetwork(spec, weights, backend, onUpdate));
}

/** Starts `work` in the worker as the page's current run: its updates reach the store until another run starts. */
function follow(work: (spec: ExperimentSpec, backend: BackendName | null, onUpdate: (u: WorkerUpdate) => void) => Promise<void>): void {
  const { spec, backendChoice, apply } = useAppStore.getState();
  const id = ++runId;
  apply({ type: 'status', state: 'probing', backend: null });
  work(spec, backendChoice === 'auto' ? null : backendChoice, (update) => {
    if (id === runId) apply(update);
  }).catch((error: Error) => {
    if (id !== runId) return;
    runId++;
    apply({ type: 'status', state: 'error', backend: null, message: error.message });
  });
}

export function reset(): void {
  if (mayDiscardTrained('Reset')) useAppStore.getState().clearResults();
}

export function pauseOrResume(): void {
  if (useAppStore.getState().runState === 'paused') void resumeTraining();
  else void pauseTraining();
}

export async function stop(): Promise<void> {
  const id = runId;
  if ((await stopTraining()) === 'acknowledged' || id !== runId) return;
  runId++;
  const { checkpoint, backend, apply } = useAppStore.getState();
  const kept = checkpoint
    ? `the checkpoint at ${checkpoint.trials.toLocaleString()} trials is kept (Download weights saves it)`
    : 'no checkpoint had been made yet';
  apply({
    type: 'status',
    state: 'stopped',
    backend,
    message: `Stopped: the training worker did not answer within ${STOP_ANSWER_MS / 1000} s (it was busy in one long computation), so it was ended and a fresh one started; ${kept}.`,
  });
}
