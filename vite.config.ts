/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  // Plotly (lazy) and the training worker (all of tf.js) are large by nature; neither blocks the first paint.
  // The kernel-check page (kernel-check.html) compares fused kernels with the op-by-op graph in the browser (e2e/kernels.spec.ts).
  build: {
    chunkSizeWarningLimit: 5000,
    rollupOptions: { input: { main: 'index.html', 'kernel-check': 'kernel-check.html' } },
  },
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
