/**
 * The choice between the plain and relaxed SIMD builds (./simd-features.ts): what is asked for (setSimdChoice or
 * COGRNN_SIMD), what loadKernel then compiles, and the messages for a choice that is not allowed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as RNN_BUILDS from './rnn-kernel.generated.ts';
import { kernelFeatures, pickBuild, relaxedSimdSupported, setSimdChoice } from './simd-features.ts';
import { loadKernel } from './wasm-memory.ts';

afterEach(() => {
  setSimdChoice('auto');
  vi.unstubAllEnvs();
});

/** a fresh copy of the module, so that it reads COGRNN_SIMD again */
async function freshFeatures() {
  vi.resetModules();
  return import('./simd-features.ts');
}

describe('kernelFeatures', () => {
  it('picks the relaxed build where the runtime runs it (Node turns on its V8 flag), and says why', () => {
    expect(relaxedSimdSupported(), 'relaxed SIMD in this Node').toBe(true);
    const features = kernelFeatures();
    expect(features).toMatchObject({ simd: 'relaxed', choice: 'auto' });
    expect(features.reason).toMatch(/^relaxed-SIMD FMA: (this runtime validates|turned on Node's V8 flag)/);
    expect(pickBuild(RNN_BUILDS)).toBe(RNN_BUILDS.WASM_RELAXED_BASE64);
  });

  it('runs the plain build when asked, and loadKernel compiles each build once', () => {
    setSimdChoice('plain');
    expect(kernelFeatures()).toEqual({ simd: 'plain', choice: 'plain', reason: "plain SIMD: asked for by setSimdChoice('plain')" });
    const plain = loadKernel(RNN_BUILDS);
    setSimdChoice('relaxed');
    const relaxed = loadKernel(RNN_BUILDS);
    expect(relaxed).not.toBe(plain);
    expect(loadKernel(RNN_BUILDS)).toBe(relaxed);
    setSimdChoice('plain');
    expect(loadKernel(RNN_BUILDS)).toBe(plain);
  });

  it('refuses a choice that is not one of auto, plain, relaxed', () => {
    expect(() => setSimdChoice('fast' as never)).toThrow('the SIMD choice must be one of auto, plain, relaxed; got "fast"');
  });

  it('reads COGRNN_SIMD from the environment, and names it when its value is not allowed', async () => {
    vi.stubEnv('COGRNN_SIMD', 'plain');
    expect((await freshFeatures()).kernelFeatures().reason).toBe('plain SIMD: asked for by COGRNN_SIMD=plain');
    vi.stubEnv('COGRNN_SIMD', 'fma');
    const features = await freshFeatures();
    expect(() => features.kernelFeatures()).toThrow('COGRNN_SIMD must be one of auto, plain, relaxed; got "fma"');
  });
});
