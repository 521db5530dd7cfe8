/**
 * The per-step fragment-shader programs of the fused WebGL RNN (./fused-rnn-webgl.ts): a fragment shader
 * cannot loop a recurrence, so each time step is one draw, forward and backward, of the whole step fused.
 * They work on tf.js's packed textures, 2×2 values per texel (rows r, r+1 × columns c, c+1 as .xy, .zw),
 * like tf.js's own matMul: a texel of a step takes N/2 iterations of two fetches for the recurrent product.
 * Every size is padded to even (zero weights to and from the padding), so a texel never spans two steps
 * or two trials. Sequences are time-major with a block of Bp rows per step (row t·Bp + b); "full" ones
 * hold T + 1 blocks. Weights are row-major [post, pre]. Sizes are baked into the shaders; the step and α
 * are uniforms, so one compiled program serves every step.
 */
import type { GPGPUProgram } from '@tensorflow/tfjs-backend-webgl';
import type { TransferFunctionName } from '../../model/transfer.ts';

type UniformType = NonNullable<GPGPUProgram['customUniforms']>[number]['type'];

/** Padded sizes the programs are compiled for: every one even. */
export interface PaddedDims {
  /** trials, the rows of a step's block */
  Bp: number;
  /** inputs plus the constant-1 input that carries b_rec */
  Ni: number;
  /** recurrent units */
  N: number;
  /** outputs */
  No: number;
}

/** GLSL `vec4 rate(vec4 x)` (f) and `vec4 slope(vec4 x)` (f′), as tf.js defines them and their gradients. */
export function transferGlsl(name: TransferFunctionName): string {
  switch (name) {
    case 'relu':
      return `vec4 rate(vec4 x) { return max(x, 0.0); }
vec4 slope(vec4 x) { return vec4(greaterThan(x, vec4(0.0))); }`;
    case 'tanh':
      // tanh from exp(−2|x|): no overflow, unlike the builtin on some drivers
      return `vec4 rate(vec4 x) { vec4 e = exp(-2.0 * abs(x)); return sign(x) * (1.0 - e) / (1.0 + e); }
vec4 slope(vec4 x) { vec4 r = rate(x); return 1.0 - r * r; }`;
    case 'sigmoid':
      return `vec4 rate(vec4 x) { return 1.0 / (1.0 + exp(-x)); }
vec4 slope(vec4 x) { vec4 r = rate(x); return r * (1.0 - r); }`;
    case 'softplus':
      // log(1 + e^x) without overflow; its slope is the logistic sigmoid
      return `vec4 rate(vec4 x) { return max(x, 0.0) + log(1.0 + exp(-abs(x))); }
vec4 slope(vec4 x) { return 1.0 / (1.0 + exp(-x)); }`;
    case 'linear':
      return `vec4 rate(vec4 x) { return x; }
vec4 slope(vec4 x) { return vec4(1.0); }`;
  }
}

/** A program on packed inputs (tf.js converts unpacked ones), with its output packed unless told otherwise. */
export abstract class PackedProgram implements GPGPUProgram {
  abstract variableNames: string[];
  packedInputs = true;
  customUniforms: { name: string; type: UniformType }[];

  constructor(
    public outputShape: number[],
    uniforms: Record<string, UniformType>,
    public userCode: string,
    public packedOutput = true,
  ) {
    this.customUniforms = Object.entries(uniforms).map(([name, type]) => ({ name, type }));
  }
}

/**
 * GLSL: `acc += ` the product of A (rows b, b+1 of `a(j)`, j over n) with M (`m(j)`: M[i][j] for units i, i+1,
 * or Mᵀ with `transposed`, m(j) then reading M[j][i]).
 */
function product(acc: string, n: number, a: string, m: string, transposed: boolean): string {
  const terms = transposed ? 'p.xxzz * w.xyxy + p.yyww * w.zwzw' : 'p.xxzz * w.xzxz + p.yyww * w.ywyw';
  return `for (int j = 0; j < ${n}; j += 2) {
    vec4 p = ${a};
    vec4 w = ${m};
    ${acc} += ${terms};
  }`;
}

const STEP_UNIFORMS: Record<string, UniformType> = { uStep: 'int', uAlpha: 'float' };

/**
 * One forward step, from x_t [Bp, N] (P) to
 *   x_{t+1} = (1−α)·x_t + α·(W_rec f(x_t) + [W_in | b_rec]·[u_t; 1]) + noise_t
 * Inputs P, W (W_rec [N, N]), V ([W_in | b_rec] [N, Ni]), U ([u; 1], full [(T+1)·Bp, Ni]) and, `noisy`, Z
 * (noise, already scaled, [T·Bp, N]). Uniforms uStep (t), uAlpha (α).
 */
export class ForwardStepProgram extends PackedProgram {
  variableNames: string[];

  constructor({ Bp, Ni, N }: PaddedDims, transfer: TransferFunctionName, noisy: boolean) {
    super([Bp, N], STEP_UNIFORMS, `${transferGlsl(transfer)}
void main() {
  ivec2 rc = getOutputCoords();
  int b = rc.x;
  int i = rc.y;
  int row = uStep * ${Bp} + b;
  vec4 drive = vec4(0.0);
  ${product('drive', N, 'rate(getP(b, j))', 'getW(i, j)', false)}
  ${product('drive', Ni, 'getU(row, j)', 'getV(i, j)', false)}
  setOutput((1.0 - uAlpha) * getP(b, i) + uAlpha * drive${noisy ? ' + getZ(row, i)' : ''});
}`);
    this.variableNames = noisy ? ['P', 'W', 'V', 'U', 'Z'] : ['P', 'W', 'V', 'U'];
  }
}

/**
 * One backward step. With G_s = ∂L/∂x_{s+1} through every later step, from G_{s+1} [Bp, N] (P):
 *   G_s = (1−α)·G_{s+1} + f′(x_{s+1}) ⊙ (α·W_recᵀ G_{s+1} + W_outᵀ ∂L/∂y_s) + ∂L/∂states_s
 * (G_T = 0); at s = −1 the same formula gives c_0 = ∂L/∂x_0, as the full sequences' block 0 is x_0 and zero
 * gradients. Inputs P, W (W_rec), X (x_0 … x_T, full [(T+1)·Bp, N]), Y (0, ∂L/∂y, full [(T+1)·Bp, No]), O (W_out
 * [No, N]) and, `withStates`, S (0, ∂L/∂states, full [(T+1)·Bp, N]). Uniforms uStep (s), uAlpha.
 */
export class BackwardStepProgram extends PackedProgram {
  variableNames: string[];

  constructor({ Bp, N, No }: PaddedDims, transfer: TransferFunctionName, withStates: boolean) {
    super([Bp, N], STEP_UNIFORMS, `${transferGlsl(transfer)}
void main() {
  ivec2 rc = getOutputCoords();
  int b = rc.x;
  int i = rc.y;
  int row = (uStep + 1) * ${Bp} + b;
  vec4 back = vec4(0.0);
  ${product('back', N, 'getP(b, j)', 'getW(j, i)', true)}
  back *= uAlpha;
  ${product('back', No, 'getY(row, j)', 'getO(j, i)', true)}
  setOutput((1.0 - uAlpha) * getP(b, i) + slope(getX(row, i)) * back${withStates ? ' + getS(row, i)' : ''});
}`);
    this.variableNames = withStates ? ['P', 'W', 'X', 'Y', 'O', 'S'] : ['P', 'W', 'X', 'Y', 'O'];
  }
}
