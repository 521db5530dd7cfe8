import { afterEach, describe, expect, it } from 'vitest';
import { gpuCalls } from './gpu-calls.ts';
import { table, type Timing } from './timing.ts';

/** A stand-in for the WebGL context class, with a draw method that records its calls. */
class FakeGl {
  readonly seen: unknown[][] = [];
  drawElements(...args: unknown[]) {
    this.seen.push(args);
    return 'drawn';
  }
}

const scope = globalThis as Record<string, unknown>;

describe('gpuCalls', () => {
  afterEach(() => {
    delete scope.WebGL2RenderingContext;
  });

  it('counts each draw once, passes the call through, and wraps only once', () => {
    scope.WebGL2RenderingContext = FakeGl;
    const before = gpuCalls();
    const gl = new FakeGl();
    expect(gl.drawElements(4, 6, 'short', 0)).toBe('drawn');
    gpuCalls(); // a second look must not wrap the wrapper
    gl.drawElements(4, 6, 'short', 0);
    expect(gpuCalls() - before).toBe(2);
    expect(gl.seen).toEqual([[4, 6, 'short', 0], [4, 6, 'short', 0]]);
  });

  it('counts nothing where no GPU class exists', () => {
    const before = gpuCalls();
    expect(gpuCalls()).toBe(before);
  });
});

describe('table', () => {
  const row = (implementation: string, ms: number, gpu?: number): Timing => ({
    backend: 'webgl', N_rec: 50, implementation, msPerIteration: ms, minMs: ms, samples: [ms], speedupVsNaive: null,
    ...(gpu === undefined ? {} : { gpuCallsPerIteration: gpu }),
  });

  it('adds a GPU-calls column only when a row counted GPU calls', () => {
    expect(table([row('naive tf.js', 10)])).not.toContain('GPU calls');
    const text = table([row('naive tf.js', 10, 10423), row('cogrnn (fused)', 5, 688)]);
    expect(text.split('\n')[0]).toContain('GPU calls/iter');
    expect(text).toMatch(/cogrnn \(fused\).*\| 688 +\|$/m);
  });
});
