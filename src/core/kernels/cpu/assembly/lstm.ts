/**
 * Fused whole-sequence forward and backward (BPTT) of PsychRNN's LSTM (reference §3.4), in AssemblyScript
 * compiled to WebAssembly with 128-bit SIMD. Built by scripts/build-kernels.mjs.
 *
 * For each trial, from h_{−1} = init_hidden, c_{−1} = init_cell, for t = 0 … T−1, with z_t = [h_{t−1}; u_t]:
 *   g_t = W_gᵀ·z_t + b_g  for the gates g = f, i, c, o          (W_g [N_rec + N_in][N_rec]: h rows first)
 *   c_t = σ(g_f)⊙c_{t−1} + σ(g_i)⊙tanh(g_c)                      cells[t] = c_t
 *   h_t = σ(g_o)⊙σ(c_t)   (PsychRNN's σ where the usual LSTM has tanh)   states[t] = h_t
 *   y_t = W_out·h_t + b_out                                      outputs[t] = y_t
 *
 * As in ./rnn.ts: SIMD runs across trials, eight at a time (./blocks.ts); steps go in chunks of CHUNK through
 * lane buffers; B must be a multiple of 8 (the wrapper pads with zero trials); biases ride as an extra weight
 * column against a constant-1 unit h[N_rec]. The four gates' products are one matrix–vector product of 4·R4 rows
 * (./lstm-blocks.ts). Scratch starts at `scratch` (16-byte aligned) and memory grows to fit. Arithmetic is f32.
 * Initial states: row b of init_hidden/init_cell for trial b when `perRow`, otherwise row 0 for every trial.
 */
import {
  CHUNK, UNIT, chunkSteps, fromLanes, matvec, outerSum, pack, packedBytes, roundUp, setOnes, sumLanes, toLanes,
} from './blocks';
import { cellBackward, cellForward, loadInitial, packHiddenT } from './lstm-blocks';
import { reserve } from './memory';

export { heapBase } from './memory';

/**
 * Packs the four gates for the forward product: [W_gᵀ,h | b_g] at `wH` and W_gᵀ,u at `wIn`, gate after gate,
 * so that matvec(4·R4, wH, N_rec + 1, [h; 1], wIn, N_in, u) = the pre-activations of all four gates.
 */
function packGates(W: usize, b: usize, Nrec: i32, Nin: i32, wH: usize, wIn: usize): void {
  const gate = <usize>((Nrec + Nin) * Nrec) << 2;
  for (let g = 0; g < 4; g++) {
    const Wg = W + <usize>g * gate;
    pack(Wg, Nrec, Nrec, 1, Nrec, b + (<usize>(g * Nrec) << 2), wH + <usize>g * packedBytes(Nrec, Nrec + 1));
    pack(Wg + (<usize>(Nrec * Nrec) << 2), Nrec, Nin, 1, Nrec, 0, wIn + <usize>g * packedBytes(Nrec, Nin));
  }
}

/**
 * Forward over B trials of T steps: x [B,T,Nin], W [4][Nrec+Nin][Nrec], b [4][Nrec], W_out [Nout][Nrec], b_out [Nout],
 * init_hidden and init_cell [B or 1, Nrec] → states (h) and cells (c) [B,T,Nrec], outputs [B,T,Nout].
 */
export function forward(
  B: i32, T: i32, Nin: i32, Nrec: i32, Nout: i32, perRow: bool,
  x: usize, W: usize, b: usize, W_out: usize, b_out: usize, init_hidden: usize, init_cell: usize,
  states: usize, cells: usize, outputs: usize, scratch: usize,
): void {
  const R4 = roundUp(Nrec, 4);
  const P = roundUp(Nrec + 1, 4); // units per step of N_rec-sized lane buffers (unit N_rec: bias)
  const Ip = roundUp(Nin, 4);
  const Op = roundUp(Nout, 4);
  const vec = <usize>P * UNIT;
  const gs = <usize>R4 * UNIT; // gate stride in the pre-activations
  const wH = scratch;
  const wIn = wH + 4 * packedBytes(Nrec, Nrec + 1);
  const wOut = wIn + 4 * packedBytes(Nrec, Nin); // [W_out | b_out] packed
  const hidden = wOut + packedBytes(Nout, Nrec + 1); // [h; 1; 0 …]
  const cell = hidden + vec;
  const pre = cell + vec; // 4 × R4: g_t
  const u = pre + 4 * gs; // CHUNK × Ip: u_t
  const hs = u + <usize>(CHUNK * Ip) * UNIT; // CHUNK × P: h_t
  const cs = hs + <usize>CHUNK * vec; // CHUNK × P: c_t
  const ys = cs + <usize>CHUNK * vec; // CHUNK × Op: y_t
  const end = ys + <usize>(CHUNK * Op) * UNIT;
  reserve(end);
  memory.fill(hidden, 0, end - hidden);
  packGates(W, b, Nrec, Nin, wH, wIn);
  pack(W_out, Nout, Nrec, Nrec, 1, b_out, wOut);
  setOnes(hidden, 1, P, Nrec);
  for (let b0 = 0; b0 < B; b0 += 8) {
    loadInitial(init_hidden, perRow, Nrec, b0, hidden);
    loadInitial(init_cell, perRow, Nrec, b0, cell);
    for (let t0 = 0; t0 < T; t0 += CHUNK) {
      const steps = min(CHUNK, T - t0);
      toLanes(x, T, Nin, b0, t0, steps, u, Ip);
      for (let s = 0; s < steps; s++) {
        matvec(4 * R4, wH, Nrec + 1, hidden, wIn, Nin, u + <usize>(s * Ip) * UNIT, pre);
        cellForward(Nrec, pre, gs, cell, hidden, cs + <usize>s * vec, hs + <usize>s * vec);
        matvec(Op, wOut, Nrec + 1, hidden, 0, 0, 0, ys + <usize>(s * Op) * UNIT);
      }
      fromLanes(hs, P, states, T, Nrec, b0, t0, steps);
      fromLanes(cs, P, cells, T, Nrec, b0, t0, steps);
      fromLanes(ys, Op, outputs, T, Nout, b0, t0, steps);
    }
  }
}

