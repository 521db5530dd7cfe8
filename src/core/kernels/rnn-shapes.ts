/**
 * The shape of each Basic RNN input of a fused kernel, by name: what every fused kernel checks its inputs
 * against (no tf.js here: the WebAssembly wrapper uses it too).
 */
export function rnnShapes(B: number, T: number, N_in: number, N_rec: number, N_out: number): Record<string, number[]> {
  return {
    x: [B, T, N_in],
    noise: [B, T, N_rec],
    W_in: [N_rec, N_in],
    W_rec: [N_rec, N_rec],
    W_out: [N_out, N_rec],
    b_rec: [N_rec],
    b_out: [N_out],
    init_state: [N_rec],
  };
}
