/**
 * What the fused forward and backward WebGPU programs share: one workgroup per trial, the network sizes
 * baked into the shader as constants (one compiled pipeline per network shape), the uniforms (steps T,
 * batch B, alpha α), the transfer function r = f(x) with its slope f'(x), and a flat float32 output.
 */
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import type { TransferFunctionName } from '../../model/transfer.ts';

/** Batch, steps and network sizes. */
export interface FusedDims {
  B: number;
  T: number;
  N_in: number;
  N_rec: number;
  N_out: number;
}

/** Largest workgroup used: every WebGPU device allows 256 invocations per workgroup. */
const MAX_WORKGROUP = 256;

/** One invocation per unit, in whole 32-lane groups, up to 256; larger networks give each invocation several units. */
function workgroupSizeFor(N_rec: number): number {
  return Math.min(MAX_WORKGROUP, Math.ceil(N_rec / 32) * 32);
}

/** `fn transfer(x) -> f32` (f) and `fn slope(x) -> f32` (f'), as tf.js defines them and their gradients. */
function transferWgsl(name: TransferFunctionName): string {
  switch (name) {
    case 'relu':
      return `fn transfer(x : f32) -> f32 { return max(x, 0.0); }
fn slope(x : f32) -> f32 { return select(0.0, 1.0, x > 0.0); }`;
    case 'tanh':
      // tanh(±9) is ±1 in f32 already; the clamp keeps exp-based tanh implementations from overflowing to NaN
      return `fn transfer(x : f32) -> f32 { return tanh(clamp(x, -15.0, 15.0)); }
fn slope(x : f32) -> f32 { let r = transfer(x); return 1.0 - r * r; }`;
    case 'sigmoid':
      return `fn transfer(x : f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }
fn slope(x : f32) -> f32 { let r = transfer(x); return r * (1.0 - r); }`;
    case 'softplus':
      // log(1 + e^x) without overflow; its slope is the logistic sigmoid
      return `fn transfer(x : f32) -> f32 { return max(x, 0.0) + log(1.0 + exp(-abs(x))); }
fn slope(x : f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }`;
    case 'linear':
      return `fn transfer(x : f32) -> f32 { return x; }
fn slope(x : f32) -> f32 { return 1.0; }`;
  }
}

/**
 * WGSL that runs `statement` for every unit i of this invocation. Unit i belongs to invocation i mod WG,
 * in its private slot k = i / WG (UNITS slots, more than one only when N_rec > 256).
 */
export function forEachUnit(statement: string): string {
  return `for (var k = 0; k < UNITS; k++) {
    let i = lid + k * WG;
    if (i < N_REC) { ${statement} }
  }`;
}

/** A tf.js WebGPU program over whole trials: dispatch [B, 1, 1], one workgroup of up to 256 invocations each. */
export abstract class FusedRnnProgram implements WebGPUProgram {
  abstract readonly variableNames: string[];
  readonly outputShape: number[];
  shaderKey: string;
  readonly dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number];
  readonly uniforms = 'steps : i32, batch : i32, alpha : f32,';

  protected constructor(
    name: string,
    private readonly dims: FusedDims,
    private readonly transfer: TransferFunctionName,
    outputSize: number,
  ) {
    const { B, N_in, N_rec, N_out } = dims;
    this.outputShape = [outputSize];
    this.workgroupSize = [workgroupSizeFor(N_rec), 1, 1];
    this.dispatch = [B, 1, 1];
    this.shaderKey = `cogrnn_fused_${name}_${transfer}_${N_in}_${N_rec}_${N_out}_${this.workgroupSize[0]}`;
  }

  /** Module-scope WGSL the program's main body needs: workgroup arrays, helper functions. */
  protected abstract declarationsWgsl(): string;

  /** The body of main, which has `b` (the trial), `lid` (the invocation), `T` and `alpha` in scope. */
  protected abstract mainBodyWgsl(): string;

  /**
   * The constants, f and f', `trialIndex()`, the program's declarations and its main. The backend splits
   * dispatches over 65,535 workgroups into a grid, so a workgroup may lie beyond the batch and must return
   * at once; the index passes through workgroupUniformLoad so that this return keeps the later barriers in
   * uniform control flow.
   */
  getUserCode(): string {
    const { N_in, N_rec, N_out } = this.dims;
    const WG = this.workgroupSize[0];
    return `
const N_IN : i32 = ${N_in};
const N_REC : i32 = ${N_rec};
const N_OUT : i32 = ${N_out};
const WG : i32 = ${WG};
const UNITS : i32 = ${Math.ceil(N_rec / WG)};

${transferWgsl(this.transfer)}

var<workgroup> trial : i32;

fn trialIndex() -> i32 {
  trial = i32(workgroupId.y * numWorkgroups.x + workgroupId.x);
  return workgroupUniformLoad(&trial);
}
${this.declarationsWgsl()}
fn main(index : i32) {
  let b = trialIndex();
  if (b >= uniforms.batch) { return; }
  let lid = i32(localId.x);
  let T = uniforms.steps;
  let alpha = uniforms.alpha;
${this.mainBodyWgsl()}
}
`;
  }
}
