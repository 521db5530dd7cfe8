/**
 * CogRNN's GRU forward pass (model/gru.ts, TF1's GRUCell) as ONE WebGPU dispatch: one workgroup per trial,
 * h_{t−1} and r ⊙ h_{t−1} of all units in workgroup memory, a loop over the T steps. From h_{−1} (the trial's
 * initial state), with z_t = [h_{t−1}; u_t]:
 *   r = σ(z·W_r + b_r),  g = σ(z·W_u + b_u),  c̃ = tanh([r ⊙ h_{t−1}; u_t]·W_c + b_c)
 *   h_t = g ⊙ h_{t−1} + (1 − g) ⊙ c̃ = c̃ + g ⊙ (h_{t−1} − c̃),   y_t = h_t·W_outᵀ + b_out
 * The candidate needs r ⊙ h of every unit, so a step has two phases (the gates, then the candidate and state)
 * with a barrier between. The readout does not feed back, so it runs after the loop, spread over all (t, o)
 * pairs of the trial. Output, the trace [B, T, N_out + 4·N_rec]: per step y_t, h_t, r, g, c̃, so that the
 * backward (./gru-backward-program.ts) recomputes nothing. The base class is built with the 'sigmoid'
 * transfer function: here `transfer` is σ.
 */
import { type FusedDims, FusedRnnProgram, forEachUnit } from './fused-program.ts';

/** Values per step of the trace: y (N_out), then h, r, g, c̃ (N_rec each). */
export function gruTraceStep(N_rec: number, N_out: number): number {
  return N_out + 4 * N_rec;
}

/** WGSL both programs use to address the trace. */
export const GRU_TRACE_WGSL = `const STEP : i32 = N_OUT + 4 * N_REC;

/** Flat index in the trace of row k (0 h, 1 r, 2 g, 3 c̃) of unit i at flat step index row = b·T + t */
fn traceAt(k : i32, row : i32, i : i32) -> i32 { return row * STEP + N_OUT + k * N_REC + i; }`;

/**
 * Inputs, in this order: `inputs` u [B, T, N_in]; `gates` [W_r | W_u | W_c] [N_rec + N_in, 3·N_rec] (row j
 * holds the weights from z_j, contiguous across units: coalesced reads); `initial` h_{−1} [B, N_rec]; `wOut`
 * [N_out, N_rec]; `vectors` [b_r, b_u, b_c, b_out] [3·N_rec + N_out].
 */
export class GruForwardProgram extends FusedRnnProgram {
  readonly variableNames = ['inputs', 'gates', 'initial', 'wOut', 'vectors'];

  constructor(dims: FusedDims) {
    super('gru_forward', dims, 'sigmoid', dims.B * dims.T * gruTraceStep(dims.N_rec, dims.N_out));
  }

  protected declarationsWgsl(): string {
    return `
${GRU_TRACE_WGSL}

/** tanh, clamped so that exp-based tanh implementations cannot overflow to NaN */
fn squash(x : f32) -> f32 { return tanh(clamp(x, -15.0, 15.0)); }

/** h_{t−1} of every unit of this workgroup's trial */
var<workgroup> hidden : array<f32, N_REC>;
/** r ⊙ h_{t−1} of every unit: what the candidate reads in place of h */
var<workgroup> resetHidden : array<f32, N_REC>;

/** z_t·W_r + b_r and z_t·W_u + b_u of unit i at flat step index row = b·T + t */
fn gatePreactivations(i : i32, row : i32) -> vec2<f32> {
  var sum = vec2<f32>(vectors[i], vectors[N_REC + i]);
  for (var j = 0; j < N_REC; j++) {
    let w = j * 3 * N_REC + i;
    sum += hidden[j] * vec2<f32>(gates[w], gates[w + N_REC]);
  }
  for (var j = 0; j < N_IN; j++) {
    let w = (N_REC + j) * 3 * N_REC + i;
    sum += inputs[row * N_IN + j] * vec2<f32>(gates[w], gates[w + N_REC]);
  }
  return sum;
}

/** [r ⊙ h_{t−1}; u_t]·W_c + b_c of unit i at flat step index row */
fn candidatePreactivation(i : i32, row : i32) -> f32 {
  var sum = vectors[2 * N_REC + i];
  for (var j = 0; j < N_REC; j++) { sum += resetHidden[j] * gates[j * 3 * N_REC + 2 * N_REC + i]; }
  for (var j = 0; j < N_IN; j++) { sum += inputs[row * N_IN + j] * gates[(N_REC + j) * 3 * N_REC + 2 * N_REC + i]; }
  return sum;
}
`;
  }

  protected mainBodyWgsl(): string {
    return `  var h : array<f32, UNITS>;
  var update : array<f32, UNITS>;
  ${forEachUnit('h[k] = initial[b * N_REC + i]; hidden[i] = h[k];')}
  workgroupBarrier();
  for (var t = 0; t < T; t++) {
    let row = b * T + t;
    ${forEachUnit(`let pre = gatePreactivations(i, row);
      let r = transfer(pre.x);
      update[k] = transfer(pre.y);
      resetHidden[i] = r * h[k];
      result[traceAt(1, row, i)] = r;
      result[traceAt(2, row, i)] = update[k];`)}
    workgroupBarrier();
    ${forEachUnit(`let candidate = squash(candidatePreactivation(i, row));
      h[k] = candidate + update[k] * (h[k] - candidate);
      result[traceAt(0, row, i)] = h[k];
      result[traceAt(3, row, i)] = candidate;`)}
    workgroupBarrier();
    ${forEachUnit('hidden[i] = h[k];')}
    workgroupBarrier();
  }
  storageBarrier();
  for (var p = lid; p < T * N_OUT; p += WG) {
    let row = b * T + p / N_OUT;
    let o = p % N_OUT;
    var sum = vectors[3 * N_REC + o];
    for (var j = 0; j < N_REC; j++) { sum += wOut[o * N_REC + j] * result[traceAt(0, row, j)]; }
    result[row * STEP + o] = sum;
  }`;
  }
}
