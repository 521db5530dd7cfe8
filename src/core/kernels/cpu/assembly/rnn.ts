/**
 * Fused whole-sequence forward and backward (BPTT) of PsychRNN's Basic rate RNN (reference §3.2), in
 * AssemblyScript compiled to WebAssembly with 128-bit SIMD. Built by scripts/build-kernels.mjs.
 *
 * For each trial, from x_0 = init_state, for t = 0 … T−1:
 *   r_t     = f(x_t)
 *   x_{t+1} = (1−α)·x_t + α·(W_rec·r_t + W_in·u_t + b_rec) + noise_t      states[t] = x_{t+1}
 *   y_t     = W_out·f(x_{t+1}) + b_out                                      outputs[t] = y_t
 * W[i][j] connects presynaptic j to postsynaptic i (row-major [post, pre]); f and f′ in ./transfer.ts.
 *
 * SIMD runs across trials: eight trials advance together (./blocks.ts), so a matrix–vector product is
 * Σ_j splat(W[i][j])·v[j] with no horizontal sums. Steps are processed in chunks of CHUNK: a chunk's inputs are
 * transposed from the caller's batch-major arrays [B, T, n] into lane buffers once, and its results transposed
 * back. B must be a multiple of 8 (the wrapper pads with zero trials, which add nothing to any gradient).
 * Biases ride as an extra weight column against a constant-1 unit r[N_rec] kept in every rate buffer.
 * Scratch starts at `scratch` (16-byte aligned); the kernel lays it out and grows memory to fit. Arithmetic is f32.
 */
import {
  CHUNK, UNIT, chunkSteps, fromLanes, matvec, outerSum, pack, packedBytes, roundUp, setOnes, splatUnits, sumLanes, toLanes,
} from './blocks';
import { reserve } from './memory';
import { transfer, transferSlope } from './transfer';

export { heapBase, reservedEnd, resetReserved } from './memory';

/**
 * Forward over B trials of T steps: x [B,T,Nin], noise [B,T,Nrec] (0: none), W_rec [Nrec][Nrec], W_in [Nrec][Nin],
 * W_out [Nout][Nrec], b_rec [Nrec], b_out [Nout], init [Nrec] → states [B,T,Nrec], outputs [B,T,Nout].
 */
export function forward(
  B: i32, T: i32, Nin: i32, Nrec: i32, Nout: i32, alpha: f32, kind: i32,
  x: usize, noise: usize, W_rec: usize, W_in: usize, W_out: usize, b_rec: usize, b_out: usize, init: usize,
  states: usize, outputs: usize, scratch: usize,
): void {
  const R4 = roundUp(Nrec, 4); // rows of the recurrent product
  const P = roundUp(Nrec + 1, 4); // units per step of N_rec-sized lane buffers (unit N_rec: bias)
  const Ip = roundUp(Nin, 4);
  const Op = roundUp(Nout, 4);
  const vec = <usize>P * UNIT;
  const wRec = scratch; // [W_rec | b_rec] packed
  const wIn = wRec + packedBytes(Nrec, Nrec + 1);
  const wOut = wIn + packedBytes(Nrec, Nin); // [W_out | b_out] packed
  const state = wOut + packedBytes(Nout, Nrec + 1); // x_t
  const rate = state + vec; // [f(x_t); 1; 0 …]
  const drive = rate + vec; // [W_rec | b_rec]·[r_t; 1] + W_in·u_t
  const u = drive + vec; // CHUNK × Ip: u_t
  const xi = u + <usize>(CHUNK * Ip) * UNIT; // CHUNK × P: noise_t
  const xs = xi + <usize>CHUNK * vec; // CHUNK × P: x_{t+1}
  const ys = xs + <usize>CHUNK * vec; // CHUNK × Op: y_t
  const end = ys + <usize>(CHUNK * Op) * UNIT;
  reserve(end);
  memory.fill(state, 0, end - state);
  pack(W_rec, Nrec, Nrec, Nrec, 1, b_rec, wRec);
  pack(W_in, Nrec, Nin, Nin, 1, 0, wIn);
  pack(W_out, Nout, Nrec, Nrec, 1, b_out, wOut);
  setOnes(rate, 1, P, Nrec);
  const keep = f32x4.splat(1 - alpha);
  const a = f32x4.splat(alpha);
  for (let b0 = 0; b0 < B; b0 += 8) {
    splatUnits(init, Nrec, state);
    for (let o: usize = 0; o < <usize>Nrec * UNIT; o += 16) v128.store(rate + o, transfer(v128.load(state + o), kind));
    for (let t0 = 0; t0 < T; t0 += CHUNK) {
      const steps = min(CHUNK, T - t0);
      toLanes(x, T, Nin, b0, t0, steps, u, Ip);
      if (noise != 0) toLanes(noise, T, Nrec, b0, t0, steps, xi, P);
      for (let s = 0; s < steps; s++) {
        matvec(R4, wRec, Nrec + 1, rate, wIn, Nin, u + <usize>(s * Ip) * UNIT, drive);
        const next = xs + <usize>s * vec;
        const shock = xi + <usize>s * vec;
        for (let o: usize = 0; o < <usize>Nrec * UNIT; o += 16) {
          const v = f32x4.add(
            f32x4.add(f32x4.mul(keep, v128.load(state + o)), f32x4.mul(a, v128.load(drive + o))),
            v128.load(shock + o),
          );
          v128.store(state + o, v);
          v128.store(next + o, v);
          v128.store(rate + o, transfer(v, kind));
        }
        matvec(Op, wOut, Nrec + 1, rate, 0, 0, 0, ys + <usize>(s * Op) * UNIT);
      }
      fromLanes(xs, P, states, T, Nrec, b0, t0, steps);
      fromLanes(ys, Op, outputs, T, Nout, b0, t0, steps);
    }
  }
}

