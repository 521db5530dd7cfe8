/**
 * Whole-sequence forward and backward (BPTT) of the Basic rate RNN (reference §3.2) in one WebAssembly SIMD
 * call each (kernel source: ./assembly/rnn.ts, equations there). No tf.js: plain Float32Arrays in and out,
 * weights effective (masks and Dale already applied), row-major [post, pre]. Works in Node, browsers and workers:
 * the module is compiled synchronously from bytes generated into ./rnn-kernel.generated.ts by the npm build.
 */
import { WASM_BASE64 } from './rnn-kernel.generated.ts';

export const FUSED_TRANSFER_FUNCTIONS = ['relu', 'tanh', 'linear'] as const;
export type FusedTransfer = (typeof FUSED_TRANSFER_FUNCTIONS)[number];

export interface FusedForwardParams {
  /** inputs u [B, T, N_in] */
  x: Float32Array;
  /** effective weights, row-major [N_rec, N_in], [N_rec, N_rec], [N_out, N_rec] */
  W_in: Float32Array;
  W_rec: Float32Array;
  W_out: Float32Array;
  /** [N_rec] */
  b_rec: Float32Array;
  /** [N_out] */
  b_out: Float32Array;
  /** x_0 for every trial [N_rec] */
  init_state: Float32Array;
  /** recurrent noise added to x_{t+1}, already scaled by sqrt(2α σ_rec²) [B, T, N_rec] */
  noise?: Float32Array | null;
  /** dt/τ */
  alpha: number;
  B: number;
  T: number;
  N_in: number;
  N_rec: number;
  N_out: number;
  transfer: FusedTransfer;
}

export interface FusedForwardResult {
  /** x_{t+1} after consuming u_t [B, T, N_rec] */
  states: Float32Array;
  /** y_t = W_out·f(x_{t+1}) + b_out [B, T, N_out] */
  outputs: Float32Array;
}

export interface FusedBackwardParams extends FusedForwardParams {
  /** the forward's states [B, T, N_rec] */
  states: Float32Array;
  /** ∂L/∂outputs [B, T, N_out] */
  dOutputs: Float32Array;
  /** ∂L/∂states [B, T, N_rec] (for losses or regularizers on the states), none when absent */
  dStates?: Float32Array | null;
}

/** ∂L with respect to each parameter, in the parameter's own shape. */
export interface FusedGradients {
  dW_in: Float32Array;
  dW_rec: Float32Array;
  dW_out: Float32Array;
  db_rec: Float32Array;
  db_out: Float32Array;
  dInit_state: Float32Array;
}

interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  forward(...args: number[]): void;
  backward(...args: number[]): void;
}

const TRANSFER_CODES: Record<FusedTransfer, number> = { relu: 0, tanh: 1, linear: 2 };
const PAGE_BYTES = 65536;

let kernel: KernelExports | null = null;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
  return bytes;
}

function getKernel(): KernelExports {
  kernel ??= new WebAssembly.Instance(new WebAssembly.Module(decodeBase64(WASM_BASE64)), {}).exports as unknown as KernelExports;
  return kernel;
}

/**
 * Bump allocation of float arrays in the kernel's linear memory for one call; 16-byte aligned for v128.
 * `commit()` grows the memory to fit, and only then are `f32` views valid (growing detaches old buffers).
 */
class Arena {
  private end: number;
  f32 = new Float32Array(0);

  constructor(private readonly k: KernelExports) {
    this.end = k.heapBase();
  }

  /** byte address of `floats` new floats */
  alloc(floats: number): number {
    const at = this.end;
    this.end += Math.ceil(floats / 4) * 16;
    return at;
  }

  commit(): void {
    const memory = this.k.memory;
    if (this.end > memory.buffer.byteLength) memory.grow(Math.ceil((this.end - memory.buffer.byteLength) / PAGE_BYTES));
    this.f32 = new Float32Array(memory.buffer);
  }

  write(at: number, data: Float32Array): void {
    this.f32.set(data, at >> 2);
  }

  /** writes a row-major matrix of `rows` rows followed by zero rows up to `paddedRows` */
  writeRows(at: number, data: Float32Array, rows: number, paddedRows: number): void {
    const cols = data.length / rows;
    this.f32.set(data, at >> 2);
    this.f32.fill(0, (at >> 2) + rows * cols, (at >> 2) + paddedRows * cols);
  }

  read(at: number, floats: number): Float32Array {
    return this.f32.slice(at >> 2, (at >> 2) + floats);
  }
}

/** Throws a message naming the field when an array's length does not match its shape. */
function checkShapes(p: FusedForwardParams, extra: Record<string, [Float32Array | null | undefined, number[]]> = {}): void {
  const { B, T, N_in, N_rec, N_out } = p;
  for (const [name, n] of Object.entries({ B, T, N_in, N_rec, N_out })) {
    if (!(Number.isInteger(n) && n > 0)) throw new Error(`${name} must be a positive integer; got ${n}`);
  }
  if (!FUSED_TRANSFER_FUNCTIONS.includes(p.transfer)) {
    throw new Error(`transfer '${p.transfer}' has no fused kernel; allowed: ${FUSED_TRANSFER_FUNCTIONS.join(', ')}`);
  }
  const shapes: Record<string, [Float32Array | null | undefined, number[]]> = {
    x: [p.x, [B, T, N_in]],
    W_in: [p.W_in, [N_rec, N_in]],
    W_rec: [p.W_rec, [N_rec, N_rec]],
    W_out: [p.W_out, [N_out, N_rec]],
    b_rec: [p.b_rec, [N_rec]],
    b_out: [p.b_out, [N_out]],
    init_state: [p.init_state, [N_rec]],
    noise: [p.noise, [B, T, N_rec]],
    ...extra,
  };
  for (const [name, [array, shape]] of Object.entries(shapes)) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (array != null && array.length !== size) {
      throw new Error(`${name} has ${array.length} values; shape [${shape.join(', ')}] needs ${size}`);
    }
  }
}

