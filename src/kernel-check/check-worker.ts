/** The kernel-check worker: runs the check on the backend the page asks for, and posts the report. */
import '@tensorflow/tfjs';
import { useBrowserBackend } from '../worker/browser-backends.ts';
import type { BackendName } from '../worker/protocol.ts';
import { runKernelCheck } from './check.ts';

export interface CheckRequest {
  id: number;
  backend: BackendName;
}

self.onmessage = async ({ data }: MessageEvent<CheckRequest>) => {
  try {
    await useBrowserBackend(data.backend);
    const report = await runKernelCheck();
    self.postMessage({ id: data.id, report });
  } catch (error) {
    self.postMessage({ id: data.id, error: `check on ${data.backend}: ${(error as Error).message}` });
  }
};
