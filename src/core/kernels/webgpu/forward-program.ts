/**
 * The Basic RNN's whole forward pass (reference §3.2) as ONE WebGPU dispatch: one workgroup per trial,
 * the rates f(x_t) of all units in workgroup memory, a loop over the T steps with a barrier per step:
 *   x_0 = init_state,   x_{t+1} = (1−α)·x_t + α·(W_rec f(x_t) + W_in u_t + b_rec) + noise_t
 *   y_t = W_out f(x_{t+1}) + b_out
 * The readout does not feed back, so it runs after the loop, spread over all (t, o) pairs of the trial.
 * Output, flat: the states [B, T, N_rec], then the outputs [B, T, N_out].
 */
import type { TransferFunctionName } from '../../model/transfer.ts';
import { type FusedDims, FusedRnnProgram, forEachUnit } from './fused-program.ts';

/**
 * Inputs, in this order: `inputs` u [B, T, N_in], `noise` [B, T, N_rec] (only when `withNoise`),
 * `weightsT` [W_in, W_rec]ᵀ [N_in + N_rec, N_rec], `wOut` [N_out, N_rec], `vectors` [b_rec, init_state,
 * b_out] [2·N_rec + N_out]. The transpose makes the weights of unit i from input j contiguous across units
 * (coalesced reads); the packing keeps within WebGPU's guaranteed 8 storage buffers per shader.
 */
export class FusedForwardProgram extends FusedRnnProgram {
  readonly variableNames: string[];

  constructor(dims: FusedDims, transfer: TransferFunctionName, private readonly withNoise: boolean) {
    super('forward', dims, transfer, dims.B * dims.T * (dims.N_rec + dims.N_out));
    this.variableNames = ['inputs', ...(withNoise ? ['noise'] : []), 'weightsT', 'wOut', 'vectors'];
  }

  protected declarationsWgsl(): string {
    return `
/** f(x_t) of every unit of this workgroup's trial */
var<workgroup> rates : array<f32, N_REC>;

/** W_rec f(x_t) + W_in u_t + b_rec for unit i, at flat step index row = b·T + t */
fn drive(i : i32, row : i32) -> f32 {
  var sum = vectors[i];
  for (var j = 0; j < N_IN; j++) { sum += weightsT[j * N_REC + i] * inputs[row * N_IN + j]; }
  for (var j = 0; j < N_REC; j++) { sum += weightsT[(N_IN + j) * N_REC + i] * rates[j]; }
  return sum;
}

/** y[row, o] = W_out[o] · f(states[row]) + b_out[o], reading back this trial's states */
fn readout(row : i32, o : i32) -> f32 {
  var sum = vectors[2 * N_REC + o];
  for (var j = 0; j < N_REC; j++) { sum += wOut[o * N_REC + j] * transfer(result[row * N_REC + j]); }
  return sum;
}
`;
  }

  protected mainBodyWgsl(): string {
    const noiseTerm = this.withNoise ? ' + noise[row * N_REC + i]' : '';
    return `  var x : array<f32, UNITS>;
  ${forEachUnit('x[k] = vectors[N_REC + i]; rates[i] = transfer(x[k]);')}
  workgroupBarrier();
  for (var t = 0; t < T; t++) {
    let row = b * T + t;
    ${forEachUnit(`x[k] = (1.0 - alpha) * x[k] + alpha * drive(i, row)${noiseTerm};`)}
    workgroupBarrier();
    ${forEachUnit('rates[i] = transfer(x[k]); result[row * N_REC + i] = x[k];')}
    workgroupBarrier();
  }
  storageBarrier();
  let outputsStart = uniforms.batch * T * N_REC;
  for (var p = lid; p < T * N_OUT; p += WG) {
    let row = b * T + p / N_OUT;
    let o = p % N_OUT;
    result[outputsStart + row * N_OUT + o] = readout(row, o);
  }`;
  }
}
