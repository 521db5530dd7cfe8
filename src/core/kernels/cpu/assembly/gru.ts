/**
 * Fused whole-sequence forward and backward (BPTT) of CogRNN's GRU (model/gru.ts; PsychRNN has no GRU), in
 * AssemblyScript compiled to WebAssembly with 128-bit SIMD. Built by scripts/build-kernels.mjs.
 *
 * For each trial, from h_{−1} = init_hidden, for t = 0 … T−1, with z_t = [h_{t−1}; u_t]:
 *   r_t = σ(W_rᵀ·z_t + b_r),  g_t = σ(W_uᵀ·z_t + b_u)                (W_* [N_rec + N_in][N_rec]: h rows first)
 *   c̃_t = tanh(W_cᵀ·[r_t ⊙ h_{t−1}; u_t] + b_c)
 *   h_t = g_t ⊙ h_{t−1} + (1 − g_t) ⊙ c̃_t                             states[t] = h_t
 *   y_t = W_out·h_t + b_out                                          outputs[t] = y_t
 *
 * As ./lstm.ts: SIMD across eight trials (./blocks.ts), steps in chunks of CHUNK, B a multiple of 8, biases as an
 * extra weight column against a constant-1 unit N_rec; r and g are one product of 2·R4 rows, the candidate a second
 * one on [r ⊙ h; 1]. Initial state: row b of init_hidden for trial b when `perRow`, otherwise row 0. Arithmetic f32.
 */
import {
  CHUNK, UNIT, chunkSteps, fromLanes, matvec, outerSum, pack, packedBytes, roundUp, setOnes, sumLanes, toLanes,
} from './blocks';
import { candidateBackward, gateForward, gatesBackward, packRowsT, stateForward } from './gru-blocks';
import { loadInitial } from './lstm-blocks';
import { reserve } from './memory';

export { heapBase } from './memory';

/**
 * Packs [W_gᵀ,h | b_g] at `wH` and W_gᵀ,u at `wIn` for the `count` matrices of W from `first` on (r, u: the gates;
 * c: the candidate), so that matvec(count·R4, wH, N_rec + 1, [a; 1], wIn, N_in, u) = their pre-activations.
 */
function packInputs(W: usize, b: usize, first: i32, count: i32, Nrec: i32, Nin: i32, wH: usize, wIn: usize): void {
  const gate = <usize>((Nrec + Nin) * Nrec) << 2;
  for (let k = 0; k < count; k++) {
    const Wg = W + <usize>(first + k) * gate;
    pack(Wg, Nrec, Nrec, 1, Nrec, b + (<usize>((first + k) * Nrec) << 2), wH + <usize>k * packedBytes(Nrec, Nrec + 1));
    pack(Wg + (<usize>(Nrec * Nrec) << 2), Nrec, Nin, 1, Nrec, 0, wIn + <usize>k * packedBytes(Nrec, Nin));
  }
}

/**
 * Packs the gates' and the candidate's forward products from `at` on (no allocation: the stub runtime's heap is
 * the wrapper's arrays): gates [W | b] at `at`, their input rows after, then the candidate's. Returns the end.
 */
function packForward(W: usize, b: usize, Nrec: i32, Nin: i32, at: usize): usize {
  const hBytes = packedBytes(Nrec, Nrec + 1);
  const inBytes = packedBytes(Nrec, Nin);
  const end = at + 3 * (hBytes + inBytes);
  reserve(end);
  packInputs(W, b, 0, 2, Nrec, Nin, at, at + 2 * hBytes);
  packInputs(W, b, 2, 1, Nrec, Nin, at + 2 * (hBytes + inBytes), at + 2 * (hBytes + inBytes) + hBytes);
  return end;
}

/**
 * Forward over B trials of T steps: x [B,T,Nin], W [3][Nrec+Nin][Nrec] (r, u, c), b [3][Nrec], W_out [Nout][Nrec],
 * b_out [Nout], init_hidden [B or 1, Nrec] → states (h) [B,T,Nrec], outputs [B,T,Nout].
 */
