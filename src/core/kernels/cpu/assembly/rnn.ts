/**
 * Fused whole-sequence forward and backward (BPTT) of PsychRNN's Basic rate RNN (reference §3.2), in
 * AssemblyScript compiled to WebAssembly with 128-bit SIMD. Built by scripts/build-kernels.mjs.
 *
 * For each trial, from x_0 = init_state, for t = 0 … T−1:
 *   r_t     = f(x_t)
 *   x_{t+1} = (1−α)·x_t + α·(W_rec·r_t + W_in·u_t + b_rec) + noise_t      states[t] = x_{t+1}
 *   y_t     = W_out·f(x_{t+1}) + b_out                                      outputs[t] = y_t
 * W[i][j] connects presynaptic j to postsynaptic i (row-major [post, pre]).
 *
 * SIMD runs across trials: four trials ("lanes") advance together, so a unit's value is one f32x4 and a
 * matrix–vector product is Σ_j splat(W[i][j])·v[j], with no horizontal sums and no padding of N_rec.
 * Per step the lanes are gathered from / scattered to the caller's batch-major arrays [B, T, N]; trials
 * past B are dummies with zero input, noise and loss gradient, so they add nothing to any gradient.
 * Matrices are row-major with their rows padded to a multiple of 4 (zero rows); every address is a byte
 * offset laid out by the TypeScript wrapper (fused-rnn.ts). Arithmetic is f32.
 */

/** transfer codes, shared with the wrapper */
const RELU = 0;
const TANH = 1;

/** bytes of one f32x4 */
const LANES: usize = 16;

/** First free byte after static data: the wrapper's heap starts here. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/** f applied per lane */
@inline function transfer(x: v128, kind: i32): v128 {
  if (kind == RELU) return f32x4.max(x, f32x4.splat(0));
  if (kind == TANH) {
    return f32x4(
      Mathf.tanh(f32x4.extract_lane(x, 0)),
      Mathf.tanh(f32x4.extract_lane(x, 1)),
      Mathf.tanh(f32x4.extract_lane(x, 2)),
      Mathf.tanh(f32x4.extract_lane(x, 3)),
    );
  }
  return x;
}

/** f′ through r = f(x): relu r > 0 ⇔ x > 0 gives 1 else 0; tanh 1 − r²; linear 1. */
@inline function transferSlope(r: v128, kind: i32): v128 {
  const one = f32x4.splat(1);
  if (kind == RELU) return v128.and(f32x4.gt(r, f32x4.splat(0)), one);
  if (kind == TANH) return f32x4.sub(one, f32x4.mul(r, r));
  return one;
}

/**
 * out[i] = Σ_{j<cols} W[i][j]·v[j] (+ out[i] when `accumulate`) for i < rows (a multiple of 4), lanes
 * per unit; W row-major with `cols` floats per row. Four rows at a time share each load of v[j].
 */
function matvec(W: usize, rows: i32, cols: i32, v: usize, out: usize, accumulate: bool): void {
  const rowBytes = <usize>cols << 2;
  for (let i = 0; i < rows; i += 4) {
    const o = out + <usize>i * LANES;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    if (accumulate) {
      a0 = v128.load(o);
      a1 = v128.load(o, 16);
      a2 = v128.load(o, 32);
      a3 = v128.load(o, 48);
    }
    let w = W + <usize>i * rowBytes;
    for (let j = 0; j < cols; j++) {
      const x = v128.load(v + <usize>j * LANES);
      a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(w), x));
      a1 = f32x4.add(a1, f32x4.mul(v128.load32_splat(w + rowBytes), x));
      a2 = f32x4.add(a2, f32x4.mul(v128.load32_splat(w + 2 * rowBytes), x));
      a3 = f32x4.add(a3, f32x4.mul(v128.load32_splat(w + 3 * rowBytes), x));
      w += 4;
    }
    v128.store(o, a0);
    v128.store(o, a1, 16);
    v128.store(o, a2, 32);
    v128.store(o, a3, 48);
  }
}

/** lanes[k] ← src[b0+lane, t, k] for k < n (zero for lanes past B) */
function gather(src: usize, b0: i32, B: i32, T: i32, t: i32, n: i32, lanes: usize): void {
  for (let l = 0; l < 4; l++) {
    const b = b0 + l;
    const from = src + ((<usize>((b * T + t) * n)) << 2);
    for (let k = 0; k < n; k++) {
      store<f32>(lanes + <usize>k * LANES + (<usize>l << 2), b < B ? load<f32>(from + (<usize>k << 2)) : 0);
    }
  }
}

