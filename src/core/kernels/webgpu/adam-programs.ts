/**
 * TensorFlow 1's Adam update of one variable (reference §6) as three small WebGPU programs, with PsychRNN's
 * gradient handling folded in, so that a variable takes four dispatches where the tf.js ops take about twenty:
 *   g̃ = g ⊙ (1 − M) / max(1, ‖g ⊙ (1 − M)‖₂)          (fixed entries M; the division only when clipping)
 *   m' = β1·m + (1−β1)·g̃,   v' = β2·v + (1−β2)·g̃²,   θ' = θ − lr_t·m'/(√v' + ε)
 * The programs follow the tf.js ops' arithmetic step by step (and take 1−β as computed in JavaScript), so
 * they agree with ../../train/optimizer.ts's op-by-op update to float32 rounding.
 */
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

/** Invocations of the norm's single workgroup (every WebGPU device allows 256). */
const NORM_WORKGROUP = 256;
/** Invocations per workgroup of the element-wise programs. */
const ELEMENTWISE_WORKGROUP = 64;
/** Workgroups along x before the element-wise grid wraps into y (WebGPU allows 65,535 a dimension). */
const MAX_GRID_X = 32_768;

/** WGSL `fn gradient(k) -> f32`: g ⊙ (1 − M) at flat index k (g alone without a fixed-weight mask). */
function maskedGradientWgsl(masked: boolean): string {
  return `fn gradient(k : i32) -> f32 { return ${masked ? 'g[k] * (1.0 - fixed[k])' : 'g[k]'}; }`;
}

/**
 * max(1, ‖g ⊙ (1 − M)‖₂), the divisor of tf.clip_by_norm(·, 1), as a [1] tensor: one workgroup strides
 * over the variable's `count` entries and sums the squares in workgroup memory.
 * Inputs: `g`, then `fixed` (M) when masked.
 */
export class ClipDivisorProgram implements WebGPUProgram {
  readonly variableNames: string[];
  readonly outputShape = [1];
  readonly shaderKey: string;
  readonly dispatchLayout = { x: [0] };
  readonly dispatch: [number, number, number] = [1, 1, 1];
  readonly workgroupSize: [number, number, number] = [NORM_WORKGROUP, 1, 1];
  readonly uniforms = 'count : i32,';

  constructor(private readonly masked: boolean) {
    this.variableNames = ['g', ...(masked ? ['fixed'] : [])];
    this.shaderKey = `cogrnn_clip_divisor_${masked}`;
  }

  getUserCode(): string {
    return `
${maskedGradientWgsl(this.masked)}
var<workgroup> partial : array<f32, ${NORM_WORKGROUP}>;
fn main(index : i32) {
  let lid = i32(localId.x);
  var sum = 0.0;
  for (var k = lid; k < uniforms.count; k += ${NORM_WORKGROUP}) { let gk = gradient(k); sum += gk * gk; }
  partial[lid] = sum;
  workgroupBarrier();
  for (var stride = ${NORM_WORKGROUP / 2}; stride > 0; stride /= 2) {
    if (lid < stride) { partial[lid] += partial[lid + stride]; }
    workgroupBarrier();
  }
  if (lid == 0) { result[0] = max(sqrt(partial[0]), 1.0); }
}`;
  }
}

/** An element-wise program over a variable's entries: index < size, the grid wrapping into y past 32,768 workgroups. */
abstract class ElementwiseProgram implements WebGPUProgram {
  abstract readonly variableNames: string[];
  abstract readonly shaderKey: string;
  abstract readonly uniforms: string;
  readonly outputShape: number[];
  readonly dispatchLayout = { x: [0] };
  readonly dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [ELEMENTWISE_WORKGROUP, 1, 1];
  readonly size = true;

  protected constructor(shape: number[]) {
    this.outputShape = shape;
    const groups = Math.max(1, Math.ceil(shape.reduce((a, b) => a * b, 1) / ELEMENTWISE_WORKGROUP));
    this.dispatch = groups <= MAX_GRID_X ? [groups, 1, 1] : [MAX_GRID_X, Math.ceil(groups / MAX_GRID_X), 1];
  }

  abstract getUserCode(): string;
}

/**
 * m' = β1·m + (1−β1)·g̃ (order 1) or v' = β2·v + (1−β2)·g̃² (order 2), in the variable's shape.
 * Inputs: `g`, `fixed` when masked, `divisor` (ClipDivisorProgram's [1]) when clipped, then `moment`.
 * Uniforms: beta, oneMinusBeta.
 */
export class AdamMomentProgram extends ElementwiseProgram {
  readonly variableNames: string[];
  readonly shaderKey: string;
  readonly uniforms = 'beta : f32, oneMinusBeta : f32,';

  constructor(shape: number[], private readonly order: 1 | 2, private readonly masked: boolean, private readonly clipped: boolean) {
    super(shape);
    this.variableNames = ['g', ...(masked ? ['fixed'] : []), ...(clipped ? ['divisor'] : []), 'moment'];
    this.shaderKey = `cogrnn_adam_moment_${order}_${masked}_${clipped}`;
  }

  getUserCode(): string {
    const term = this.order === 1 ? 'gk' : 'gk * gk';
    return `
${maskedGradientWgsl(this.masked)}
fn main(index : i32) {
  if (index < uniforms.size) {
    let gk = ${this.clipped ? 'gradient(index) / divisor[0]' : 'gradient(index)'};
    result[index] = moment[index] * uniforms.beta + (${term}) * uniforms.oneMinusBeta;
  }
}`;
  }
}

/** θ' = θ − lr_t·m'/(√v' + ε), in the variable's shape. Inputs: `theta`, `m` (m'), `v` (v'). Uniforms: lrT, epsilon. */
export class AdamParameterProgram extends ElementwiseProgram {
  readonly variableNames = ['theta', 'm', 'v'];
  readonly shaderKey = 'cogrnn_adam_parameter';
  readonly uniforms = 'lrT : f32, epsilon : f32,';

  constructor(shape: number[]) {
    super(shape);
  }

  getUserCode(): string {
    return `
fn main(index : i32) {
  if (index < uniforms.size) {
    result[index] = theta[index] - uniforms.lrT * (m[index] / (sqrt(v[index]) + uniforms.epsilon));
  }
}`;
  }
}