export function forward(
  B: i32, T: i32, Nin: i32, Nrec: i32, Nout: i32, perRow: bool,
  x: usize, W: usize, b: usize, W_out: usize, b_out: usize, init_hidden: usize,
  states: usize, outputs: usize, scratch: usize,
): void {
  const R4 = roundUp(Nrec, 4);
  const P = roundUp(Nrec + 1, 4);
  const Ip = roundUp(Nin, 4);
  const Op = roundUp(Nout, 4);
  const vec = <usize>P * UNIT;
  const gs = <usize>R4 * UNIT;
  const wGH = scratch; // packForward's layout
  const wGIn = wGH + 2 * packedBytes(Nrec, Nrec + 1);
  const wCH = wGIn + 2 * packedBytes(Nrec, Nin);
  const wCIn = wCH + packedBytes(Nrec, Nrec + 1);
  const wOut = packForward(W, b, Nrec, Nin, scratch);
  const hidden = wOut + packedBytes(Nout, Nrec + 1); // [h; 1; 0 …]
  const resetHidden = hidden + vec; // [r ⊙ h; 1; 0 …]
  const pre = resetHidden + vec; // 2 × R4: the gates' pre-activations
  const preC = pre + 2 * gs; // R4: the candidate's
  const u = preC + gs;
  const hs = u + <usize>(CHUNK * Ip) * UNIT;
  const ys = hs + <usize>CHUNK * vec;
  const end = ys + <usize>(CHUNK * Op) * UNIT;
  reserve(end);
  memory.fill(hidden, 0, end - hidden);
  pack(W_out, Nout, Nrec, Nrec, 1, b_out, wOut);
  setOnes(hidden, 1, P, Nrec);
  setOnes(resetHidden, 1, P, Nrec);
  for (let b0 = 0; b0 < B; b0 += 8) {
    loadInitial(init_hidden, perRow, Nrec, b0, hidden);
    for (let t0 = 0; t0 < T; t0 += CHUNK) {
      const steps = min(CHUNK, T - t0);
      toLanes(x, T, Nin, b0, t0, steps, u, Ip);
      for (let s = 0; s < steps; s++) {
        const us = u + <usize>(s * Ip) * UNIT;
        matvec(2 * R4, wGH, Nrec + 1, hidden, wGIn, Nin, us, pre);
        gateForward(Nrec, pre, gs, hidden, resetHidden);
        matvec(R4, wCH, Nrec + 1, resetHidden, wCIn, Nin, us, preC);
        stateForward(Nrec, pre, gs, preC, hidden, hs + <usize>s * vec);
        matvec(Op, wOut, Nrec + 1, hidden, 0, 0, 0, ys + <usize>(s * Op) * UNIT);
      }
      fromLanes(hs, P, states, T, Nrec, b0, t0, steps);
      fromLanes(ys, Op, outputs, T, Nout, b0, t0, steps);
    }
  }
}

/** dst[·] += src[·] over `bytes` (a multiple of 16) */
function addInto(dst: usize, src: usize, bytes: usize): void {
  for (let o: usize = 0; o < bytes; o += 16) v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
}

/** W[g][k][j] ← acc[k·G + g·R4 + j] for the `count` matrices from `first` on: rows k < Nrec from accH (+ the bias
 * row Nrec into db), rows Nrec + k from accIn. */
function unpack(acc: usize, accIn: usize, G: i32, R4: i32, first: i32, count: i32, Nrec: i32, Nin: i32, dW: usize, db: usize): void {
  const gate = (Nrec + Nin) * Nrec;
  for (let g = 0; g < count; g++) {
    const m = first + g;
    for (let i = 0; i < Nrec; i++) {
      const col = g * R4 + i;
      for (let j = 0; j < Nrec; j++) store<f32>(dW + (<usize>(m * gate + j * Nrec + i) << 2), load<f32>(acc + (<usize>(j * G + col) << 2)));
      for (let k = 0; k < Nin; k++) store<f32>(dW + (<usize>(m * gate + (Nrec + k) * Nrec + i) << 2), load<f32>(accIn + (<usize>(k * G + col) << 2)));
      store<f32>(db + (<usize>(m * Nrec + i) << 2), load<f32>(acc + (<usize>(Nrec * G + col) << 2)));
    }
  }
}

