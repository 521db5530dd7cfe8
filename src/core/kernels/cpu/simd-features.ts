/**
 * Which build of the fused WebAssembly kernels runs here (scripts/build-kernels.mjs builds each kernel twice):
 *   relaxed — relaxed SIMD: the products' multiply-adds are f32x4.relaxed_madd (./assembly/blocks.ts `madd`),
 *             one FMA instruction where the CPU has one;
 *   plain   — 128-bit SIMD with a separate multiply and add, which every SIMD runtime runs.
 * `auto` (the default) picks relaxed where the runtime validates a relaxed-SIMD instruction, else plain. Node 20's
 * V8 ships relaxed SIMD behind --experimental-wasm-relaxed-simd (Node refuses it in NODE_OPTIONS); setting the flag
 * through node:v8 takes effect for modules compiled afterwards, so in Node the check turns it on itself when needed.
 * Chromium (114 on) runs relaxed SIMD unflagged; a browser without it gets the plain build. COGRNN_SIMD=plain,
 * relaxed or auto in the environment (Node), or setSimdChoice, overrides the choice: for comparisons in
 * `npm run bench` and for the tests of both builds.
 *
 * FMA rounds a·b + c once instead of twice, so the two builds differ in the last bits (the tests state the bound);
 * each build alone is deterministic, run to run.
 */

export const SIMD_CHOICES = ['auto', 'plain', 'relaxed'] as const;
export type SimdChoice = (typeof SIMD_CHOICES)[number];

/** The builds of one kernel, as its generated module (./*-kernel.generated.ts) exports them. */
export interface KernelBuilds {
  WASM_BASE64: string;
  WASM_RELAXED_BASE64: string;
}

export interface KernelFeatures {
  /** the build loadKernel uses */
  simd: 'relaxed' | 'plain';
  /** what was asked for */
  choice: SimdChoice;
  /** why this build, in words */
  reason: string;
}

/**
 * The smallest module using a relaxed-SIMD instruction:
 *   (func (param v128 v128 v128) (result v128) local.get 0 local.get 1 local.get 2 f32x4.relaxed_madd)
 */
const RELAXED_MADD_MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, // type section: (v128, v128, v128) → v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x0d, 0x01, 0x0b, 0x00, // code section: one body of 11 bytes, no locals
  0x20, 0x00, 0x20, 0x01, 0x20, 0x02, // local.get 0, 1, 2
  0xfd, 0x85, 0x02, // f32x4.relaxed_madd: SIMD prefix 0xfd, opcode 0x105 (LEB128)
  0x0b, // end
]);

const V8_FLAG = '--experimental-wasm-relaxed-simd';

/** node:v8 where this is Node (≥ 20.16 has process.getBuiltinModule); undefined in browsers and workers of a page. */
function nodeV8(): { setFlagsFromString(flags: string): void } | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return process?.getBuiltinModule?.('node:v8') as { setFlagsFromString(flags: string): void } | undefined;
}

/** Whether relaxed SIMD validates here, turning on Node 20's V8 flag if that is what it takes; and how. */
function probeRelaxed(): { supported: boolean; how: string } {
  if (WebAssembly.validate(RELAXED_MADD_MODULE)) return { supported: true, how: 'this runtime validates f32x4.relaxed_madd' };
  const v8 = nodeV8();
  if (v8 !== undefined) {
    v8.setFlagsFromString(V8_FLAG);
    if (WebAssembly.validate(RELAXED_MADD_MODULE)) return { supported: true, how: `turned on Node's V8 flag ${V8_FLAG}` };
  }
  return { supported: false, how: 'this runtime does not validate f32x4.relaxed_madd' };
}

/** COGRNN_SIMD from the environment (Node only); 'auto' when unset. */
function environmentChoice(): { choice: SimdChoice; source: string } {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.COGRNN_SIMD;
  if (value === undefined || value === '') return { choice: 'auto', source: 'the default' };
  return { choice: checkedChoice(value, 'COGRNN_SIMD'), source: `COGRNN_SIMD=${value}` };
}

function checkedChoice(value: string, name: string): SimdChoice {
  if (!(SIMD_CHOICES as readonly string[]).includes(value)) {
    throw new Error(`${name} must be one of ${SIMD_CHOICES.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return value as SimdChoice;
}

/** what was asked for, and who asked (for the reason); null until first needed */
let asked: { choice: SimdChoice; source: string } | null = null;
let probe: { supported: boolean; how: string } | null = null;

/** Whether this runtime can run the relaxed build (turning on Node 20's flag if needed), whatever was asked for. */
export function relaxedSimdSupported(): boolean {
  probe ??= probeRelaxed();
  return probe.supported;
}

/** Asks for a build from now on (the kernels already compiled stay cached); throws naming the allowed choices. */
export function setSimdChoice(next: SimdChoice): void {
  asked = { choice: checkedChoice(next, 'the SIMD choice'), source: `setSimdChoice('${next}')` };
}

/** The build in use and why. Throws when relaxed is asked for and this runtime cannot run it. */
export function kernelFeatures(): KernelFeatures {
  const { choice, source } = (asked ??= environmentChoice());
  if (choice === 'plain') return { simd: 'plain', choice, reason: `plain SIMD: asked for by ${source}` };
  const { supported, how } = (probe ??= probeRelaxed());
  if (choice === 'relaxed' && !supported) {
    throw new Error(`relaxed SIMD was asked for by ${source}, but ${how}; allowed here: auto, plain`);
  }
  if (supported) return { simd: 'relaxed', choice, reason: `relaxed-SIMD FMA: ${how}` };
  return { simd: 'plain', choice, reason: `plain SIMD: ${how}` };
}

/** The base64 bytes of the build kernelFeatures() names. */
export function pickBuild(builds: KernelBuilds): string {
  return kernelFeatures().simd === 'relaxed' ? builds.WASM_RELAXED_BASE64 : builds.WASM_BASE64;
}