/** dst[b0+lane, t, k] ← lanes[k] + bias[k] (bias 0: none) for k < n, lanes < B only */
function scatter(lanes: usize, bias: usize, b0: i32, B: i32, T: i32, t: i32, n: i32, dst: usize): void {
  for (let l = 0; l < 4 && b0 + l < B; l++) {
    const to = dst + ((<usize>(((b0 + l) * T + t) * n)) << 2);
    for (let k = 0; k < n; k++) {
      let v = load<f32>(lanes + <usize>k * LANES + (<usize>l << 2));
      if (bias != 0) v += load<f32>(bias + (<usize>k << 2));
      store<f32>(to + (<usize>k << 2), v);
    }
  }
}

/** Σ of the four lanes */
@inline function laneSum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/**
 * Forward over B trials of T steps. Np = N_rec rounded up to 4; Op = N_out rounded up to 4.
 *   x [B,T,Nin], noise [B,T,Nrec] (0: none), W_rec [Np][Nrec], W_in [Np][Nin], W_out [Op][Nrec],
 *   b_rec [Nrec], b_out [Nout], init [Nrec] → states [B,T,Nrec], outputs [B,T,Nout].
 *   scratch: (4·Np + Nin + Op) lanes.
 */
export function forward(
  B: i32, T: i32, Nin: i32, Nrec: i32, Nout: i32, Np: i32, Op: i32, alpha: f32, kind: i32,
  x: usize, noise: usize, W_rec: usize, W_in: usize, W_out: usize, b_rec: usize, b_out: usize, init: usize,
  states: usize, outputs: usize, scratch: usize,
): void {
  const vec = <usize>Np * LANES;
  const state = scratch; // x_t, per unit 4 lanes
  const rate = state + vec; // f(x_t), zero past N_rec
  const drive = rate + vec; // W_rec·r + W_in·u
  const shock = drive + vec; // noise_t
  const input = shock + vec; // u_t
  const output = input + <usize>Nin * LANES; // W_out·r
  const keep = f32x4.splat(1 - alpha);
  const a = f32x4.splat(alpha);
  memory.fill(shock, 0, vec);
  for (let b0 = 0; b0 < B; b0 += 4) {
    memory.fill(rate, 0, vec);
    for (let i = 0; i < Nrec; i++) {
      const v = v128.load32_splat(init + (<usize>i << 2));
      v128.store(state + <usize>i * LANES, v);
      v128.store(rate + <usize>i * LANES, transfer(v, kind));
    }
    for (let t = 0; t < T; t++) {
      gather(x, b0, B, T, t, Nin, input);
      if (noise != 0) gather(noise, b0, B, T, t, Nrec, shock);
      matvec(W_rec, Np, Nrec, rate, drive, false);
      matvec(W_in, Np, Nin, input, drive, true);
      for (let i = 0; i < Nrec; i++) {
        const o = <usize>i * LANES;
        const d = f32x4.add(v128.load(drive + o), v128.load32_splat(b_rec + (<usize>i << 2)));
        const v = f32x4.add(f32x4.add(f32x4.mul(keep, v128.load(state + o)), f32x4.mul(a, d)), v128.load(shock + o));
        v128.store(state + o, v);
        v128.store(rate + o, transfer(v, kind));
      }
      scatter(state, 0, b0, B, T, t, Nrec, states);
      matvec(W_out, Op, Nrec, rate, output, false);
      scatter(output, b_out, b0, B, T, t, Nout, outputs);
    }
  }
}

/**
 * BPTT. With g_t = ∂L/∂x_{t+1} (through every later step) and δ_t = α·g_t = ∂L/∂(W_rec·r_t + W_in·u_t + b_rec):
 *   g_t      = c_{t+1} + dStates_t + f′(x_{t+1}) ⊙ (W_outᵀ·dOutputs_t)
 *   c_t      = (1−α)·g_t + f′(x_t) ⊙ (W_recᵀ·δ_t)             (c_T = 0; c_0 summed over trials is ∂L/∂init_state)
 *   ∂W_out  += dOutputs_t ⊗ r_{t+1}    ∂b_out += dOutputs_t
 *   ∂W_in   += δ_t ⊗ u_t               ∂b_rec += δ_t
 *   ∂W_rec   = Σ_{b,t} δ_t ⊗ r_t        one blocked product after the recurrence, from the saved δ and r.
 * Inputs: x, init [Nrec], states, dOutputs [B,T,Nout], dStates [B,T,Nrec] (0: none), W_recT [Np][Nrec]
 * (W_rec transposed), W_outT [Np][Nout]. Scratch: rates ⌈B/4⌉·(T+1)·Np lanes, deltas ⌈B/4⌉·T·Np lanes,
 * work (5·Np + Nin + Nout + Nin·Np + Nout·Np) lanes. Outputs, unpadded and overwritten:
 * dW_rec [Nrec][Nrec], dW_in [Nrec][Nin], dW_out [Nout][Nrec], db_rec [Nrec], db_out [Nout], dInit [Nrec].
 */