/**
 * BPTT, for t = T−1 … 0 with the gates recomputed from z_t. With ∂h_t = W_r,h·δ_{r,t+1} + W_u,h·δ_{g,t+1} + carry_{t+1}
 * + W_outᵀ·dOutputs_t + dStates_t (./gru-blocks.ts for δ_c, δ_g, δ_r and the carry ∂h_t⊙g_t + ∂(r⊙h)_t⊙r_t):
 *   [∂W_{r,u},h | ∂b_{r,u}] += [h_{t−1}; 1] ⊗ [δ_r; δ_g]     [∂W_c,h | ∂b_c] += [r_t ⊙ h_{t−1}; 1] ⊗ δ_c
 *   ∂W_{r,u},u += u_t ⊗ [δ_r; δ_g]    ∂W_c,u += u_t ⊗ δ_c    [∂W_out | ∂b_out] += dOutputs_t ⊗ [h_t; 1]
 *   ∂h_{−1} = W_r,h·δ_{r,0} + W_u,h·δ_{g,0} + carry_0
 * Inputs: x, W, b, W_out, init_hidden, states [B,T,Nrec], dOutputs [B,T,Nout], dStates (0: none). Outputs,
 * overwritten: dW [3][Nrec+Nin][Nrec], db [3][Nrec], dW_out, db_out, dInit_hidden ([B][Nrec] when `perRow`, else [Nrec]).
 */
