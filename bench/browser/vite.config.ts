/** Builds the browser benchmark page (bench/browser/run.ts runs it) into bench/browser/dist/, git-ignored as dist/. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { CROSS_ORIGIN_ISOLATION } from '../../scripts/csp.ts';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // the implementations and the fused kernel are imported from ../../src
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 5000,
    // on a busy machine the bundler's slow-plugin notice is noise in the benchmark's output
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  worker: { format: 'es' },
  // isolated like the app (scripts/csp.ts), so the page and its workers get SharedArrayBuffer for threaded kernels
  server: { headers: { ...CROSS_ORIGIN_ISOLATION } },
  preview: { headers: { ...CROSS_ORIGIN_ISOLATION } },
  logLevel: 'warn',
});
