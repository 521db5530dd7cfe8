/**
 * Building blocks shared by the fused kernels (./rnn.ts, ./lstm.ts): weight packing, batch-major ↔ lane
 * transposes, unit fills and lane sums, the 4-row matrix–vector product, the outer-product sums of the weight
 * gradients, and the chunking of steps.
 *
 * Lane layout: eight trials advance together, so a unit's value is two f32x4 (UNIT = 32 bytes: trials 0–3 then
 * 4–7), and a "lane buffer" of S steps × P units is S·P consecutive units. Every address is a byte offset.
 *
 * The products' multiply-adds go through `madd`: one fused multiply-add (relaxed SIMD) in the relaxed build,
 * a multiply then an add in the plain one (scripts/build-kernels.mjs builds both).
 */

/** bytes of one unit of eight trial lanes */
export const UNIT: usize = 32;

/** steps per chunk: a chunk's lane buffers stay in L1/L2 cache */
export const CHUNK = 32;

/**
 * Steps in the backward chunk that ends at step t1: the backward walks chunks of CHUNK steps from T down, the
 * last (from step 0) shorter. So δ_t1 sits at slot chunkSteps(t1) of the chunk's (CHUNK+1)-slot δ buffer.
 */
@inline export function chunkSteps(t1: i32): i32 {
  return t1 - max(t1 - CHUNK, 0);
}

/**
 * a·b + c per lane. Built with relaxed SIMD (ASC_FEATURE_RELAXED_SIMD, a compile-time constant, so the other
 * branch is not compiled) it is f32x4.relaxed_madd, which V8 lowers to one FMA instruction where the CPU has one
 * (rounding once instead of twice); otherwise f32x4.mul then f32x4.add, as every SIMD runtime runs.
 */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** n rounded up to a multiple of m (a power of two) */
@inline export function roundUp(n: i32, m: i32): i32 {
  return (n + m - 1) & -m;
}

/** bytes of a rows × cols matrix packed by `pack` */
@inline export function packedBytes(rows: i32, cols: i32): usize {
  return <usize>(roundUp(rows, 4) * cols) << 2;
}

/**
 * Packs the rows × cols matrix M[i][j] = src[i·rs + j·cs] (floats), with `bias` (≠ 0) as an extra last column,
 * into 4-row panels: panel p holds, column after column, the weights of rows 4p…4p+3 side by side (zero past
 * `rows`), so the matrix–vector product splats them from one 16-byte group. Returns the bytes written.
 */
export function pack(src: usize, rows: i32, cols: i32, rs: i32, cs: i32, bias: usize, dst: usize): usize {
  const K = cols + (bias != 0 ? 1 : 0);
  const panels = roundUp(rows, 4) >> 2;
  let to = dst;
  for (let p = 0; p < panels; p++) {
    for (let j = 0; j < K; j++) {
      for (let r = 0; r < 4; r++) {
        const i = 4 * p + r;
        let v: f32 = 0;
        if (i < rows) v = j < cols ? load<f32>(src + (<usize>(i * rs + j * cs) << 2)) : load<f32>(bias + (<usize>i << 2));
        store<f32>(to, v);
        to += 4;
      }
    }
  }
  return to - dst;
}

/** Stores the splat of src[i] in both halves of unit i of `to`, for i < n. */
export function splatUnits(src: usize, n: i32, to: usize): void {
  for (let i = 0; i < n; i++) {
    const v = v128.load32_splat(src + (<usize>i << 2));
    v128.store(to + <usize>i * UNIT, v);
    v128.store(to + <usize>i * UNIT, v, 16);
  }
}

/** Sets unit `i` of each of `slots` lane buffers P units apart to 1 (the bias unit). */
export function setOnes(buffer: usize, slots: i32, P: i32, i: i32): void {
  const one = f32x4.splat(1);
  for (let s = 0; s < slots; s++) {
    const p = buffer + <usize>(s * P + i) * UNIT;
    v128.store(p, one);
    v128.store(p, one, 16);
  }
}

