import { expect, test } from '@playwright/test';
import type { KernelCheckReport } from '../src/kernel-check/check.ts';

/**
 * Fused kernels against the op-by-op graph in Chromium (software GL and WebGPU here): the gradients of
 * reg_loss with respect to every variable agree to 1e-4 of their scale, and so do the losses, with and
 * without a gradient tape; and the trainer's Adam step (fused on webgpu) equals the op-by-op one to 1e-5.
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
    expect(report.adam.fused, `${backend}: fused Adam step`).toBe(backend === 'webgpu');
    expect(Object.keys(report.adam.maxRelDiff)).toHaveLength(18); // 6 variables and their 2 slots each
    for (const [name, diff] of Object.entries(report.adam.maxRelDiff)) {
      expect(diff, `${backend}: Adam step, ${name}`).toBeLessThanOrEqual(1e-5);
    }
  });
}
