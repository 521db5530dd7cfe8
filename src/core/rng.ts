/**
 * Seeded pseudo-random numbers. One `seed` in the experiment spec makes trial generation,
 * initialization and noise reproducible; each consumer takes its own named stream with `fork`,
 * so adding draws in one place (say, the task) never shifts another (the initial weights).
 * PsychRNN's numpy/TF streams cannot be matched bit for bit; we reproduce the distributions.
 */

/** 32-bit FNV-1a hash, used to derive stream seeds from names. */
function hashString(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** splitmix32: spreads a seed into well-mixed state words. */
function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Where a generator is in its stream, as plain data: resuming from it gives the same draws from there on. */
export interface RngState {
  seed: number;
  /** xoshiro128**'s four state words */
  s: [number, number, number, number];
  /** the second normal of the last Box–Muller pair, not drawn yet */
  spareNormal: number | null;
}

/** xoshiro128** generator with uniform, normal (Box–Muller), choice and integer draws. */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;
  readonly seed: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Rng seed must be a finite number, got ${seed}`);
    this.seed = seed >>> 0;
    const mix = splitmix32(this.seed);
    this.s0 = mix();
    this.s1 = mix();
    this.s2 = mix();
    this.s3 = mix();
  }

  /** An independent stream named `name`, derived from this generator's seed (not its position). */
  fork(name: string): Rng {
    return new Rng(hashString(name, this.seed));
  }

  /** Its position now (a copy), for `restore`. */
  state(): RngState {
    // the words are kept as signed after `^=`; the same bits as unsigned read the same in every operation here
    return { seed: this.seed, s: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], spareNormal: this.spareNormal };
  }

  /**
   * Moves this generator to `state`, taken from a generator with the same seed (the same stream further on, or
   * further back); a state from another stream is refused, so a resumed run cannot silently draw someone else's numbers.
   */
  restore(state: RngState): void {
    if (state.seed !== this.seed) {
      throw new Error(`Rng.restore: the state is from the stream with seed ${state.seed}; this generator's seed is ${this.seed}`);
    }
    if (state.s.length !== 4 || !state.s.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32) || state.s.every((w) => w === 0)) {
      throw new Error(`Rng.restore: the state words must be four 32-bit unsigned integers, not all 0; got [${state.s.join(', ')}]`);
    }
    [this.s0, this.s1, this.s2, this.s3] = state.s;
    this.spareNormal = state.spareNormal;
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform on [0, 1) with 53 bits of resolution. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform on [lo, hi). */
  uniformRange(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Standard normal N(0, 1) by the Box–Muller transform (pairs are cached). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Integer uniform on [0, n). */
  int(n: number): number {
    if (!(n >= 1)) throw new Error(`Rng.int needs n >= 1, got ${n}`);
    return Math.floor(this.uniform() * n);
  }

  /** A uniformly chosen element of `items` (like numpy's random.choice). */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.choice needs a non-empty list');
    return items[this.int(items.length)];
  }

  /** Fills `out` with N(mean, std²) draws and returns it. */
  fillNormal<A extends Float32Array | Float64Array>(out: A, mean = 0, std = 1): A {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
    return out;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
