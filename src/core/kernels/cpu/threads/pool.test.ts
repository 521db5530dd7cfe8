/**
 * The kernel thread pool when a worker fails: one that throws in its share reports its message, one that has died
 * is noticed at once (its exit event) or, when the caller never saw that event, by the wait's deadline — never a
 * hang — and the pool then refuses every call saying why. Also the default thread count's reason.
 */
import { describe, expect, it } from 'vitest';
import * as RNN_BUILDS from '../rnn-kernel.generated.ts';
import { KernelThreadPool } from './pool.ts';
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

describe('KernelThreadPool', () => {
  it('reports the message of a worker that throws in its share, and is unusable after', async () => {
    const kernel = sharedBuild(RNN_BUILDS);
    const pool = await KernelThreadPool.start(2, [kernel]);
    try {
      pool.run(kernel, 'forward', [EMPTY_FORWARD(pool, kernel), EMPTY_FORWARD(pool, kernel)]);
      expect(() => pool.run(kernel, 'forward', [EMPTY_FORWARD(pool, kernel), UNREACHABLE_FORWARD])).toThrow(/kernel threads failed in forward: thread 1 threw: .*unreachable/);
      expect(() => pool.run(kernel, 'forward', [EMPTY_FORWARD(pool, kernel)])).toThrow(/the kernel threads are unusable: thread 1 threw/);
    } finally {
      pool.stop();
    }
  });

  it('refuses at once after a worker has died, naming it', async () => {
    const kernel = sharedBuild(RNN_BUILDS);
    const pool = await KernelThreadPool.start(3, [kernel]);
    try {
      firstWorker(pool).terminate();
      await expect.poll(() => pool.broken).toMatch(/kernel thread 1 failed: it exited/);
      expect(() => pool.run(kernel, 'forward', [EMPTY_FORWARD(pool, kernel), EMPTY_FORWARD(pool, kernel)])).toThrow(/unusable: kernel thread 1 failed: it exited/);
    } finally {
      pool.stop();
    }
  });

  it('gives up on a dead worker whose exit it never saw after the deadline, instead of hanging', async () => {
    const kernel = sharedBuild(RNN_BUILDS);
    const pool = await KernelThreadPool.start(2, [kernel], { timeoutMs: 300 });
    try {
      firstWorker(pool).terminate();
      await expect.poll(() => pool.broken).not.toBeNull();
      pool.broken = null; // as if the caller had been blocked when it died
      expect(() => pool.run(kernel, 'forward', [EMPTY_FORWARD(pool, kernel), EMPTY_FORWARD(pool, kernel)])).toThrow(/thread 1 did not finish in time \(it may have died\)/);
      expect(pool.broken).toMatch(/did not finish in time/);
    } finally {
      pool.stop();
    }
  });

  it('names an export the kernels do not have', async () => {
    const kernel = sharedBuild(RNN_BUILDS);
    const pool = await KernelThreadPool.start(2, [kernel]);
    try {
      expect(() => pool.run(kernel, 'sideways', [[]])).toThrow(/no export 'sideways'/);
    } finally {
      pool.stop();
    }
  });
});

describe('defaultThreads', () => {
  it('is the cores Node reports, at most 8, with the reason', async () => {
    const { availableParallelism } = await import('node:os');
    const { threads, reason } = await defaultThreads();
    expect(threads).toBe(Math.min(8, availableParallelism()));
    expect(reason.length).toBeGreaterThan(0);
  });
});
