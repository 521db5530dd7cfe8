/** The seeded streams: a position taken with `state` and restored gives the same draws from there on. */
import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';

describe('Rng', () => {
  it('restores a position exactly, the cached Box–Muller normal too, and the state is plain data', () => {
    const rng = new Rng(42);
    for (let k = 0; k < 5; k++) rng.uniform();
    rng.normal(); // leaves the pair's second normal cached
    const state = structuredClone(rng.state());
    expect(state.spareNormal).not.toBeNull();
    const ahead = [rng.normal(), rng.uniform(), rng.int(10), rng.normal()];
    const other = new Rng(42);
    other.restore(state);
    expect([other.normal(), other.uniform(), other.int(10), other.normal()]).toEqual(ahead);
    rng.restore(state); // back in the same stream, too
    expect(rng.normal()).toBe(ahead[0]);
  });

  it('refuses a state from another stream or with broken words', () => {
    const state = new Rng(1).state();
    expect(() => new Rng(2).restore(state)).toThrow('Rng.restore: the state is from the stream with seed 1; this generator\'s seed is 2');
    expect(() => new Rng(1).restore({ ...state, s: [0, 0, 0, 0] })).toThrow(/four 32-bit unsigned integers, not all 0; got \[0, 0, 0, 0\]/);
    expect(() => new Rng(1).restore({ ...state, s: [1.5, 2, 3, 4] })).toThrow(/got \[1\.5, 2, 3, 4\]/);
  });
});