/** dst[·] += src[·] over `bytes` (a multiple of 16) */
function addInto(dst: usize, src: usize, bytes: usize): void {
  for (let o: usize = 0; o < bytes; o += 16) v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
}

/**
 * BPTT, for t = T−1 … 0 with the gates recomputed from z_t (the caller passes states and cells, not the gates).
 * With δ_t = ∂L/∂g_t (./lstm-blocks.ts cellBackward, carrying ∂L/∂c_t), δ_T = 0:
 *   ∂L/∂h_t = Σ_g W_g,h·δ_{g,t+1} + W_outᵀ·dOutputs_t + dStates_t          ∂L/∂h_{−1} = Σ_g W_g,h·δ_{g,0}
 *   ∂L/∂c_{−1} = ∂L/∂c_0 ⊙ σ(g_f,0)
 * After each chunk, its steps and trials add  [∂W_g | ∂b_g] += [z_t; 1] ⊗ δ_{g,t}   [∂W_out | ∂b_out] += dOutputs_t ⊗ [h_t; 1].
 * Inputs: x, W, b, W_out, init_hidden, init_cell, states, cells [B,T,Nrec], dOutputs [B,T,Nout], dStates (0: none).
 * Outputs, overwritten: dW [4][Nrec+Nin][Nrec], db [4][Nrec], dW_out [Nout][Nrec], db_out [Nout], and
 * dInit_hidden, dInit_cell: [B][Nrec] when `perRow`, else [Nrec] (summed over trials).
 */
