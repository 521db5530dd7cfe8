/**
 * The kernel-check page (kernel-check.html): `window.runKernelCheck(backend)` compares the fused and op-by-op
 * gradients on that backend (./check.ts) in a module worker and resolves to a JSON report, also shown on the page.
 */
import type { BackendName } from '../worker/protocol.ts';
import type { KernelCheckReport } from './check.ts';
import type { CheckRequest } from './check-worker.ts';

declare global {
  interface Window {
    runKernelCheck(backend: BackendName): Promise<KernelCheckReport>;
  }
}

const worker = new Worker(new URL('./check-worker.ts', import.meta.url), { type: 'module', name: 'cogrnn-kernel-check' });
const pending = new Map<number, { resolve: (report: never) => void; reject: (error: Error) => void }>();
let nextId = 0;

worker.onmessage = ({ data }: MessageEvent<{ id: number; report?: never; error?: string }>) => {
  const request = pending.get(data.id);
  pending.delete(data.id);
  if (data.error !== undefined) request?.reject(new Error(data.error));
  else request?.resolve(data.report as never);
};

function ask<R>(backend: BackendName): Promise<R> {
  const id = nextId++;
  const output = document.getElementById('output')!;
  return new Promise<R>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (report: never) => void, reject });
    worker.postMessage({ id, backend } satisfies CheckRequest);
  }).then(
    (report) => {
      output.textContent += `check ${backend}: ${JSON.stringify(report, null, 1)}\n`;
      return report;
    },
    (error: Error) => {
      output.textContent += `${error.message}\n`;
      throw error;
    },
  );
}

window.runKernelCheck = (backend) => ask(backend);
