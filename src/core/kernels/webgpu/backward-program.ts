/**
 * Backpropagation through time of the Basic RNN (reference §3.2) as ONE WebGPU dispatch: one workgroup
 * per trial runs the reverse loop, with δ_t of all units in workgroup memory. Given ∂L/∂outputs and
 * (optionally) ∂L/∂states, and c_T = 0:
 *   g_t = c_{t+1} + dStates_t + f'(x_{t+1}) ⊙ (W_outᵀ dOutputs_t)      (∂L/∂x_{t+1})
 *   δ_t = α·g_t                                                         (∂L/∂(W_rec f(x_t) + W_in u_t + b_rec))
 *   c_t = (1−α)·g_t + f'(x_t) ⊙ (W_recᵀ δ_t)                            (∂L/∂x_t through step t)
 * Output, flat: δ [B, T, N_rec], then c_0 [B, N_rec]. The weight gradients are sums over all B·T rows of
 * δ and the rates, which large matrix products do better than this sequential loop.
 */
import type { TransferFunctionName } from '../../model/transfer.ts';
import { type FusedDims, FusedRnnProgram, forEachUnit } from './fused-program.ts';

/**
 * Inputs, in this order: `states` x_1..x_T [B, T, N_rec], `dOutputs` [B, T, N_out], `dStates` [B, T, N_rec]
 * (only when `withStateGradient`), `wRec` [N_rec, N_rec], `wOut` [N_out, N_rec], `initState` [N_rec].
 * Row-major W_rec[j, i] is W_recᵀ[i, j], contiguous across units i (coalesced reads).
 */
export class FusedBackwardProgram extends FusedRnnProgram {
  readonly variableNames: string[];

  constructor(dims: FusedDims, transfer: TransferFunctionName, private readonly withStateGradient: boolean) {
    super('backward', dims, transfer, dims.B * (dims.T + 1) * dims.N_rec);
    this.variableNames = ['states', 'dOutputs', ...(withStateGradient ? ['dStates'] : []), 'wRec', 'wOut', 'initState'];
  }

  protected declarationsWgsl(): string {
    return `
/** δ_t of every unit of this workgroup's trial */
var<workgroup> deltas : array<f32, N_REC>;

/** (W_outᵀ dOutputs_t)_i at flat step index row = b·T + t */
fn readoutGradient(i : i32, row : i32) -> f32 {
  var sum = 0.0;
  for (var o = 0; o < N_OUT; o++) { sum += wOut[o * N_REC + i] * dOutputs[row * N_OUT + o]; }
  return sum;
}

/** (W_recᵀ δ_t)_i */
fn recurrentGradient(i : i32) -> f32 {
  var sum = 0.0;
  for (var j = 0; j < N_REC; j++) { sum += wRec[j * N_REC + i] * deltas[j]; }
  return sum;
}

/** x_t of unit i: the state before step t (init_state at t = 0) */
fn stateBefore(i : i32, b : i32, t : i32) -> f32 {
  if (t == 0) { return initState[i]; }
  return states[(b * uniforms.steps + t - 1) * N_REC + i];
}
`;
  }

  protected mainBodyWgsl(): string {
    const stateTerm = this.withStateGradient ? ' + dStates[row * N_REC + i]' : '';
    return `  var c : array<f32, UNITS>;
  var g : array<f32, UNITS>;
  for (var t = T - 1; t >= 0; t--) {
    let row = b * T + t;
    ${forEachUnit(`g[k] = c[k]${stateTerm} + slope(states[row * N_REC + i]) * readoutGradient(i, row);
      deltas[i] = alpha * g[k];
      result[row * N_REC + i] = deltas[i];`)}
    workgroupBarrier();
    ${forEachUnit('c[k] = (1.0 - alpha) * g[k] + slope(stateBefore(i, b, t)) * recurrentGradient(i);')}
    workgroupBarrier();
  }
  let initStart = uniforms.batch * T * N_REC;
  ${forEachUnit('result[initStart + b * N_REC + i] = c[k];')}`;
  }
}
