import { expect, test } from '@playwright/test';
import type { KernelCheckReport } from '../src/kernel-check/check.ts';

/**
 * Fused kernels against the op-by-op graph in Chromium (software GL and WebGPU here): the gradients of
 * reg_loss with respect to every variable agree to 1e-4 of their scale, and so do the losses, with and
 * without a gradient tape.
 */
for (const backend of ['webgl', 'wasm', 'webgpu'] as const) {
  test(`fused and per-step gradients agree on ${backend}`, async ({ page }) => {
    await page.goto('/kernel-check.html');
    const report = await page.evaluate((name) => window.runKernelCheck(name), backend) as KernelCheckReport;
    expect(report.backend).toBe(backend);
    expect(report.leakedTensors, 'tensors leaked by the check').toBe(0);
    for (const { name, comparison, perStepLoss } of report.cases) {
      const where = `${backend}, ${name}`;
      expect(comparison.fused, `${where}: fused`).toBe(true);
      for (const loss of [comparison.loss, comparison.inferenceLoss]) {
        expect(Math.abs(loss - perStepLoss), `${where}: loss`).toBeLessThanOrEqual(1e-5 * Math.abs(perStepLoss));
      }
      for (const [variable, diff] of Object.entries(comparison.maxRelDiff)) {
        expect(diff, `${where}: ${variable}`).toBeLessThanOrEqual(1e-4);
      }
    }
  });
}
