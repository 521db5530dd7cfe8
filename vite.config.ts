/// <reference types="vitest/config" />
import { randomBytes } from 'node:crypto';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { securityHeaders } from './scripts/csp.ts';

export default defineConfig(({ command, isPreview }) => {
  // dev only: React fast refresh's inline preamble is let in by a nonce drawn once per dev server (scripts/csp.ts)
  const devScriptNonce = command === 'serve' && !isPreview ? randomBytes(16).toString('base64') : undefined;
  return {
    plugins: [react()],
    worker: { format: 'es' },
    // the same Content-Security-Policy as static hosting (public/_headers): task code cannot reach another host
    server: { headers: securityHeaders(devScriptNonce) },
    preview: { headers: securityHeaders() },
    html: { cspNonce: devScriptNonce },
    // Plotly (lazy) and the training worker (all of tf.js) are large by nature; neither blocks the first paint.
    // The kernel-check page (kernel-check.html) compares fused kernels with the op-by-op graph in the browser (e2e/kernels.spec.ts).
    build: {
      chunkSizeWarningLimit: 5000,
      rollupOptions: { input: { main: 'index.html', 'kernel-check': 'kernel-check.html' } },
    },
    test: {
      include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
      environment: 'node',
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  };
});