/** out[i] = Σ_lanes v[i] for i < n (eight-lane units) */
export function sumLanes(v: usize, n: i32, out: usize): void {
  for (let i = 0; i < n; i++) {
    const l = f32x4.add(v128.load(v + <usize>i * UNIT), v128.load(v + <usize>i * UNIT, 16));
    store<f32>(out + (<usize>i << 2), f32x4.extract_lane(l, 0) + f32x4.extract_lane(l, 1) + f32x4.extract_lane(l, 2) + f32x4.extract_lane(l, 3));
  }
}

/** Stores the 4×4 transpose of rows a, b, c, d (four f32 each) as four rows `stride` bytes apart from `to`. */
@inline function transpose4(a: v128, b: v128, c: v128, d: v128, to: usize, stride: usize): void {
  const ab01 = v128.shuffle<f32>(a, b, 0, 4, 1, 5);
  const ab23 = v128.shuffle<f32>(a, b, 2, 6, 3, 7);
  const cd01 = v128.shuffle<f32>(c, d, 0, 4, 1, 5);
  const cd23 = v128.shuffle<f32>(c, d, 2, 6, 3, 7);
  v128.store(to, v128.shuffle<f32>(ab01, cd01, 0, 1, 4, 5));
  v128.store(to + stride, v128.shuffle<f32>(ab01, cd01, 2, 3, 6, 7));
  v128.store(to + 2 * stride, v128.shuffle<f32>(ab23, cd23, 0, 1, 4, 5));
  v128.store(to + 3 * stride, v128.shuffle<f32>(ab23, cd23, 2, 3, 6, 7));
}

/**
 * Lane buffer dst[s][k] (P units per step) ← src[b0 + lane, t0 + s, k] for s < steps, k < n, lanes < 8, where
 * src is batch-major [·, T, n] floats. Units k ≥ n are left untouched.
 */
export function toLanes(src: usize, T: i32, n: i32, b0: i32, t0: i32, steps: i32, dst: usize, P: i32): void {
  const trial = <usize>(T * n) << 2;
  for (let s = 0; s < steps; s++) {
    const from = src + (<usize>((b0 * T + t0 + s) * n) << 2);
    const to = dst + <usize>(s * P) * UNIT;
    let k = 0;
    for (; k + 4 <= n; k += 4) {
      for (let h = 0; h < 2; h++) {
        const p = from + <usize>h * 4 * trial + (<usize>k << 2);
        transpose4(v128.load(p), v128.load(p + trial), v128.load(p + 2 * trial), v128.load(p + 3 * trial), to + <usize>k * UNIT + <usize>h * 16, UNIT);
      }
    }
    for (; k < n; k++) {
      for (let l = 0; l < 8; l++) store<f32>(to + <usize>k * UNIT + (<usize>l << 2), load<f32>(from + <usize>l * trial + (<usize>k << 2)));
    }
  }
}

/** The inverse of toLanes: dst[b0 + lane, t0 + s, k] ← src[s][k] for s < steps, k < n, lanes < 8. */
export function fromLanes(src: usize, P: i32, dst: usize, T: i32, n: i32, b0: i32, t0: i32, steps: i32): void {
  const trial = <usize>(T * n) << 2;
  for (let s = 0; s < steps; s++) {
    const from = src + <usize>(s * P) * UNIT;
    const to = dst + (<usize>((b0 * T + t0 + s) * n) << 2);
    let k = 0;
    for (; k + 4 <= n; k += 4) {
      for (let h = 0; h < 2; h++) {
        const p = from + <usize>k * UNIT + <usize>h * 16;
        transpose4(v128.load(p), v128.load(p, UNIT), v128.load(p, 2 * UNIT), v128.load(p, 3 * UNIT), to + <usize>h * 4 * trial + (<usize>k << 2), trial);
      }
    }
    for (; k < n; k++) {
      for (let l = 0; l < 8; l++) store<f32>(to + <usize>l * trial + (<usize>k << 2), load<f32>(from + <usize>k * UNIT + (<usize>l << 2)));
    }
  }
}

/**
 * out[i] = Σ_{j<ka} A[i][j]·a[j] + Σ_{j<kc} C[i][j]·c[j] for i < rows (a multiple of 4), eight lanes per unit;
 * A and C packed by `pack` with ka and kc columns. A 4-row × 8-lane block lives in eight registers: each splat
 * of a weight feeds two multiplies and each load of a[j] feeds four.
 */
