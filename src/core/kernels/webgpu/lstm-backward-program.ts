/**
 * Backpropagation through time of PsychRNN's LSTM (reference §3.4) as ONE WebGPU dispatch: one workgroup per
 * trial runs the reverse loop with δ_{t+1} of all units' four gates in workgroup memory, each invocation
 * carrying ∂L/∂c of its units. The gates come from the forward's trace (./lstm-forward-program.ts), so
 * nothing is recomputed. Given dh_t = ∂L/∂h_t from outside the recurrence (readout and states), δ_T = 0,
 * carry_T = 0, and W_g,h the first N_rec rows of W_g:
 *   ∂h = dh_t + Σ_g W_g,h·δ_{g,t+1}            ∂c = ∂h⊙o⊙σ(c_t)(1−σ(c_t)) + carry_{t+1}
 *   δ_f = ∂c⊙c_{t−1}⊙f(1−f)   δ_i = ∂c⊙c̃⊙i(1−i)   δ_c = ∂c⊙i⊙(1−c̃²)   δ_o = ∂h⊙σ(c_t)⊙o(1−o)
 *   carry_t = ∂c⊙f                             (∂L/∂c_{t−1})
 * and at the end ∂L/∂h_{−1} = Σ_g W_g,h·δ_{g,0}, ∂L/∂c_{−1} = carry_0.
 * Output, flat: δ_t = ∂L/∂(z_t·W_g + b_g) [B, T, 4, N_rec], then [∂L/∂h_{−1}; ∂L/∂c_{−1}] [B, 2, N_rec].
 * The weight gradients are sums over all B·T rows of δ_t and z_t, which large matrix products do better.
 * The base class is built with the 'sigmoid' transfer function: here `transfer` is σ.
 */
import { type FusedDims, FusedRnnProgram, forEachUnit } from './fused-program.ts';
import { TRACE_WGSL } from './lstm-forward-program.ts';

/**
 * Inputs, in this order: `trace` [B, T, N_out + 6·N_rec] (the forward's output), `dHidden` dh_t [B, T, N_rec],
 * `gatesHT` [W_f,h | W_i,h | W_c,h | W_o,h]ᵀ [4·N_rec, N_rec] (contiguous across units i: coalesced reads),
 * `initial` [h_{−1}; c_{−1}] [2, B, N_rec].
 */
export class LstmBackwardProgram extends FusedRnnProgram {
  readonly variableNames = ['trace', 'dHidden', 'gatesHT', 'initial'];

  constructor(dims: FusedDims) {
    super('lstm_backward', dims, 'sigmoid', dims.B * (4 * dims.T + 2) * dims.N_rec);
  }

  protected declarationsWgsl(): string {
    return `
/** δ_{t+1} of every gate and unit of this workgroup's trial, gate-major */
var<workgroup> deltas : array<f32, 4 * N_REC>;

/** (Σ_g W_g,h·δ_g)_i */
fn recurrentGradient(i : i32) -> f32 {
  var sum = 0.0;
  for (var r = 0; r < 4 * N_REC; r++) { sum += gatesHT[r * N_REC + i] * deltas[r]; }
  return sum;
}

${TRACE_WGSL}

/** Row k of the trace for unit i at flat step index row */
fn traced(k : i32, row : i32, i : i32) -> f32 { return trace[traceAt(k, row, i)]; }

/** c_{t−1} of unit i in trial b: the initial cell at t = 0 */
fn cellBeforeStep(b : i32, t : i32, i : i32) -> f32 {
  if (t == 0) { return initial[(uniforms.batch + b) * N_REC + i]; }
  return traced(1, b * uniforms.steps + t - 1, i);
}
`;
  }

  protected mainBodyWgsl(): string {
    return `  var carry : array<f32, UNITS>;
  var dh : array<f32, UNITS>;
  for (var r = lid; r < 4 * N_REC; r += WG) { deltas[r] = 0.0; }
  workgroupBarrier();
  for (var t = T - 1; t >= 0; t--) {
    let row = b * T + t;
    ${forEachUnit('dh[k] = dHidden[row * N_REC + i] + recurrentGradient(i);')}
    workgroupBarrier();
    ${forEachUnit(`let f = traced(2, row, i);
      let gi = traced(3, row, i);
      let cc = traced(4, row, i);
      let o = traced(5, row, i);
      let s = transfer(traced(1, row, i));
      let cellBefore = cellBeforeStep(b, t, i);
      let dc = dh[k] * o * s * (1.0 - s) + carry[k];
      carry[k] = dc * f;
      let delta = vec4<f32>(dc * cellBefore * f * (1.0 - f), dc * cc * gi * (1.0 - gi), dc * gi * (1.0 - cc * cc), dh[k] * s * o * (1.0 - o));
      let at = (b * (4 * T + 2) + 4 * t) * N_REC + i;
      for (var g = 0; g < 4; g++) {
        deltas[g * N_REC + i] = delta[g];
        result[at + g * N_REC] = delta[g];
      }`)}
    workgroupBarrier();
  }
  let initialAt = (b * (4 * T + 2) + 4 * T) * N_REC;
  ${forEachUnit('result[initialAt + i] = recurrentGradient(i); result[initialAt + N_REC + i] = carry[k];')}`;
  }
}