export function backward(
  B: i32, T: i32, Nin: i32, Nrec: i32, Nout: i32, perRow: bool,
  x: usize, W: usize, b: usize, W_out: usize, init_hidden: usize, init_cell: usize,
  states: usize, cells: usize, dOutputs: usize, dStates: usize, scratch: usize,
  dW: usize, db: usize, dW_out: usize, db_out: usize, dInit_hidden: usize, dInit_cell: usize,
): void {
  const R4 = roundUp(Nrec, 4);
  const G = 4 * R4; // units of the gates' pre-activations
  const P = roundUp(Nrec + 1, 4);
  const Ip = roundUp(Nin, 4);
  const Op = roundUp(Nout, 4);
  const C2 = roundUp(Nrec + 1, 2); // columns of [h; 1] in the outer-product sums
  const I2 = roundUp(Nin, 2);
  const vec = <usize>P * UNIT;
  const gvec = <usize>G * UNIT;
  const wH = scratch;
  const wIn = wH + 4 * packedBytes(Nrec, Nrec + 1);
  const wHT = wIn + 4 * packedBytes(Nrec, Nin); // [W_f,h | W_i,h | W_c,h | W_o,h] packed
  const wOutT = wHT + (<usize>(R4 * G) << 2); // W_outᵀ packed
  const accH = wOutT + packedBytes(Nrec, Nout); // [C2][G]: [∂W_g,h | ∂b_g]ᵀ
  const accIn = accH + (<usize>(C2 * G) << 2); // [I2][G]: ∂W_g,uᵀ
  const accOut = accIn + (<usize>(I2 * G) << 2); // [C2][Op]: [∂W_out | ∂b_out]ᵀ
  const dh = accOut + (<usize>(C2 * Op) << 2); // the step's Σ_g W_g,h·δ_g + W_outᵀ·dOutputs
  const carry = dh + vec; // ∂L/∂c through the later steps
  const dInitH = carry + vec;
  const dInitC = dInitH + vec;
  const pre = dInitC + vec; // G units: g_t
  const D = pre + gvec; // (CHUNK+1) × G: δ_t, t ∈ [t0, t1]
  const H = D + <usize>(CHUNK + 1) * gvec; // (CHUNK+1) × P: [h_t; 1], t ∈ [t0−1, t1−1]
  const Cs = H + <usize>(CHUNK + 1) * vec; // (CHUNK+1) × P: c_t, t ∈ [t0−1, t1−1]
  const u = Cs + <usize>(CHUNK + 1) * vec; // CHUNK × Ip: u_t
  const dy = u + <usize>(CHUNK * Ip) * UNIT; // CHUNK × Op: dOutputs_t
  const dS = dy + <usize>(CHUNK * Op) * UNIT; // CHUNK × P: dStates_t (zero when none)
  const end = dS + <usize>CHUNK * vec;
  reserve(end);
  memory.fill(accH, 0, end - accH);
  packGates(W, b, Nrec, Nin, wH, wIn);
  packHiddenT(W, Nrec, Nin, R4, wHT);
  pack(W_out, Nrec, Nout, 1, Nrec, 0, wOutT);
  setOnes(H, CHUNK + 1, P, Nrec);
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
        loadInitial(init_cell, perRow, Nrec, b0, Cs);
        toLanes(states, T, Nrec, b0, 0, steps, H + vec, P);
        toLanes(cells, T, Nrec, b0, 0, steps, Cs + vec, P);
      } else {
        toLanes(states, T, Nrec, b0, t0 - 1, steps + 1, H, P);
        toLanes(cells, T, Nrec, b0, t0 - 1, steps + 1, Cs, P);
      }
      toLanes(x, T, Nin, b0, t0, steps, u, Ip);
      toLanes(dOutputs, T, Nout, b0, t0, steps, dy, Op);
      if (dStates != 0) toLanes(dStates, T, Nrec, b0, t0, steps, dS, P);
      for (let s = steps - 1; s >= 0; s--) {
        matvec(G, wH, Nrec + 1, H + <usize>s * vec, wIn, Nin, u + <usize>(s * Ip) * UNIT, pre);
        matvec(R4, wHT, G, D + <usize>(s + 1) * gvec, wOutT, Nout, dy + <usize>(s * Op) * UNIT, dh);
        const cellPrev = Cs + <usize>s * vec;
        cellBackward(Nrec, pre, gs, cellPrev, cellPrev + vec, dh, dS + <usize>s * vec, carry, D + <usize>s * gvec);
      }
      outerSum(D, G, G, H, P, C2, steps, accH);
      outerSum(D, G, G, u, Ip, I2, steps, accIn);
      outerSum(dy, Op, Op, H + vec, P, C2, steps, accOut);
      if (t0 == 0) {
        matvec(R4, wHT, G, D, 0, 0, 0, dh);
        if (perRow) {
          fromLanes(dh, P, dInit_hidden, 1, Nrec, b0, 0, 1);
          fromLanes(carry, P, dInit_cell, 1, Nrec, b0, 0, 1);
        } else {
          addInto(dInitH, dh, <usize>Nrec * UNIT);
          addInto(dInitC, carry, <usize>Nrec * UNIT);
        }
      } else {
        memory.copy(D + <usize>chunkSteps(t0) * gvec, D, gvec); // δ_{t0} tops the next chunk
      }
      t1 = t0;
    }
  }
  if (!perRow) {
    sumLanes(dInitH, Nrec, dInit_hidden);
    sumLanes(dInitC, Nrec, dInit_cell);
  }
  const gate = (Nrec + Nin) * Nrec;
  for (let g = 0; g < 4; g++) {
    for (let i = 0; i < Nrec; i++) {
      const col = g * R4 + i;
      for (let j = 0; j < Nrec; j++) store<f32>(dW + (<usize>(g * gate + j * Nrec + i) << 2), load<f32>(accH + (<usize>(j * G + col) << 2)));
      for (let k = 0; k < Nin; k++) store<f32>(dW + (<usize>(g * gate + (Nrec + k) * Nrec + i) << 2), load<f32>(accIn + (<usize>(k * G + col) << 2)));
      store<f32>(db + (<usize>(g * Nrec + i) << 2), load<f32>(accH + (<usize>(Nrec * G + col) << 2)));
    }
  }
  for (let o = 0; o < Nout; o++) {
    for (let j = 0; j < Nrec; j++) store<f32>(dW_out + (<usize>(o * Nrec + j) << 2), load<f32>(accOut + (<usize>(j * Op + o) << 2)));
    store<f32>(db_out + (<usize>o << 2), load<f32>(accOut + (<usize>(Nrec * Op + o) << 2)));
  }
}