export function matvec(rows: i32, A: usize, ka: i32, a: usize, C: usize, kc: i32, c: usize, out: usize): void {
  for (let i = 0; i < rows; i += 4) {
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
    for (let part = 0; part < 2; part++) {
      let w = (part == 0 ? A : C) + (<usize>(i * (part == 0 ? ka : kc)) << 2);
      let v = part == 0 ? a : c;
      const end = v + <usize>(part == 0 ? ka : kc) * UNIT;
      while (v < end) {
        const lo = v128.load(v);
        const hi = v128.load(v, 16);
        let s = v128.load32_splat(w);
        a0 = madd(s, lo, a0);
        b0 = madd(s, hi, b0);
        s = v128.load32_splat(w, 4);
        a1 = madd(s, lo, a1);
        b1 = madd(s, hi, b1);
        s = v128.load32_splat(w, 8);
        a2 = madd(s, lo, a2);
        b2 = madd(s, hi, b2);
        s = v128.load32_splat(w, 12);
        a3 = madd(s, lo, a3);
        b3 = madd(s, hi, b3);
        w += 16;
        v += UNIT;
      }
    }
    const o = out + <usize>i * UNIT;
    v128.store(o, a0);
    v128.store(o, b0, 16);
    v128.store(o, a1, 32);
    v128.store(o, b1, 48);
    v128.store(o, a2, 64);
    v128.store(o, b2, 80);
    v128.store(o, a3, 96);
    v128.store(o, b3, 112);
  }
}

/** (Σ lanes of a, Σ b, Σ c, Σ d) */
@inline function laneSums(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = f32x4.add(v128.shuffle<f32>(a, b, 0, 4, 1, 5), v128.shuffle<f32>(a, b, 2, 6, 3, 7));
  const cd = f32x4.add(v128.shuffle<f32>(c, d, 0, 4, 1, 5), v128.shuffle<f32>(c, d, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(ab, cd, 0, 1, 4, 5), v128.shuffle<f32>(ab, cd, 2, 3, 6, 7));
}

/**
 * accT[j][i] += Σ_{s<steps} Σ_lanes D[s][i]·R[s][j] for i < rows (a multiple of 4), j < cols (a multiple of 2):
 * the transposed sum of outer products over steps and trials. D and R are lane buffers with dStep and rStep
 * units per step; accT is [cols][rows] floats. Blocks of 4 rows × 2 columns accumulate per lane in eight
 * registers over all steps, then four rows' lane sums go into accT with one vector add.
 */
export function outerSum(D: usize, dStep: i32, rows: i32, R: usize, rStep: i32, cols: i32, steps: i32, accT: usize): void {
  const dStride = <usize>dStep * UNIT;
  const rStride = <usize>rStep * UNIT;
  for (let i = 0; i < rows; i += 4) {
    for (let j = 0; j < cols; j += 2) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
      let d = D + <usize>i * UNIT;
      let r = R + <usize>j * UNIT;
      for (let s = 0; s < steps; s++) {
        // trials 0–3, then 4–7 (a loop: V8 allocates its registers better than for the unrolled pair)
        for (let h: usize = 0; h < UNIT; h += 16) {
          const rj = v128.load(r + h);
          const rk = v128.load(r + h, UNIT);
          let x = v128.load(d + h);
          a0 = madd(x, rj, a0);
          c0 = madd(x, rk, c0);
          x = v128.load(d + h, UNIT);
          a1 = madd(x, rj, a1);
          c1 = madd(x, rk, c1);
          x = v128.load(d + h, 2 * UNIT);
          a2 = madd(x, rj, a2);
          c2 = madd(x, rk, c2);
          x = v128.load(d + h, 3 * UNIT);
          a3 = madd(x, rj, a3);
          c3 = madd(x, rk, c3);
        }
        d += dStride;
        r += rStride;
      }
      const p = accT + (<usize>(j * rows + i) << 2);
      const q = p + (<usize>rows << 2);
      v128.store(p, f32x4.add(v128.load(p), laneSums(a0, a1, a2, a3)));
      v128.store(q, f32x4.add(v128.load(q), laneSums(c0, c1, c2, c3)));
    }
  }
}
