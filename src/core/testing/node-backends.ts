/**
 * tf.js backends in Node: cpu (plain JavaScript), wasm (XNNPACK, the fastest here without a GPU)
 * and webgpu through Dawn (the `webgpu` npm package). Without a GPU, Dawn runs on Chromium's
 * SwiftShader Vulkan driver when it is installed.
 *
 * Node only (child_process, fs, module), hence here beside the other Node-only helpers and out of the page's
 * bundle: the core tests that run on every backend use it, and so do the CLI (src/cli/backends.ts) and bench/.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const NODE_BACKENDS = ['cpu', 'wasm', 'webgpu'] as const;
export type NodeBackend = (typeof NODE_BACKENDS)[number];

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const require = createRequire(import.meta.url);

/** Kept for the whole process: Dawn crashes when its GPU object is garbage-collected. */
let dawnGpu: unknown = null;

async function registerWasm(): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
}

/**
 * Whether Dawn finds an adapter, asked in a child process: Dawn writes its warnings ("vkCreateInstance: Found no
 * drivers!") straight to the process's stderr, where they would come before our own one-line message. Returns
 * null when there is one, else the reason (Dawn's first warning, when it gave one).
 */
function webGpuUnavailable(): string | null {
  const url = pathToFileURL(require.resolve('webgpu')).href;
  const script = `const { create, globals } = await import(${JSON.stringify(url)}); Object.assign(globalThis, globals);
    const adapter = await create([]).requestAdapter(); console.log(adapter ? 'adapter' : 'none'); process.exit(0);`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  if (child.stdout?.trim() === 'adapter') return null;
  const warning = (child.stderr ?? '').split('\n').find((line) => /^Warning: /.test(line))?.replace(/^Warning: /, '');
  return warning ? `no WebGPU adapter was found (Dawn: ${warning})` : 'no WebGPU adapter was found';
}

async function registerWebGpu(): Promise<void> {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  const unavailable = webGpuUnavailable();
  if (unavailable) throw new Error(`backend webgpu: could not start; ${unavailable} (a GPU, or Chromium's SwiftShader driver, is needed); available: cpu, wasm`);
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  dawnGpu = create([]);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: dawnGpu }, configurable: true, writable: true });
  await import('@tensorflow/tfjs-backend-webgpu');
}

/** Makes `name` the active tf.js backend, or throws a message saying why it is unavailable. */
export async function useBackend(name: NodeBackend): Promise<void> {
  // tf.js prints a hint to install tfjs-node on the cpu backend; we choose backends deliberately.
  tf.env().set('IS_TEST', true);
  if (name === 'wasm' && !tf.findBackendFactory('wasm')) await registerWasm();
  if (name === 'webgpu' && !tf.findBackendFactory('webgpu')) await registerWebGpu(); // throws its own message
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } catch (error) {
    throw new Error(`backend ${name}: could not start (${(error as Error).message})`);
  }
  if (!ok) {
    const hint = name === 'webgpu' ? '; no WebGPU adapter was found (a GPU, or Chromium\'s SwiftShader driver, is needed)' : '';
    throw new Error(`backend ${name}: could not start${hint}; available: cpu, wasm`);
  }
  await tf.ready();
}