export function backward(
  B: i32, T: i32, Nin: i32, Nrec: i32, Nout: i32, Np: i32, alpha: f32, kind: i32,
  x: usize, init: usize, states: usize, dOutputs: usize, dStates: usize, W_recT: usize, W_outT: usize,
  rates: usize, deltas: usize, work: usize,
  dW_rec: usize, dW_in: usize, dW_out: usize, db_rec: usize, db_out: usize, dInit: usize,
): void {
  const vec = <usize>Np * LANES;
  const carry = work; // c
  const g = carry + vec;
  const dS = g + vec; // dStates_t
  const back = dS + vec; // W_recᵀ·δ, then W_outᵀ·dy
  const dbRecAcc = back + vec; // per-lane sums, reduced at the end
  const input = dbRecAcc + vec; // u_t
  const dy = input + <usize>Nin * LANES; // dOutputs_t
  const dWinAcc = dy + <usize>Nout * LANES; // [Nin][Np] lanes
  const dWoutAcc = dWinAcc + <usize>Nin * vec; // [Nout][Np] lanes
  const dboutAcc = dWoutAcc + <usize>Nout * vec; // [Nout] lanes
  const keep = f32x4.splat(1 - alpha);
  const a = f32x4.splat(alpha);
  memory.fill(work, 0, 5 * vec + <usize>(Nin + Nout) * LANES + <usize>(Nin + Nout) * vec + <usize>Nout * LANES);
  memory.fill(dInit, 0, <usize>Nrec << 2);
  const trialRates = <usize>(T + 1) * vec;
  for (let b0 = 0; b0 < B; b0 += 4) {
    const r0 = rates + <usize>(b0 >> 2) * trialRates;
    const d0 = deltas + <usize>(b0 >> 2) * <usize>T * vec;
    // r_0 … r_T of these four trials, zero past N_rec
    memory.fill(r0, 0, trialRates);
    for (let i = 0; i < Nrec; i++) v128.store(r0 + <usize>i * LANES, transfer(v128.load32_splat(init + (<usize>i << 2)), kind));
    for (let t = 0; t < T; t++) {
      const r = r0 + <usize>(t + 1) * vec;
      gather(states, b0, B, T, t, Nrec, r);
      for (let i = 0; i < Nrec; i++) v128.store(r + <usize>i * LANES, transfer(v128.load(r + <usize>i * LANES), kind));
    }
    memory.fill(carry, 0, vec);
    for (let t = T - 1; t >= 0; t--) {
      const rNext = r0 + <usize>(t + 1) * vec;
      const rPrev = r0 + <usize>t * vec;
      const delta = d0 + <usize>t * vec;
      gather(dOutputs, b0, B, T, t, Nout, dy);
      gather(x, b0, B, T, t, Nin, input);
      if (dStates != 0) gather(dStates, b0, B, T, t, Nrec, dS);
      // g = c + dStates_t + f′(x_{t+1}) ⊙ W_outᵀ·dy;  δ = α·g
      matvec(W_outT, Np, Nout, dy, back, false);
      for (let i = 0; i < Nrec; i++) {
        const o = <usize>i * LANES;
        const slope = transferSlope(v128.load(rNext + o), kind);
        const gi = f32x4.add(f32x4.add(v128.load(carry + o), v128.load(dS + o)), f32x4.mul(slope, v128.load(back + o)));
        v128.store(g + o, gi);
        const di = f32x4.mul(a, gi);
        v128.store(delta + o, di);
        v128.store(dbRecAcc + o, f32x4.add(v128.load(dbRecAcc + o), di));
      }
      for (let o = 0; o < Nout; o++) {
        const d = v128.load(dy + <usize>o * LANES);
        v128.store(dboutAcc + <usize>o * LANES, f32x4.add(v128.load(dboutAcc + <usize>o * LANES), d));
        lanesAxpy(dWoutAcc + <usize>o * vec, d, rNext, Nrec);
      }
      for (let k = 0; k < Nin; k++) lanesAxpy(dWinAcc + <usize>k * vec, v128.load(input + <usize>k * LANES), delta, Nrec);
      // c = (1−α)·g + f′(x_t) ⊙ W_recᵀ·δ
      matvec(W_recT, Np, Nrec, delta, back, false);
      for (let j = 0; j < Nrec; j++) {
        const o = <usize>j * LANES;
        const slope = transferSlope(v128.load(rPrev + o), kind);
        v128.store(carry + o, f32x4.add(f32x4.mul(keep, v128.load(g + o)), f32x4.mul(slope, v128.load(back + o))));
      }
    }
    for (let j = 0; j < Nrec; j++) {
      const p = dInit + (<usize>j << 2);
      store<f32>(p, load<f32>(p) + laneSum(v128.load(carry + <usize>j * LANES)));
    }
  }
  for (let i = 0; i < Nrec; i++) {
    store<f32>(db_rec + (<usize>i << 2), laneSum(v128.load(dbRecAcc + <usize>i * LANES)));
    for (let k = 0; k < Nin; k++) {
      store<f32>(dW_in + (<usize>(i * Nin + k) << 2), laneSum(v128.load(dWinAcc + <usize>k * vec + <usize>i * LANES)));
    }
  }
  for (let o = 0; o < Nout; o++) {
    store<f32>(db_out + (<usize>o << 2), laneSum(v128.load(dboutAcc + <usize>o * LANES)));
    for (let j = 0; j < Nrec; j++) {
      store<f32>(dW_out + (<usize>(o * Nrec + j) << 2), laneSum(v128.load(dWoutAcc + <usize>o * vec + <usize>j * LANES)));
    }
  }
  outerProductSum((B + 3) >> 2, T, Nrec, Np, deltas, rates, dW_rec);
}

