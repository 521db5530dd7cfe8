import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/** Debian's Chromium when installed (`apt-get install chromium`); otherwise Playwright's own (`npx playwright install chromium`). */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const PORT = 4173;

/** `npm test` builds before running Playwright and sets COGRNN_PREBUILT; `npm run test:e2e` alone builds here. */
const preview = `npx vite preview --port ${PORT} --strictPort`;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
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
          executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
          args: [
            '--no-sandbox',
            '--enable-unsafe-webgpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    command: process.env.COGRNN_PREBUILT === '1' ? preview : `npx vite build --logLevel warn && ${preview}`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
