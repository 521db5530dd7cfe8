/**
 * tf.js backends in the browser worker: WebGPU, WebGL, WASM (XNNPACK with SIMD) and CPU. Software GPU adapters (SwiftShader) are detected and left out of the
 * automatic choice: they work, but far slower than WASM.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendName, BackendProbe } from './protocol.ts';

// The threaded WASM build starts Emscripten pthread workers that break under a bundler ("e is not defined")
// and then hang the backend's start; the single-threaded SIMD build works everywhere.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});

interface GpuLike {
  requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string; description?: string }; isFallbackAdapter?: boolean } | null>;
}

async function webgpuAvailability(): Promise<Omit<BackendProbe, 'name'>> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return { available: false, reason: 'this browser has no WebGPU (navigator.gpu)' };
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) return { available: false, reason: 'no WebGPU adapter' };
  const info = adapter.info ?? {};
  const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`.toLowerCase();
  if (adapter.isFallbackAdapter || text.includes('swiftshader')) {
    return { available: true, software: true, reason: 'software WebGPU (SwiftShader): correct but slow' };
  }
  return { available: true };
}

function webglAvailability(): Omit<BackendProbe, 'name'> {
  if (typeof OffscreenCanvas === 'undefined') return { available: false, reason: 'no OffscreenCanvas in this worker' };
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
  if (!gl) return { available: false, reason: 'WebGL 2 is disabled or unsupported' };
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = debug ? String(gl.getParameter(debug.UNMASKED_RENDERER_WEBGL)) : '';
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  if (/swiftshader|llvmpipe|software/i.test(renderer)) {
    return { available: true, software: true, reason: `software WebGL (${renderer}): correct but slow` };
  }
  return { available: true };
}

/** Which backends this browser offers, fastest kinds first. */
export async function availableBackends(): Promise<BackendProbe[]> {
  return [
    { name: 'webgpu', ...(await webgpuAvailability()) },
    { name: 'webgl', ...webglAvailability() },
    typeof WebAssembly === 'object'
      ? { name: 'wasm', available: true }
      : { name: 'wasm', available: false, reason: 'WebAssembly is unavailable' },
    { name: 'cpu', available: true },
  ];
}

const START_TIMEOUT_MS = 60_000;

/** Makes `name` the active backend; throws a readable error when it cannot start (or takes over a minute). */
export async function useBrowserBackend(name: BackendName): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the ${name} backend did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
  });
  try {
    const ok = await Promise.race([tf.setBackend(name), timeout]);
    if (!ok) throw new Error(`the ${name} backend could not start`);
    await Promise.race([tf.ready(), timeout]);
  } catch (error) {
    const message = (error as Error).message;
    throw new Error(message.startsWith(`the ${name} backend`) ? message : `the ${name} backend could not start: ${message}`);
  } finally {
    clearTimeout(timer);
  }
}
