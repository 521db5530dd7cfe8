/**
 * Building blocks of the fused GRU kernel (./gru.ts) beyond ./blocks.ts: the packing of the matrices' hidden rows
 * for the backward products, and the element-wise forward and backward over eight trial lanes (UNIT bytes per unit).
 * The gates' pre-activations are a lane buffer of 2·R4 units (r at 0 …, g at R4 …; gate stride gs bytes), activated
 * in place by gateForward, so that later steps read r and g from it; padding units stay zero.
 */
import { UNIT } from './blocks';
import { SIGMOID, TANH, transfer } from './transfer';

/**
 * Packs A[i][m·R4 + j] = W_{first+m}[i][j] (i, j < N_rec: the rows that act on h; zero in the padding) for the
 * `count` matrices of W [·][N_rec + N_in][N_rec] from `first` on, in ./blocks.ts `pack`'s 4-row panels, so that
 * matvec(R4, A, count·R4, δ, …) = Σ_m W_m,h·δ_m.
 */
export function packRowsT(W: usize, first: i32, count: i32, Nrec: i32, Nin: i32, R4: i32, dst: usize): void {
  const gate = <usize>((Nrec + Nin) * Nrec) << 2;
  let to = dst;
  for (let p = 0; p < R4; p += 4) {
    for (let col = 0; col < count * R4; col++) {
      const m = col / R4;
      const j = col - m * R4;
      for (let r = 0; r < 4; r++) {
        const i = p + r;
        store<f32>(to, i < Nrec && j < Nrec ? load<f32>(W + <usize>(first + m) * gate + (<usize>(i * Nrec + j) << 2)) : 0);
        to += 4;
      }
    }
  }
}

@inline function sigmoidSlope(s: v128): v128 {
  return f32x4.mul(s, f32x4.sub(f32x4.splat(1), s));
}

/** r = σ(pre_r), g = σ(pre_g) in place in `pre`, and r ⊙ h into `resetHidden`, for units < n. */
export function gateForward(n: i32, pre: usize, gs: usize, hidden: usize, resetHidden: usize): void {
  for (let o: usize = 0; o < <usize>n * UNIT; o += 16) {
    const r = transfer(v128.load(pre + o), SIGMOID);
    v128.store(pre + o, r);
    v128.store(pre + gs + o, transfer(v128.load(pre + gs + o), SIGMOID));
    v128.store(resetHidden + o, f32x4.mul(r, v128.load(hidden + o)));
  }
}

/** h′ = g ⊙ h + (1 − g) ⊙ tanh(preC) = c̃ + g ⊙ (h − c̃), in place in `hidden` and stored at `hiddenTo`, units < n. */
export function stateForward(n: i32, pre: usize, gs: usize, preC: usize, hidden: usize, hiddenTo: usize): void {
  for (let o: usize = 0; o < <usize>n * UNIT; o += 16) {
    const c = transfer(v128.load(preC + o), TANH);
    const h = f32x4.add(c, f32x4.mul(v128.load(pre + gs + o), f32x4.sub(v128.load(hidden + o), c)));
    v128.store(hidden + o, h);
    v128.store(hiddenTo + o, h);
  }
}

/**
 * The first half of a step's backward, units < n, from the activated gates `pre` and the candidate's `preC`:
 *   ∂h = dh + dS + carry (stored back in `dh`)     δ_c = ∂h ⊙ (1 − g) ⊙ (1 − c̃²) → dc     δ_g = ∂h ⊙ (h − c̃) ⊙ g(1 − g)
 */
export function candidateBackward(
  n: i32, pre: usize, gs: usize, preC: usize, hPrev: usize, dh: usize, dS: usize, carry: usize, dc: usize, delta: usize,
): void {
  const one = f32x4.splat(1);
  for (let o: usize = 0; o < <usize>n * UNIT; o += 16) {
    const dHidden = f32x4.add(f32x4.add(v128.load(dh + o), v128.load(dS + o)), v128.load(carry + o));
    v128.store(dh + o, dHidden);
    const g = v128.load(pre + gs + o);
    const c = transfer(v128.load(preC + o), TANH);
    v128.store(dc + o, f32x4.mul(f32x4.mul(dHidden, f32x4.sub(one, g)), f32x4.sub(one, f32x4.mul(c, c))));
    v128.store(delta + gs + o, f32x4.mul(f32x4.mul(dHidden, f32x4.sub(v128.load(hPrev + o), c)), sigmoidSlope(g)));
  }
}

/**
 * The second half, with dRH = ∂(r ⊙ h) = W_c,h·δ_c:  δ_r = dRH ⊙ h ⊙ r(1 − r) → delta,  and carry ← ∂h ⊙ g + dRH ⊙ r
 * (∂L/∂h_{t−1} but for the gates' products, which the next step's matvec adds).
 */
export function gatesBackward(n: i32, pre: usize, gs: usize, hPrev: usize, dRH: usize, dh: usize, carry: usize, delta: usize): void {
  for (let o: usize = 0; o < <usize>n * UNIT; o += 16) {
    const r = v128.load(pre + o);
    const d = v128.load(dRH + o);
    v128.store(delta + o, f32x4.mul(f32x4.mul(d, v128.load(hPrev + o)), sigmoidSlope(r)));
    v128.store(carry + o, f32x4.add(f32x4.mul(v128.load(dh + o), v128.load(pre + gs + o)), f32x4.mul(d, r)));
  }
}
