/**
 * The run, as the page drives it: Train (refused while a field is invalid), Pause/Resume and Stop. Updates from a
 * run the page has given up on (a worker it replaced) are ignored.
 */
import { blockingField, useAppStore } from './store.ts';
import { pauseTraining, resumeTraining, startTraining, STOP_ANSWER_MS, stopTraining } from './worker-client.ts';

let runId = 0;

/**
 * Whether the trained network may be replaced by `action` ("Train", "Reset"): yes when there is none or it was
 * downloaded; otherwise the person is asked, and saying no keeps it.
 */
function mayDiscardTrained(action: string): boolean {
  const { checkpoint } = useAppStore.getState();
  if (!checkpoint || checkpoint.downloaded) return true;
  return window.confirm(
    `The network trained for ${checkpoint.trials.toLocaleString()} trials has not been downloaded. ${action} discards it. Continue?`,
  );
}

export function train(): void {
  const { spec, backendChoice, invalidFields, clearResults, apply } = useAppStore.getState();
  if (blockingField(invalidFields) || !mayDiscardTrained('Training again')) return;
  const id = ++runId;
  clearResults();
  apply({ type: 'status', state: 'probing', backend: null });
  startTraining(spec, backendChoice === 'auto' ? null : backendChoice, (update) => {
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
