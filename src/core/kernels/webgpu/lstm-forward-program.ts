/**
 * PsychRNN's LSTM forward pass (reference §3.4) as ONE WebGPU dispatch: one workgroup per trial, h_{t−1} of all
 * units in workgroup memory, each invocation keeping c of its units, a loop over the T steps. From h_{−1},
 * c_{−1} (the trial's initial states), with z_t = [h_{t−1}; u_t]:
 *   f = σ(z·W_f + b_f),  i = σ(z·W_i + b_i),  c̃ = tanh(z·W_c + b_c),  o = σ(z·W_o + b_o)
 *   c_t = f⊙c_{t−1} + i⊙c̃,   h_t = o⊙σ(c_t),   y_t = h_t·W_outᵀ + b_out
 * The readout does not feed back, so it runs after the loop, spread over all (t, o) pairs of the trial.
 * Output, the trace [B, T, N_out + 6·N_rec]: per step y_t, h_t, c_t, f, i, c̃, o, so that the backward
 * (./lstm-backward-program.ts) recomputes nothing. The base class is built with the 'sigmoid' transfer
 * function: here `transfer` is σ.
 */
import { type FusedDims, FusedRnnProgram, forEachUnit } from './fused-program.ts';

/** Values per step of the trace: y (N_out), then h, c, f, i, c̃, o (N_rec each). */
export function traceStep(N_rec: number, N_out: number): number {
  return N_out + 6 * N_rec;
}

/** WGSL both programs use to address the trace. */
export const TRACE_WGSL = `const STEP : i32 = N_OUT + 6 * N_REC;

/** Flat index in the trace of row k (0 h, 1 c, 2 f, 3 i, 4 c̃, 5 o) of unit i at flat step index row = b·T + t */
fn traceAt(k : i32, row : i32, i : i32) -> i32 { return row * STEP + N_OUT + k * N_REC + i; }`;

/**
 * Inputs, in this order: `inputs` u [B, T, N_in]; `gates` [W_f | W_i | W_c | W_o] [N_rec + N_in, 4·N_rec]
 * (row j holds the weights from z_j, contiguous across units: coalesced reads); `initial` [h_{−1}; c_{−1}]
 * [2, B, N_rec]; `wOut` [N_out, N_rec]; `vectors` [b_f, b_i, b_c, b_o, b_out] [4·N_rec + N_out]. The packing
 * keeps within WebGPU's guaranteed 8 storage buffers per shader.
 */
export class LstmForwardProgram extends FusedRnnProgram {
  readonly variableNames = ['inputs', 'gates', 'initial', 'wOut', 'vectors'];

  constructor(dims: FusedDims) {
    super('lstm_forward', dims, 'sigmoid', dims.B * dims.T * traceStep(dims.N_rec, dims.N_out));
  }

  protected declarationsWgsl(): string {
    return `
${TRACE_WGSL}

/** tanh, clamped so that exp-based tanh implementations cannot overflow to NaN */
fn squash(x : f32) -> f32 { return tanh(clamp(x, -15.0, 15.0)); }

/** h_{t−1} of every unit of this workgroup's trial */
var<workgroup> hidden : array<f32, N_REC>;

/** (W_f, W_i, W_c, W_o)[j, i]: the weights from z_j to unit i */
fn gateWeights(j : i32, i : i32) -> vec4<f32> {
  let w = j * 4 * N_REC + i;
  return vec4<f32>(gates[w], gates[w + N_REC], gates[w + 2 * N_REC], gates[w + 3 * N_REC]);
}

/** z_t·W_g + b_g of unit i for the four gates g = f, i, c, o, at flat step index row = b·T + t */
fn preactivations(i : i32, row : i32) -> vec4<f32> {
  var sum = vec4<f32>(vectors[i], vectors[N_REC + i], vectors[2 * N_REC + i], vectors[3 * N_REC + i]);
  for (var j = 0; j < N_REC; j++) { sum += hidden[j] * gateWeights(j, i); }
  for (var j = 0; j < N_IN; j++) { sum += inputs[row * N_IN + j] * gateWeights(N_REC + j, i); }
  return sum;
}
`;
  }

  protected mainBodyWgsl(): string {
    return `  var c : array<f32, UNITS>;
  var h : array<f32, UNITS>;
  ${forEachUnit('hidden[i] = initial[b * N_REC + i]; c[k] = initial[(uniforms.batch + b) * N_REC + i];')}
  workgroupBarrier();
  for (var t = 0; t < T; t++) {
    let row = b * T + t;
    ${forEachUnit(`let g = preactivations(i, row);
      let gate = vec4<f32>(transfer(g.x), transfer(g.y), squash(g.z), transfer(g.w));
      c[k] = gate.x * c[k] + gate.y * gate.z;
      h[k] = gate.w * transfer(c[k]);
      result[traceAt(0, row, i)] = h[k];
      result[traceAt(1, row, i)] = c[k];
      result[traceAt(2, row, i)] = gate.x;
      result[traceAt(3, row, i)] = gate.y;
      result[traceAt(4, row, i)] = gate.z;
      result[traceAt(5, row, i)] = gate.w;`)}
    workgroupBarrier();
    ${forEachUnit('hidden[i] = h[k];')}
    workgroupBarrier();
  }
  storageBarrier();
  for (var p = lid; p < T * N_OUT; p += WG) {
    let row = b * T + p / N_OUT;
    let o = p % N_OUT;
    var sum = vectors[4 * N_REC + o];
    for (var j = 0; j < N_REC; j++) { sum += wOut[o * N_REC + j] * result[traceAt(0, row, j)]; }
    result[row * STEP + o] = sum;
  }`;
  }
}