/** n rounded up to a multiple of 4 (matrix rows padded for the kernel's 4-row blocks) */
const padded = (n: number) => Math.ceil(n / 4) * 4;

/** floats in `n` units of four lanes (four trials side by side) */
const lanes = (n: number) => 4 * n;

/** Runs every trial from init_state: x_{t+1} = (1−α)x_t + α(W_rec f(x_t) + W_in u_t + b_rec) + noise_t. */
export function fusedForward(p: FusedForwardParams): FusedForwardResult {
  checkShapes(p);
  const { B, T, N_in, N_rec, N_out } = p;
  const Np = padded(N_rec);
  const Op = padded(N_out);
  const k = getKernel();
  const m = new Arena(k);
  const at = {
    x: m.alloc(B * T * N_in),
    noise: p.noise ? m.alloc(B * T * N_rec) : 0,
    W_rec: m.alloc(Np * N_rec),
    W_in: m.alloc(Np * N_in),
    W_out: m.alloc(Op * N_rec),
    b_rec: m.alloc(N_rec),
    b_out: m.alloc(N_out),
    init: m.alloc(N_rec),
    states: m.alloc(B * T * N_rec),
    outputs: m.alloc(B * T * N_out),
    scratch: m.alloc(lanes(4 * Np + N_in + Op)),
  };
  m.commit();
  m.write(at.x, p.x);
  if (p.noise) m.write(at.noise, p.noise);
  m.writeRows(at.W_rec, p.W_rec, N_rec, Np);
  m.writeRows(at.W_in, p.W_in, N_rec, Np);
  m.writeRows(at.W_out, p.W_out, N_out, Op);
  m.write(at.b_rec, p.b_rec);
  m.write(at.b_out, p.b_out);
  m.write(at.init, p.init_state);
  k.forward(
    B, T, N_in, N_rec, N_out, Np, Op, p.alpha, TRANSFER_CODES[p.transfer],
    at.x, at.noise, at.W_rec, at.W_in, at.W_out, at.b_rec, at.b_out, at.init, at.states, at.outputs, at.scratch,
  );
  return { states: m.read(at.states, B * T * N_rec), outputs: m.read(at.outputs, B * T * N_out) };
}

/** The [cols, rows] transpose of a row-major [rows, cols] matrix. */
function transpose(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  return out;
}

/** BPTT of L through fusedForward, given ∂L/∂outputs (and ∂L/∂states); the noise does not enter the gradients. */
export function fusedBackward(p: FusedBackwardParams): FusedGradients {
  const { B, T, N_in, N_rec, N_out } = p;
  checkShapes(p, {
    states: [p.states, [B, T, N_rec]],
    dOutputs: [p.dOutputs, [B, T, N_out]],
    dStates: [p.dStates, [B, T, N_rec]],
  });
  const Np = padded(N_rec);
  const blocks = Math.ceil(B / 4);
  const k = getKernel();
  const m = new Arena(k);
  const at = {
    x: m.alloc(B * T * N_in),
    init: m.alloc(N_rec),
    states: m.alloc(B * T * N_rec),
    dOutputs: m.alloc(B * T * N_out),
    dStates: p.dStates ? m.alloc(B * T * N_rec) : 0,
    W_recT: m.alloc(Np * N_rec),
    W_outT: m.alloc(Np * N_out),
    rates: m.alloc(lanes(blocks * (T + 1) * Np)),
    deltas: m.alloc(lanes(blocks * T * Np)),
    work: m.alloc(lanes(5 * Np + (N_in + N_out) * (1 + Np) + N_out)),
    dW_rec: m.alloc(N_rec * N_rec),
    dW_in: m.alloc(N_rec * N_in),
    dW_out: m.alloc(N_out * N_rec),
    db_rec: m.alloc(N_rec),
    db_out: m.alloc(N_out),
    dInit: m.alloc(N_rec),
  };
  m.commit();
  m.write(at.x, p.x);
  m.write(at.init, p.init_state);
  m.write(at.states, p.states);
  m.write(at.dOutputs, p.dOutputs);
  if (p.dStates) m.write(at.dStates, p.dStates);
  m.writeRows(at.W_recT, transpose(p.W_rec, N_rec, N_rec), N_rec, Np);
  m.writeRows(at.W_outT, transpose(p.W_out, N_out, N_rec), N_rec, Np);
  k.backward(
    B, T, N_in, N_rec, N_out, Np, p.alpha, TRANSFER_CODES[p.transfer],
    at.x, at.init, at.states, at.dOutputs, at.dStates, at.W_recT, at.W_outT, at.rates, at.deltas, at.work,
    at.dW_rec, at.dW_in, at.dW_out, at.db_rec, at.db_out, at.dInit,
  );
  return {
    dW_in: m.read(at.dW_in, N_rec * N_in),
    dW_rec: m.read(at.dW_rec, N_rec * N_rec),
    dW_out: m.read(at.dW_out, N_out * N_rec),
    db_rec: m.read(at.db_rec, N_rec),
    db_out: m.read(at.db_out, N_out),
    dInit_state: m.read(at.dInit, N_rec),
  };
}
