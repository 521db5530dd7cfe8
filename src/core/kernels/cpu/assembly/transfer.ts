/**
 * Transfer functions r = f(x) of the fused RNN kernel and their slopes f′(x) written through r (the kernel keeps
 * rates, not pre-activations), four lanes at a time. Codes are shared with the wrapper (../fused-rnn.ts).
 *   relu      f = max(x, 0)                       f′ = [r > 0]
 *   tanh      f = tanh x                          f′ = 1 − r²
 *   sigmoid   f = 1 / (1 + e^(−x))                f′ = r·(1 − r)
 *   softplus  f = max(x, 0) + log1p(e^(−|x|))     f′ = 1 − e^(−r) = −expm1(−r)   (= σ(x), since e^(−r) = 1/(1 + eˣ))
 *   linear    f = x                               f′ = 1
 * All are SIMD, on a vector eˣ (Cephes expf: range reduction by ln 2 and a degree-6 polynomial, ≈1 ulp), to within
 * a few ulp of float64 references. None overflows: eˣ saturates above x = 88.7 and is 0 below −87.3.
 */

export const RELU = 0;
export const TANH = 1;
export const SIGMOID = 2;
export const SOFTPLUS = 3;
export const LINEAR = 4;

/** eˣ per lane: 0 below −87.3 (no denormals), e^88.7 above 88.7 (no ∞) */
@inline function exp4(v: v128): v128 {
  const x = f32x4.min(f32x4.max(v, f32x4.splat(-87.3)), f32x4.splat(88.7));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504)));
  // r = x − n·ln 2 in two parts, |r| ≤ ln 2 / 2
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375))), f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1));
  // · 2ⁿ through the exponent bits
  const e = f32x4.mul(p, i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23));
  return v128.and(e, f32x4.ge(v, f32x4.splat(-87.3)));
}

/**
 * tanh per lane (Cephes tanhf): an odd polynomial for |x| < 0.625, where 1 − 2/(e^(2|x|) + 1) would cancel,
 * and that with the sign of x elsewhere.
 */
@inline function tanh4(x: v128): v128 {
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  const ax = f32x4.abs(x);
  const one = f32x4.splat(1);
  const large = f32x4.sub(one, f32x4.div(f32x4.splat(2), f32x4.add(exp4(f32x4.add(ax, ax)), one)));
  const signed = v128.or(large, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(0.625)));
}

/** Horner's p(z) = c[0] + c[1]·z + … for coefficients given from the highest power down */
@inline function horner(z: v128, c6: f32, c5: f32, c4: f32, c3: f32, c2: f32, c1: f32, c0: f32): v128 {
  let p = f32x4.splat(c6);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(c5));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(c4));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(c3));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(c2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(c1));
  return f32x4.add(f32x4.mul(p, z), f32x4.splat(c0));
}

/**
 * softplus per lane: max(x, 0) + log1p(y) with y = e^(−|x|) ∈ (0, 1], and log1p(y) = 2·atanh(s) for
 * s = y/(2 + y) ∈ (0, 1/3], the series 2·(s + s³/3 + … + s¹³/13) (next term < 1e-8).
 */
@inline function softplus4(x: v128): v128 {
  const y = exp4(f32x4.neg(f32x4.abs(x)));
  const s = f32x4.div(y, f32x4.add(f32x4.splat(2), y));
  const series = horner(f32x4.mul(s, s), 1.0 / 13, 1.0 / 11, 1.0 / 9, 1.0 / 7, 1.0 / 5, 1.0 / 3, 1);
  return f32x4.add(f32x4.max(x, f32x4.splat(0)), f32x4.mul(f32x4.add(s, s), series));
}

/** −expm1(−r) per lane for r ≥ 0: Taylor to r⁷ below 0.35 (where 1 − e^(−r) would cancel), 1 − e^(−r) above. */
@inline function softplusSlope4(r: v128): v128 {
  const small = f32x4.mul(r, horner(r, 1.0 / 5040, -1.0 / 720, 1.0 / 120, -1.0 / 24, 1.0 / 6, -0.5, 1));
  const large = f32x4.sub(f32x4.splat(1), exp4(f32x4.neg(r)));
  return v128.bitselect(small, large, f32x4.lt(r, f32x4.splat(0.35)));
}

/** f applied per lane */
@inline export function transfer(x: v128, kind: i32): v128 {
  if (kind == RELU) return f32x4.max(x, f32x4.splat(0));
  if (kind == TANH) return tanh4(x);
  if (kind == SIGMOID) return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), exp4(f32x4.neg(x))));
  if (kind == SOFTPLUS) return softplus4(x);
  return x;
}

/** f′ per lane, from r = f(x) */
@inline export function transferSlope(r: v128, kind: i32): v128 {
  const one = f32x4.splat(1);
  if (kind == RELU) return v128.and(f32x4.gt(r, f32x4.splat(0)), one);
  if (kind == TANH) return f32x4.sub(one, f32x4.mul(r, r));
  if (kind == SIGMOID) return f32x4.mul(r, f32x4.sub(one, r));
  if (kind == SOFTPLUS) return softplusSlope4(r);
  return one;
}
