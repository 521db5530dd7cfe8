/**
 * The page's handle on the comparison worker (Comlink), a worker of its own beside the training worker. A worker
 * that does not acknowledge Cancel within `CANCEL_ANSWER_MS` (busy inside one long step) is terminated; the next
 * comparison starts a fresh one.
 */
import * as Comlink from 'comlink';
import type { ComparisonStart, ComparisonUpdate, ComparisonWorkerApi } from '../../worker/comparison-protocol.ts';

export const CANCEL_ANSWER_MS = 1000;

interface Handle {
  worker: Worker;
  api: Comlink.Remote<ComparisonWorkerApi>;
}

let current: Handle | null = null;

function handle(): Handle {
  if (!current) {
    const worker = new Worker(new URL('../../worker/comparison-worker.ts', import.meta.url), { type: 'module', name: 'cogrnn-comparison' });
    current = { worker, api: Comlink.wrap<ComparisonWorkerApi>(worker) };
  }
  return current;
}

/** Resolves when the comparison ends; rejects when the worker itself fails (it could not be loaded, or crashed). */
export function runComparison(start: ComparisonStart, onUpdate: (update: ComparisonUpdate) => void): Promise<void> {
  const h = handle();
  return new Promise((resolve, reject) => {
    const failed = (event: ErrorEvent) => {
      h.worker.terminate();
      if (current === h) current = null;
      reject(new Error(`the comparison worker failed: ${event.message || 'it could not be loaded'}`));
    };
    h.worker.addEventListener('error', failed, { once: true });
    h.api
      .run(start, Comlink.proxy(onUpdate))
      .then(resolve, reject)
      .finally(() => h.worker.removeEventListener('error', failed));
  });
}

/** 'acknowledged' when the worker took Cancel in time; 'restarted' when it did not and was ended. */
export async function cancelComparison(): Promise<'acknowledged' | 'restarted'> {
  const h = current;
  if (!h) return 'acknowledged';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), CANCEL_ANSWER_MS)));
  const answered = await Promise.race([h.api.cancel().then(() => true), late]);
  clearTimeout(timer);
  if (answered) return 'acknowledged';
  h.worker.terminate();
  if (current === h) current = null;
  return 'restarted';
}
