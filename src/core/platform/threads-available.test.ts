/** threadsAvailable: isolation and shared memory gate threads, the core count sets them, capped at MAX_THREADS. */
import { describe, expect, it } from 'vitest';
import { currentPlatform, MAX_THREADS, threadsAvailable, threadsLine } from './threads-available.ts';

const isolated = { crossOriginIsolated: true, sharedArrayBuffer: true } as const;

describe('threadsAvailable', () => {
  it('an isolated page gets one thread per core reported', () => {
    expect(threadsAvailable({ ...isolated, hardwareConcurrency: 4 })).toEqual({ threads: 4, reason: 'page is cross-origin isolated' });
    expect(threadsAvailable({ ...isolated, hardwareConcurrency: 2 }).threads).toBe(2);
  });

  it(`caps the count at ${MAX_THREADS} and says so`, () => {
    expect(MAX_THREADS).toBe(8);
    expect(threadsAvailable({ ...isolated, hardwareConcurrency: 8 })).toEqual({ threads: 8, reason: 'page is cross-origin isolated' });
    expect(threadsAvailable({ ...isolated, hardwareConcurrency: 64 })).toEqual({
      threads: 8,
      reason: 'page is cross-origin isolated, 64 cores reported, capped at 8',
    });
  });

  it('a page that is not isolated is single-threaded and points at the hosting headers, whatever the cores', () => {
    const result = threadsAvailable({ crossOriginIsolated: false, hardwareConcurrency: 16, sharedArrayBuffer: false });
    expect(result).toEqual({ threads: 1, reason: 'this page is not cross-origin isolated (its host does not send COOP/COEP headers; see README › Hosting)' });
    // a browser that still exposes the constructor cannot share it with workers without isolation
    expect(threadsAvailable({ crossOriginIsolated: false, hardwareConcurrency: 16, sharedArrayBuffer: true })).toEqual(result);
  });

  it('no SharedArrayBuffer means one thread, with that as the reason', () => {
    expect(threadsAvailable({ crossOriginIsolated: true, hardwareConcurrency: 4, sharedArrayBuffer: false })).toEqual({
      threads: 1,
      reason: 'this runtime has no SharedArrayBuffer, which threads share memory through',
    });
  });

  it('Node (no notion of isolation) uses the cores it is told', () => {
    expect(threadsAvailable({ crossOriginIsolated: undefined, hardwareConcurrency: 3, sharedArrayBuffer: true })).toEqual({
      threads: 3,
      reason: 'shared memory available',
    });
  });

  it('one core, or a count that is missing or not a positive number, is one thread with the reason', () => {
    expect(threadsAvailable({ ...isolated, hardwareConcurrency: 1 })).toEqual({ threads: 1, reason: 'the platform reports one core' });
    for (const bad of [undefined, 0, -2, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(threadsAvailable({ ...isolated, hardwareConcurrency: bad })).toEqual({ threads: 1, reason: 'the runtime does not report how many cores it has' });
    }
    expect(threadsAvailable({ ...isolated, hardwareConcurrency: 5.7 }).threads).toBe(5);
  });
});

describe('threadsLine', () => {
  it('reads as the run bar shows it', () => {
    expect(threadsLine({ threads: 8, reason: 'page is cross-origin isolated' })).toBe('CPU threads: up to 8 (page is cross-origin isolated)');
    expect(threadsLine(threadsAvailable({ crossOriginIsolated: false, hardwareConcurrency: 4, sharedArrayBuffer: false }))).toBe(
      'Single-threaded: this page is not cross-origin isolated (its host does not send COOP/COEP headers; see README › Hosting)',
    );
  });
});

describe('currentPlatform', () => {
  it('in Node: no isolation notion, and SharedArrayBuffer present', () => {
    const report = currentPlatform();
    expect(report.crossOriginIsolated).toBeUndefined();
    expect(report.sharedArrayBuffer).toBe(true);
  });
});