/**
 * BPTT. With g_t = ∂L/∂x_{t+1} (through every later step), δ_t = α·g_t = ∂L/∂(W_rec·r_t + W_in·u_t + b_rec) and
 * s_t = f′(x_t), one recurrent product per step, for t = T … 1 (g_T = δ_T = 0):
 *   g_{t−1} = (1−α)·g_t + s_t ⊙ (W_recᵀ·δ_t + W_outᵀ·dOutputs_{t−1}) + dStates_{t−1}
 * and ∂L/∂init_state = Σ_trials (1−α)·g_0 + s_0 ⊙ W_recᵀ·δ_0. After each chunk, its steps and trials add
 *   [∂W_rec | ∂b_rec] += δ_t ⊗ [r_t; 1]     ∂W_in += δ_t ⊗ u_t     [∂W_out | ∂b_out] += dOutputs_t ⊗ [r_{t+1}; 1]
 * Inputs: x, init [Nrec], states, dOutputs [B,T,Nout], dStates [B,T,Nrec] (0: none), W_rec, W_out.
 * Outputs, overwritten: dW_rec [Nrec][Nrec], dW_in [Nrec][Nin], dW_out [Nout][Nrec], db_rec, db_out, dInit.
 */
export function backward(
  B: i32, T: i32, Nin: i32, Nrec: i32, Nout: i32, alpha: f32, kind: i32,
  x: usize, init: usize, states: usize, dOutputs: usize, dStates: usize, W_rec: usize, W_out: usize, scratch: usize,
  dW_rec: usize, dW_in: usize, dW_out: usize, db_rec: usize, db_out: usize, dInit: usize,
): void {
  const R4 = roundUp(Nrec, 4);
  const P = roundUp(Nrec + 1, 4);
  const Ip = roundUp(Nin, 4);
  const Op = roundUp(Nout, 4);
  const C2 = roundUp(Nrec + 1, 2); // columns of [r; 1] in the outer-product sums
  const I2 = roundUp(Nin, 2);
  const vec = <usize>P * UNIT;
  const wRecT = scratch; // W_recᵀ packed
  const wOutT = wRecT + packedBytes(Nrec, Nrec); // W_outᵀ packed
  const accRec = wOutT + packedBytes(Nrec, Nout); // [C2][R4]: [∂W_rec | ∂b_rec]ᵀ
  const accIn = accRec + (<usize>(C2 * R4) << 2); // [I2][R4]: ∂W_inᵀ
  const accOut = accIn + (<usize>(I2 * R4) << 2); // [C2][Op]: [∂W_out | ∂b_out]ᵀ
  const g = accOut + (<usize>(C2 * Op) << 2); // g_t
  const acc = g + vec; // the step's product
  const dInitLanes = acc + vec;
  const D = dInitLanes + vec; // (CHUNK+1) × P: δ_t, t ∈ [t0, t1]
  const Rt = D + <usize>(CHUNK + 1) * vec; // (CHUNK+1) × P: [r_t; 1], t ∈ [t0, t1]
  const u = Rt + <usize>(CHUNK + 1) * vec; // CHUNK × Ip: u_t
  const dy = u + <usize>(CHUNK * Ip) * UNIT; // CHUNK × Op: dOutputs_t
  const dS = dy + <usize>(CHUNK * Op) * UNIT; // CHUNK × P: dStates_t
  const end = dS + <usize>CHUNK * vec;
  reserve(end);
  memory.fill(accRec, 0, end - accRec);
  pack(W_rec, Nrec, Nrec, 1, Nrec, 0, wRecT);
  pack(W_out, Nrec, Nout, 1, Nrec, 0, wOutT);
  setOnes(Rt, CHUNK + 1, P, Nrec);
  const keep = f32x4.splat(1 - alpha);
  const a = f32x4.splat(alpha);
  const units = <usize>Nrec * UNIT;
  for (let b0 = 0; b0 < B; b0 += 8) {
    memory.fill(g, 0, vec);
    memory.fill(D + <usize>chunkSteps(T) * vec, 0, vec); // δ_T = 0
    let t1 = T;
    while (t1 > 0) {
      const steps = chunkSteps(t1);
      const t0 = t1 - steps;
      if (t0 == 0) {
        splatUnits(init, Nrec, Rt);
        toLanes(states, T, Nrec, b0, 0, steps, Rt + vec, P);
      } else {
        toLanes(states, T, Nrec, b0, t0 - 1, steps + 1, Rt, P);
      }
      for (let s = 0; s <= steps; s++) {
        const r = Rt + <usize>s * vec;
        for (let o: usize = 0; o < units; o += 16) v128.store(r + o, transfer(v128.load(r + o), kind));
      }
      toLanes(x, T, Nin, b0, t0, steps, u, Ip);
      toLanes(dOutputs, T, Nout, b0, t0, steps, dy, Op);
      if (dStates != 0) toLanes(dStates, T, Nrec, b0, t0, steps, dS, P);
      for (let s = steps; s > 0; s--) {
        matvec(R4, wRecT, Nrec, D + <usize>s * vec, wOutT, Nout, dy + <usize>((s - 1) * Op) * UNIT, acc);
        const r = Rt + <usize>s * vec;
        const dsPrev = dS + <usize>(s - 1) * vec;
        const dPrev = D + <usize>(s - 1) * vec;
        for (let o: usize = 0; o < units; o += 16) {
          const gNew = f32x4.add(
            f32x4.add(f32x4.mul(keep, v128.load(g + o)), f32x4.mul(transferSlope(v128.load(r + o), kind), v128.load(acc + o))),
            v128.load(dsPrev + o),
          );
          v128.store(g + o, gNew);
          v128.store(dPrev + o, f32x4.mul(a, gNew));
        }
      }
      outerSum(D, P, R4, Rt, P, C2, steps, accRec);
      outerSum(D, P, R4, u, Ip, I2, steps, accIn);
      outerSum(dy, Op, Op, Rt + vec, P, C2, steps, accOut);
      if (t0 == 0) {
        matvec(R4, wRecT, Nrec, D, 0, 0, 0, acc);
        for (let o: usize = 0; o < units; o += 16) {
          const c = f32x4.add(f32x4.mul(keep, v128.load(g + o)), f32x4.mul(transferSlope(v128.load(Rt + o), kind), v128.load(acc + o)));
          v128.store(dInitLanes + o, f32x4.add(v128.load(dInitLanes + o), c));
        }
      } else {
        memory.copy(D + <usize>chunkSteps(t0) * vec, D, vec); // δ_{t0} tops the next chunk
      }
      t1 = t0;
    }
  }
  for (let i = 0; i < Nrec; i++) {
    for (let j = 0; j < Nrec; j++) store<f32>(dW_rec + (<usize>(i * Nrec + j) << 2), load<f32>(accRec + (<usize>(j * R4 + i) << 2)));
    for (let k = 0; k < Nin; k++) store<f32>(dW_in + (<usize>(i * Nin + k) << 2), load<f32>(accIn + (<usize>(k * R4 + i) << 2)));
    store<f32>(db_rec + (<usize>i << 2), load<f32>(accRec + (<usize>(Nrec * R4 + i) << 2)));
  }
  sumLanes(dInitLanes, Nrec, dInit);
  for (let o = 0; o < Nout; o++) {
    for (let j = 0; j < Nrec; j++) store<f32>(dW_out + (<usize>(o * Nrec + j) << 2), load<f32>(accOut + (<usize>(j * Op + o) << 2)));
    store<f32>(db_out + (<usize>o << 2), load<f32>(accOut + (<usize>(Nrec * Op + o) << 2)));
  }
}
