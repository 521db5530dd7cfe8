/**
 * Running the fused-kernel tests on both SIMD builds (src/core/kernels/cpu/simd-features.ts): a describe block
 * once per build, and the check that the relaxed (FMA) build agrees with the plain one within a stated bound and
 * repeats itself bit for bit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relaxedSimdSupported, setSimdChoice } from '../kernels/cpu/simd-features.ts';
import { relativeDifference } from './relative-difference.ts';

export const SIMD_BUILDS = ['plain', 'relaxed'] as const;
export type SimdBuild = (typeof SIMD_BUILDS)[number];

/**
 * describe(`${name} [plain SIMD]`, body) and the same for relaxed SIMD, with the build chosen for the block's
 * tests and 'auto' restored after. The relaxed block is skipped, visibly, on a runtime without relaxed SIMD.
 */
export function describeEachSimd(name: string, body: (simd: SimdBuild) => void): void {
  for (const simd of SIMD_BUILDS) {
    describe.skipIf(simd === 'relaxed' && !relaxedSimdSupported())(`${name} [${simd} SIMD]`, () => {
      beforeAll(() => setSimdChoice(simd));
      afterAll(() => setSimdChoice('auto'));
      body(simd);
    });
  }
}

/** `run()` with the build `simd` chosen, 'auto' restored after. */
export function withSimd<T>(simd: SimdBuild, run: () => T): T {
  setSimdChoice(simd);
  try {
    return run();
  } finally {
    setSimdChoice('auto');
  }
}

type Results = Record<string, Float32Array>;

/** the first index where a and b differ in any bit, −1 when none */
function firstBitDifference(a: Float32Array, b: Float32Array): number {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  if (x.length !== y.length) return 0;
  return x.findIndex((bits, k) => bits !== y[k]);
}

/** A run for expectBuildsAgree: `forward(params)`, then `backward` with its results and the cotangents. */
export function forwardThenBackward<P, F extends object>(
  forward: (p: P) => F,
  backward: (p: P & F & { dOutputs: Float32Array; dStates: Float32Array }) => object,
  params: P,
  dOutputs: Float32Array,
  dStates: Float32Array,
): () => Results {
  return () => {
    const result = forward(params);
    return { ...result, ...backward({ ...params, ...result, dOutputs, dStates }) } as Results;
  };
}

/**
 * Runs `run` on the plain build and twice on the relaxed one: the two relaxed runs must be bit-identical, and
 * each relaxed array within `tolerance(name)` (max |relaxed − plain| / max |plain|) of the plain one.
 */
export function expectBuildsAgree(run: () => Results, tolerance: (name: string) => number): void {
  const plain = withSimd('plain', run);
  const relaxed = withSimd('relaxed', run);
  const again = withSimd('relaxed', run);
  for (const [name, want] of Object.entries(plain)) {
    expect(firstBitDifference(again[name], relaxed[name]), `${name}: first value where two relaxed runs differ`).toBe(-1);
    const { relative, index } = relativeDifference(relaxed[name], want, 1e-6);
    if (!(relative <= tolerance(name))) {
      expect.fail(`${name}[${index}]: relaxed ${relaxed[name][index]} vs plain ${want[index]} (relative ${relative.toExponential(2)} > ${tolerance(name)})`);
    }
  }
}

/**
 * The gated kernels' (LSTM, GRU) relaxed-against-plain check: B 13, N_rec 50, 200 steps, with 1 and with 13 initial
 * rows; `run(rows)` sets the case up (inside the test) and returns what expectBuildsAgree runs.
 */
export function describeGatedBuildsAgree(tolerance: number, run: (rows: number) => () => Results): void {
  describe.skipIf(!relaxedSimdSupported())('the relaxed-SIMD build against the plain one', () => {
    for (const rows of [1, 13]) {
      it(`agrees over 200 steps and repeats itself bit for bit (B 13, N_rec 50, ${rows} initial row${rows > 1 ? 's' : ''})`, () => {
        expectBuildsAgree(run(rows), () => tolerance);
      });
    }
  });
}
