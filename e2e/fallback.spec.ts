import { expect, test } from '@playwright/test';
import { CHROMIUM_PATH } from './chromium.ts';

// No GPU at all: WebGL off (no GPU process, no software rasterizer) and WebGPU not enabled.
test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-software-rasterizer',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  },
});

test('with WebGPU and WebGL disabled the app falls back to WASM and says so', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('backend-indicator')).toHaveText('wasm', { timeout: 60_000 });
  await expect(page.getByTestId('backend-note')).toHaveText(/chose wasm: the fastest measured here; not used: webgpu, webgl/);
  const probes = page.getByTestId('backend-probes');
  await expect(probes).toContainText(/webgpu.*(no WebGPU adapter|no WebGPU)/);
  await expect(probes).toContainText(/webgl.*WebGL 2 is disabled or unsupported/);
  await expect(probes).toContainText(/wasm \d+ ms per training step/);
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('train-button')).toBeEnabled({ timeout: 30_000 });
});