/** acc[i] += s·v[i] for i < n, lanes per unit */
@inline function lanesAxpy(acc: usize, s: v128, v: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i * LANES;
    v128.store(acc + o, f32x4.add(v128.load(acc + o), f32x4.mul(s, v128.load(v + o))));
  }
}

/** Steps per tile of the outer-product sum: the tile's δ and r stay in cache across all (i, j) blocks. */
const TILE_STEPS = 32;

/**
 * out[i][j] = Σ_{blocks, t, lanes} δ[t][i]·r[t][j] for i, j < Nrec (rates has T+1 steps per block of four
 * trials; the last is not used). Blocks of 4 rows i × 2 columns j accumulate in eight f32x4 registers over a
 * tile of steps, then their lanes are summed into out.
 */
function outerProductSum(blocks: i32, T: i32, Nrec: i32, Np: i32, deltas: usize, rates: usize, out: usize): void {
  const vec = <usize>Np * LANES;
  memory.fill(out, 0, <usize>(Nrec * Nrec) << 2);
  for (let blk = 0; blk < blocks; blk++) {
    for (let t0 = 0; t0 < T; t0 += TILE_STEPS) {
      const n = min(TILE_STEPS, T - t0);
      const dTile = deltas + <usize>(blk * T + t0) * vec;
      const rTile = rates + <usize>(blk * (T + 1) + t0) * vec;
      for (let i = 0; i < Np; i += 4) {
        for (let j = 0; j < Np; j += 2) {
          let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
          let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
          let d = dTile + <usize>i * LANES;
          let r = rTile + <usize>j * LANES;
          for (let t = 0; t < n; t++) {
            const rj = v128.load(r);
            const rk = v128.load(r, 16);
            const d0 = v128.load(d);
            const d1 = v128.load(d, 16);
            const d2 = v128.load(d, 32);
            const d3 = v128.load(d, 48);
            a0 = f32x4.add(a0, f32x4.mul(d0, rj));
            c0 = f32x4.add(c0, f32x4.mul(d0, rk));
            a1 = f32x4.add(a1, f32x4.mul(d1, rj));
            c1 = f32x4.add(c1, f32x4.mul(d1, rk));
            a2 = f32x4.add(a2, f32x4.mul(d2, rj));
            c2 = f32x4.add(c2, f32x4.mul(d2, rk));
            a3 = f32x4.add(a3, f32x4.mul(d3, rj));
            c3 = f32x4.add(c3, f32x4.mul(d3, rk));
            d += vec;
            r += vec;
          }
          addTo(out, Nrec, i, j, a0);
          addTo(out, Nrec, i, j + 1, c0);
          addTo(out, Nrec, i + 1, j, a1);
          addTo(out, Nrec, i + 1, j + 1, c1);
          addTo(out, Nrec, i + 2, j, a2);
          addTo(out, Nrec, i + 2, j + 1, c2);
          addTo(out, Nrec, i + 3, j, a3);
          addTo(out, Nrec, i + 3, j + 1, c3);
        }
      }
    }
  }
}

/** out[i][j] += Σ lanes of v, inside N_rec × N_rec only */
@inline function addTo(out: usize, Nrec: i32, i: i32, j: i32, v: v128): void {
  if (i < Nrec && j < Nrec) {
    const p = out + (<usize>(i * Nrec + j) << 2);
    store<f32>(p, load<f32>(p) + laneSum(v));
  }
}
