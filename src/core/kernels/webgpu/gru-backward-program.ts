/**
 * Backpropagation through time of CogRNN's GRU (model/gru.ts) as ONE WebGPU dispatch: one workgroup per trial
 * runs the reverse loop with δ_{r,t+1}, δ_{g,t+1} and δ_{c,t} of all units in workgroup memory, each invocation
 * carrying the rest of ∂L/∂h of its units. r, g, c̃ and h come from the forward's trace
 * (./gru-forward-program.ts), so nothing is recomputed. Given dh_t = ∂L/∂h_t from outside the recurrence
 * (readout and states), δ_T = 0, carry_T = 0, W_m,h the first N_rec rows of W_m, and h_{t−1} the state before:
 *   ∂h = dh_t + W_r,h·δ_{r,t+1} + W_u,h·δ_{g,t+1} + carry_{t+1}
 *   δ_c = ∂h ⊙ (1 − g) ⊙ (1 − c̃²)        δ_g = ∂h ⊙ (h_{t−1} − c̃) ⊙ g(1 − g)
 *   ∂(r ⊙ h) = W_c,h·δ_c                 δ_r = ∂(r ⊙ h) ⊙ h_{t−1} ⊙ r(1 − r)
 *   carry_t = ∂h ⊙ g + ∂(r ⊙ h) ⊙ r     (∂L/∂h_{t−1} but for the gates' products, which the next step adds)
 * and at the end ∂L/∂h_{−1} = W_r,h·δ_{r,0} + W_u,h·δ_{g,0} + carry_0.
 * ∂(r ⊙ h) needs δ_c of every unit, so a step has two phases with a barrier between.
 * Output, flat: [δ_r, δ_g, δ_c]_t = ∂L/∂(pre-activations) [B, T, 3, N_rec], then ∂L/∂h_{−1} [B, 1, N_rec].
 * The weight gradients are sums over all B·T rows of δ_t and z_t, which large matrix products do better.
 * The base class is built with the 'sigmoid' transfer function (unused here).
 */
import { type FusedDims, FusedRnnProgram, forEachUnit } from './fused-program.ts';
import { GRU_TRACE_WGSL } from './gru-forward-program.ts';

/**
 * Inputs, in this order: `trace` [B, T, N_out + 4·N_rec] (the forward's output), `dHidden` dh_t [B, T, N_rec],
 * `hiddenRowsT` [W_r,h | W_u,h | W_c,h]ᵀ [3·N_rec, N_rec] (contiguous across units i: coalesced reads),
 * `initial` h_{−1} [B, N_rec].
 */
export class GruBackwardProgram extends FusedRnnProgram {
  readonly variableNames = ['trace', 'dHidden', 'hiddenRowsT', 'initial'];

  constructor(dims: FusedDims) {
    super('gru_backward', dims, 'sigmoid', dims.B * (3 * dims.T + 1) * dims.N_rec);
  }

  protected declarationsWgsl(): string {
    return `
/** [δ_r; δ_g] of the step after (t + 1) for every unit of this workgroup's trial, then δ_c of step t */
var<workgroup> deltas : array<f32, 3 * N_REC>;

/** (W_r,h·δ_r + W_u,h·δ_g)_i: rows 0 … 2·N_rec − 1 of hiddenRowsT against the gates' deltas */
fn gateGradient(i : i32) -> f32 {
  var sum = 0.0;
  for (var r = 0; r < 2 * N_REC; r++) { sum += hiddenRowsT[r * N_REC + i] * deltas[r]; }
  return sum;
}

/** ∂(r ⊙ h)_i = (W_c,h·δ_c)_i: the last N_rec rows of hiddenRowsT against the candidate's deltas */
fn resetHiddenGradient(i : i32) -> f32 {
  var sum = 0.0;
  for (var r = 2 * N_REC; r < 3 * N_REC; r++) { sum += hiddenRowsT[r * N_REC + i] * deltas[r]; }
  return sum;
}

${GRU_TRACE_WGSL}

/** Row k of the trace for unit i at flat step index row */
fn traced(k : i32, row : i32, i : i32) -> f32 { return trace[traceAt(k, row, i)]; }

/** h_{t−1} of unit i in trial b: the initial state at t = 0 */
fn hiddenBeforeStep(b : i32, t : i32, i : i32) -> f32 {
  if (t == 0) { return initial[b * N_REC + i]; }
  return traced(0, b * uniforms.steps + t - 1, i);
}
`;
  }

  protected mainBodyWgsl(): string {
    return `  var carry : array<f32, UNITS>;
  var dh : array<f32, UNITS>;
  var deltaG : array<f32, UNITS>;
  for (var r = lid; r < 2 * N_REC; r += WG) { deltas[r] = 0.0; }
  workgroupBarrier();
  for (var t = T - 1; t >= 0; t--) {
    let row = b * T + t;
    let at = (b * (3 * T + 1) + 3 * t) * N_REC;
    ${forEachUnit(`dh[k] = dHidden[row * N_REC + i] + gateGradient(i) + carry[k];
      let g = traced(2, row, i);
      let candidate = traced(3, row, i);
      let deltaC = dh[k] * (1.0 - g) * (1.0 - candidate * candidate);
      deltas[2 * N_REC + i] = deltaC;
      result[at + 2 * N_REC + i] = deltaC;
      deltaG[k] = dh[k] * (hiddenBeforeStep(b, t, i) - candidate) * g * (1.0 - g);
      result[at + N_REC + i] = deltaG[k];`)}
    workgroupBarrier();
    ${forEachUnit(`let r = traced(1, row, i);
      let g = traced(2, row, i);
      let dResetHidden = resetHiddenGradient(i);
      let deltaR = dResetHidden * hiddenBeforeStep(b, t, i) * r * (1.0 - r);
      carry[k] = dh[k] * g + dResetHidden * r;
      deltas[i] = deltaR;
      deltas[N_REC + i] = deltaG[k];
      result[at + i] = deltaR;`)}
    workgroupBarrier();
  }
  let initialAt = (b * (3 * T + 1) + 3 * T) * N_REC;
  ${forEachUnit('result[initialAt + i] = gateGradient(i) + carry[k];')}`;
  }
}
