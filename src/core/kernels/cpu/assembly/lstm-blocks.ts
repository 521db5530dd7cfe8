/**
 * Building blocks of the fused LSTM kernel (./lstm.ts) beyond the shared ones in ./blocks.ts: initial states
 * into lanes, the packing of the gates' hidden rows for the backward product, and the cell's
 * element-wise forward and backward over eight trial lanes (UNIT bytes per unit, as in ./blocks.ts).
 *
 * The four gates' weights arrive as one array W [4][N_rec + N_in][N_rec] (f, i, c, o; rows 0 … N_rec−1 act on h,
 * the rest on u) and their biases as b [4][N_rec]. Pre-activations and their gradients are lane buffers of 4·R4
 * units, gate g at units g·R4 … g·R4 + N_rec − 1 (R4 = N_rec rounded up to 4, padding units zero).
 */
import { UNIT, splatUnits, toLanes } from './blocks';
import { SIGMOID, TANH, transfer } from './transfer';

/**
 * Initial state of trials b0 … b0+7 into lanes: row b of `init` [·, n] for trial b when `perRow`, otherwise row 0
 * for every trial. Units ≥ n are left untouched.
 */
export function loadInitial(init: usize, perRow: bool, n: i32, b0: i32, to: usize): void {
  if (perRow) toLanes(init, 1, n, b0, 0, 1, to, n);
  else splatUnits(init, n, to);
}

/**
 * Packs A[i][g·R4 + j] = W_g[i][j] (i, j < N_rec: the rows of the gates that act on h; zero in the padding
 * columns and rows) into the 4-row panels of ./blocks.ts `pack`, so that matvec(R4, A, 4·R4, δ, …) = Σ_g W_g,h·δ_g.
 */
export function packHiddenT(W: usize, Nrec: i32, Nin: i32, R4: i32, dst: usize): void {
  const gate = <usize>((Nrec + Nin) * Nrec) << 2;
  let to = dst;
  for (let p = 0; p < R4; p += 4) {
    for (let col = 0; col < 4 * R4; col++) {
      const g = col / R4;
      const j = col - g * R4;
      for (let r = 0; r < 4; r++) {
        const i = p + r;
        store<f32>(to, i < Nrec && j < Nrec ? load<f32>(W + <usize>g * gate + (<usize>(i * Nrec + j) << 2)) : 0);
        to += 4;
      }
    }
  }
}

@inline function sigmoid(v: v128): v128 {
  return transfer(v, SIGMOID);
}

/** σ′ = s·(1 − s) from s = σ(·) */
@inline function sigmoidSlope(s: v128): v128 {
  return f32x4.mul(s, f32x4.sub(f32x4.splat(1), s));
}

/**
 * One step of the cell for units < n, from the pre-activations `pre` (gate stride gs bytes):
 *   c' = σ(g_f)⊙c + σ(g_i)⊙tanh(g_c),   h' = σ(g_o)⊙σ(c')
 * `cell` (c in, c' out) and `hidden` are updated in place; c' and h' are also stored at `cellTo` and `hiddenTo`.
 */
export function cellForward(n: i32, pre: usize, gs: usize, cell: usize, hidden: usize, cellTo: usize, hiddenTo: usize): void {
  for (let o: usize = 0; o < <usize>n * UNIT; o += 16) {
    const p = pre + o;
    const c = f32x4.add(
      f32x4.mul(sigmoid(v128.load(p)), v128.load(cell + o)),
      f32x4.mul(sigmoid(v128.load(p + gs)), transfer(v128.load(p + 2 * gs), TANH)),
    );
    const h = f32x4.mul(sigmoid(v128.load(p + 3 * gs)), sigmoid(c));
    v128.store(cell + o, c);
    v128.store(cellTo + o, c);
    v128.store(hidden + o, h);
    v128.store(hiddenTo + o, h);
  }
}

/**
 * The cell's backward for units < n at one step, with f, i, c̃ = tanh(g_c), o from the recomputed `pre`:
 *   ∂h = dh + dS                            ∂c = ∂h⊙o⊙σ′(c') + carry
 *   δ_o = ∂h⊙σ(c')⊙o(1−o)   δ_f = ∂c⊙c⊙f(1−f)   δ_i = ∂c⊙c̃⊙i(1−i)   δ_c = ∂c⊙i⊙(1−c̃²)
 * into `delta` (gate stride gs bytes), and carry ← ∂c⊙f (= ∂L/∂c through this step), in place.
 * `cellPrev` holds c, `cellNext` c'.
 */
export function cellBackward(
  n: i32, pre: usize, gs: usize, cellPrev: usize, cellNext: usize, dh: usize, dS: usize, carry: usize, delta: usize,
): void {
  const one = f32x4.splat(1);
  for (let o: usize = 0; o < <usize>n * UNIT; o += 16) {
    const p = pre + o;
    const f = sigmoid(v128.load(p));
    const i = sigmoid(v128.load(p + gs));
    const cTilde = transfer(v128.load(p + 2 * gs), TANH);
    const og = sigmoid(v128.load(p + 3 * gs));
    const sc = sigmoid(v128.load(cellNext + o));
    const dHidden = f32x4.add(v128.load(dh + o), v128.load(dS + o));
    const dCell = f32x4.add(f32x4.mul(f32x4.mul(dHidden, og), sigmoidSlope(sc)), v128.load(carry + o));
    const d = delta + o;
    v128.store(d, f32x4.mul(f32x4.mul(dCell, v128.load(cellPrev + o)), sigmoidSlope(f)));
    v128.store(d + gs, f32x4.mul(f32x4.mul(dCell, cTilde), sigmoidSlope(i)));
    v128.store(d + 2 * gs, f32x4.mul(f32x4.mul(dCell, i), f32x4.sub(one, f32x4.mul(cTilde, cTilde))));
    v128.store(d + 3 * gs, f32x4.mul(f32x4.mul(dHidden, sc), sigmoidSlope(og)));
    v128.store(carry + o, f32x4.mul(dCell, f));
  }
}
