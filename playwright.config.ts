import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/chromium.ts';

/** COGRNN_E2E_PORT and COGRNN_E2E_OUT let two e2e runs share a machine (each its own port and build folder). */
const PORT = Number(process.env.COGRNN_E2E_PORT ?? 4173);
const OUT = process.env.COGRNN_E2E_OUT ?? 'dist';

/** `npm test` builds before running Playwright and sets COGRNN_PREBUILT; `npm run test:e2e` alone builds here. */
const preview = `npx vite preview --port ${PORT} --strictPort --outDir ${OUT}`;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  // training tests use a whole core each; one browser at a time keeps their timings meaningful on 2 cores
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  reporter: 'list',
  use: {
    // localhost is a secure context, which WebGPU requires.
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        headless: true,
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: CHROMIUM_ARGS,
        },
      },
    },
  ],
  webServer: {
    command: process.env.COGRNN_PREBUILT === '1' ? preview : `npx vite build --logLevel warn --outDir ${OUT} && ${preview}`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
