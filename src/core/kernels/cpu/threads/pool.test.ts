/**
 * The kernel thread pool when a worker fails: one that throws in its share reports its message, one that has died
 * is noticed at once (its exit event) or, when the caller never saw that event, by the wait's deadline — never a
 * hang — and the pool then refuses every call saying why. Also the default thread count's reason.
 */
import { describe, expect, it } from 'vitest';
import * as RNN_BUILDS from '../rnn-kernel.generated.ts';
import { KernelThreadPool, type PoolOptions } from './pool.ts';
import { sharedBuild } from './runner.ts';
import { defaultThreads } from './threads.ts';

/** a forward of 0 trials whose scratch lies past the memory's 2 GiB maximum: reserve() traps (unreachable) */
const UNREACHABLE_FORWARD = [0, 1, 1, 4, 1, 0.1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 ** 31 + 2 ** 30];
/** a forward of 0 trials: packs nothing of consequence into a small scratch, computes nothing */
const EMPTY_FORWARD = (pool: KernelThreadPool, kernel: string) => {
  const exports = pool.kernels.get(kernel)!.exports as unknown as { heapBase(): number };
  return [0, 1, 1, 4, 1, 0.1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, exports.heapBase()];
};

/** the worker of slot 1, for killing it */
const firstWorker = (pool: KernelThreadPool) => (pool as unknown as { handles: { terminate(): void }[] }).handles[0];

/** Runs `body` with a pool of `threads` over the Basic RNN's shared build, then stops it. */
async function withPool(threads: number, options: PoolOptions, body: (pool: KernelThreadPool, kernel: string, empty: number[]) => Promise<void> | void) {
  const kernel = sharedBuild(RNN_BUILDS);
  const pool = await KernelThreadPool.start(threads, [kernel], options);
  try {
    await body(pool, kernel, EMPTY_FORWARD(pool, kernel));
  } finally {
    pool.stop();
  }
}

describe('KernelThreadPool', () => {
  it('reports the message of a worker that throws in its share, and is unusable after', () =>
    withPool(2, {}, (pool, kernel, empty) => {
      pool.run(kernel, 'forward', [empty, empty]);
      expect(() => pool.run(kernel, 'forward', [empty, UNREACHABLE_FORWARD])).toThrow(/kernel threads failed in forward: thread 1 threw: .*unreachable/);
      expect(() => pool.run(kernel, 'forward', [empty])).toThrow(/the kernel threads are unusable: thread 1 threw/);
    }));

  it('refuses at once after a worker has died, naming it', () =>
    withPool(3, {}, async (pool, kernel, empty) => {
      firstWorker(pool).terminate();
      await expect.poll(() => pool.broken).toMatch(/kernel thread 1 failed: it exited/);
      expect(() => pool.run(kernel, 'forward', [empty, empty])).toThrow(/unusable: kernel thread 1 failed: it exited/);
    }));

  it('gives up on a dead worker whose exit it never saw after the deadline, instead of hanging', () =>
    withPool(2, { timeoutMs: 300 }, async (pool, kernel, empty) => {
      firstWorker(pool).terminate();
      await expect.poll(() => pool.broken).not.toBeNull();
      pool.broken = null; // as if the caller had been blocked when it died
      expect(() => pool.run(kernel, 'forward', [empty, empty])).toThrow(/thread 1 did not finish in time \(it may have died\)/);
      expect(pool.broken).toMatch(/did not finish in time/);
    }));

  it('names an export the kernels do not have', () =>
    withPool(2, {}, (pool, kernel) => {
      expect(() => pool.run(kernel, 'sideways', [[]])).toThrow(/no export 'sideways'/);
    }));
});

describe('defaultThreads', () => {
  it('is the cores Node reports, at most 8, with the reason', async () => {
    const { availableParallelism } = await import('node:os');
    const { threads, reason } = await defaultThreads();
    expect(threads).toBe(Math.min(8, availableParallelism()));
    expect(reason.length).toBeGreaterThan(0);
  });
});
