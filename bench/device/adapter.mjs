// `node adapter.mjs WEBGPU_PACKAGE_DIR`: prints the WebGPU adapter Dawn finds (as the benchmark does: create([])),
// its features and main limits, as JSON. Exits 2 when there is none.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = resolve(process.argv[2] ?? '.gpu-bench/node_modules/webgpu');
const { create, globals } = await import(pathToFileURL(join(dir, 'index.js')).href);
Object.assign(globalThis, globals);
const gpu = create([]);
const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
if (!adapter) {
  console.log(JSON.stringify({ adapter: null }));
  process.exit(2);
}
const info = adapter.info ?? {};
const limits = {};
for (const key of ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxComputeWorkgroupSizeX', 'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupStorageSize', 'maxStorageBuffersPerShaderStage', 'maxComputeWorkgroupsPerDimension']) limits[key] = adapter.limits[key];
console.log(JSON.stringify({
  adapter: { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter },
  features: [...adapter.features].sort(),
  limits,
}, null, 2));
process.exit(0); // Dawn's objects can keep the process alive