export function backward(
  B: i32, T: i32, Nin: i32, Nrec: i32, Nout: i32, perRow: bool,
  x: usize, W: usize, b: usize, W_out: usize, init_hidden: usize,
  states: usize, dOutputs: usize, dStates: usize, scratch: usize,
  dW: usize, db: usize, dW_out: usize, db_out: usize, dInit_hidden: usize,
): void {
  const R4 = roundUp(Nrec, 4);
  const G = 2 * R4;
  const P = roundUp(Nrec + 1, 4);
  const Ip = roundUp(Nin, 4);
  const Op = roundUp(Nout, 4);
  const C2 = roundUp(Nrec + 1, 2);
  const I2 = roundUp(Nin, 2);
  const vec = <usize>P * UNIT;
  const gvec = <usize>G * UNIT;
  const cvec = <usize>R4 * UNIT;
  const wGH = scratch; // packForward's layout
  const wGIn = wGH + 2 * packedBytes(Nrec, Nrec + 1);
  const wCH = wGIn + 2 * packedBytes(Nrec, Nin);
  const wCIn = wCH + packedBytes(Nrec, Nrec + 1);
  const wGT = packForward(W, b, Nrec, Nin, scratch); // [W_r,h | W_u,h] packed: matvec(R4, wGT, G, δ_g) = W_r,h·δ_r + W_u,h·δ_g
  const wCT = wGT + (<usize>(R4 * G) << 2); // W_c,h packed: matvec(R4, wCT, R4, δ_c) = ∂(r ⊙ h)
  const wOutT = wCT + (<usize>(R4 * R4) << 2);
  const accG = wOutT + packedBytes(Nrec, Nout); // [C2][G]
  const accGIn = accG + (<usize>(C2 * G) << 2); // [I2][G]
  const accC = accGIn + (<usize>(I2 * G) << 2); // [C2][R4]
  const accCIn = accC + (<usize>(C2 * R4) << 2); // [I2][R4]
  const accOut = accCIn + (<usize>(I2 * R4) << 2); // [C2][Op]
  const dh = accOut + (<usize>(C2 * Op) << 2);
  const dRH = dh + vec; // ∂(r ⊙ h)
  const carry = dRH + vec;
  const dInitH = carry + vec;
  const pre = dInitH + vec; // G units
  const preC = pre + gvec; // R4 units
  const D = preC + cvec; // (CHUNK+1) × G: [δ_r; δ_g]_t, t ∈ [t0, t1]
  const Dc = D + <usize>(CHUNK + 1) * gvec; // CHUNK × R4: δ_c
  const H = Dc + <usize>CHUNK * cvec; // (CHUNK+1) × P: [h_t; 1], t ∈ [t0−1, t1−1]
  const RH = H + <usize>(CHUNK + 1) * vec; // CHUNK × P: [r_t ⊙ h_{t−1}; 1]
  const u = RH + <usize>CHUNK * vec;
  const dy = u + <usize>(CHUNK * Ip) * UNIT;
  const dS = dy + <usize>(CHUNK * Op) * UNIT;
  const end = dS + <usize>CHUNK * vec;
  reserve(end);
  memory.fill(wGT, 0, end - wGT);
  packRowsT(W, 0, 2, Nrec, Nin, R4, wGT);
  packRowsT(W, 2, 1, Nrec, Nin, R4, wCT);
  pack(W_out, Nrec, Nout, 1, Nrec, 0, wOutT);
  setOnes(H, CHUNK + 1, P, Nrec);
  setOnes(RH, CHUNK, P, Nrec);
  const gs = <usize>R4 * UNIT;
  for (let b0 = 0; b0 < B; b0 += 8) {
    memory.fill(carry, 0, vec);
    memory.fill(D + <usize>chunkSteps(T) * gvec, 0, gvec); // δ_T = 0
    let t1 = T;
    while (t1 > 0) {
      const steps = chunkSteps(t1);
      const t0 = t1 - steps;
      if (t0 == 0) {
        loadInitial(init_hidden, perRow, Nrec, b0, H);
        toLanes(states, T, Nrec, b0, 0, steps, H + vec, P);
      } else {
        toLanes(states, T, Nrec, b0, t0 - 1, steps + 1, H, P);
      }
      toLanes(x, T, Nin, b0, t0, steps, u, Ip);
      toLanes(dOutputs, T, Nout, b0, t0, steps, dy, Op);
      if (dStates != 0) toLanes(dStates, T, Nrec, b0, t0, steps, dS, P);
      for (let s = steps - 1; s >= 0; s--) {
        const hPrev = H + <usize>s * vec;
        const us = u + <usize>(s * Ip) * UNIT;
        const rh = RH + <usize>s * vec;
        matvec(G, wGH, Nrec + 1, hPrev, wGIn, Nin, us, pre);
        gateForward(Nrec, pre, gs, hPrev, rh);
        matvec(R4, wCH, Nrec + 1, rh, wCIn, Nin, us, preC);
        matvec(R4, wGT, G, D + <usize>(s + 1) * gvec, wOutT, Nout, dy + <usize>(s * Op) * UNIT, dh);
        const dc = Dc + <usize>s * cvec;
        candidateBackward(Nrec, pre, gs, preC, hPrev, dh, dS + <usize>s * vec, carry, dc, D + <usize>s * gvec);
        matvec(R4, wCT, R4, dc, 0, 0, 0, dRH);
        gatesBackward(Nrec, pre, gs, hPrev, dRH, dh, carry, D + <usize>s * gvec);
      }
      outerSum(D, G, G, H, P, C2, steps, accG);
      outerSum(D, G, G, u, Ip, I2, steps, accGIn);
      outerSum(Dc, R4, R4, RH, P, C2, steps, accC);
      outerSum(Dc, R4, R4, u, Ip, I2, steps, accCIn);
      outerSum(dy, Op, Op, H + vec, P, C2, steps, accOut);
      if (t0 == 0) {
        matvec(R4, wGT, G, D, 0, 0, 0, dh);
        addInto(dh, carry, <usize>R4 * UNIT);
        if (perRow) fromLanes(dh, P, dInit_hidden, 1, Nrec, b0, 0, 1);
        else addInto(dInitH, dh, <usize>Nrec * UNIT);
      } else {
        memory.copy(D + <usize>chunkSteps(t0) * gvec, D, gvec); // δ_{t0} tops the next chunk
      }
      t1 = t0;
    }
  }
  if (!perRow) sumLanes(dInitH, Nrec, dInit_hidden);
  unpack(accG, accGIn, G, R4, 0, 2, Nrec, Nin, dW, db);
  unpack(accC, accCIn, R4, R4, 2, 1, Nrec, Nin, dW, db);
  for (let o = 0; o < Nout; o++) {
    for (let j = 0; j < Nrec; j++) store<f32>(dW_out + (<usize>(o * Nrec + j) << 2), load<f32>(accOut + (<usize>(j * Op + o) << 2)));
    store<f32>(db_out + (<usize>o << 2), load<f32>(accOut + (<usize>(Nrec * Op + o) << 2)));
  }
}
