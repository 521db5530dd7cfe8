#!/usr/bin/env node
/**
 * `npm run bench:device-prepare`: packs what bench/device/run.sh needs on the GPU machine (no network, maybe no node)
 * into the git-ignored folder `.gpu-bench/`, which the device `run` call names in `carry`:
 *
 *   bench/bench.mjs            bench/device/entry.ts bundled into one ESM file (`webgpu` external, `--browser` stubbed
 *                              out): bench/run.ts, plus `smoke` (smoke.ts) and `render bench.json` (render.ts)
 *   examples/…json             the example the bundle reads (new URL('../examples/…', import.meta.url))
 *   node_modules/webgpu/       package.json, index.js, dist/linux-x64/dawn.node.xz (run.sh unpacks it)
 *   node_modules/@tensorflow/tfjs-backend-wasm/   package.json + dist/*.wasm (node-backends.ts require.resolve()s it)
 *   node.xz                    this node binary, stripped, for a machine without node >= 20
 *   debs/*.deb                 Debian's libvulkan1 (Vulkan loader) and libglvnd0 (libGLdispatch, which the NVIDIA
 *                              ICD library links), unpacked by run.sh only where the machine lacks them
 *
 * node.xz and the debs are reused from an earlier run when still current (xz of node takes ~30 s here).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(root, '.gpu-bench');
const require = createRequire(join(root, 'package.json'));
const log = (line) => process.stderr.write(`[prepare] ${line}\n`);
const sh = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], ...opts });
const MiB = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`;
const DEBS = ['libvulkan1', 'libglvnd0'];

if (process.platform !== 'linux' || process.arch !== 'x64') {
  throw new Error(`the device is linux x64; this is ${process.platform} ${process.arch}: run prepare on an x64 Linux machine`);
}

// keep the slow or networked parts of an earlier run
const keep = new Set(['node.xz', 'node.version', 'debs']);
mkdirSync(out, { recursive: true });
for (const name of readdirSync(out)) if (!keep.has(name)) rmSync(join(out, name), { recursive: true, force: true });

// 1. the generated kernel modules the bundle imports (*.generated.ts; a no-op when current)
sh(process.execPath, [join(root, 'scripts/build-kernels.mjs')], { cwd: root, stdio: 'inherit' });

// 2. the bundles
const esbuild = await import(require.resolve('esbuild'));
const stubBrowser = {
  name: 'stub-browser-bench',
  setup(build) {
    // bench/browser/run.ts drives Vite and Playwright: not on the device
    build.onResolve({ filter: /(^|\/)browser\/run(\.ts)?$/ }, () => ({ path: 'browser-bench-stub', namespace: 'stub' }));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: "export async function runBrowserBench() { throw new Error('--browser is not in the device bundle'); }",
      loader: 'js',
    }));
  },
};
/** jsonc-parser's "main" is a UMD build whose require('./impl/…') esbuild cannot follow: take its ESM build */
const preferEsm = {
  name: 'prefer-esm',
  setup(build) {
    build.onResolve({ filter: /^jsonc-parser$/ }, () => ({ path: require.resolve('jsonc-parser/lib/esm/main.js') }));
  },
};
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['webgpu'],
  plugins: [stubBrowser, preferEsm],
  logLevel: 'warning',
  // keep side-effect imports such as `import '@tensorflow/tfjs-backend-cpu'` (it registers the cpu backend), which a
  // package's "sideEffects" list would otherwise let esbuild drop
  ignoreAnnotations: true,
  // CommonJS dependencies (tfjs' node builds) call require() for node built-ins, and tfjs-backend-wasm's Emscripten
  // loader reads __dirname
  banner: {
    js: [
      "import { createRequire as __cogrnnCreateRequire } from 'node:module';",
      "import { fileURLToPath as __cogrnnFileURLToPath } from 'node:url';",
      "import { dirname as __cogrnnDirname } from 'node:path';",
      'const require = __cogrnnCreateRequire(import.meta.url);',
      'const __filename = __cogrnnFileURLToPath(import.meta.url);',
      'const __dirname = __cogrnnDirname(__filename);',
    ].join(' '),
  },
};
await esbuild.build({ ...common, entryPoints: [join(root, 'bench/device/entry.ts')], outfile: join(out, 'bench/bench.mjs') });

// 3. files the bundle reads at run time
const copy = (from, to) => {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
};
copy(join(root, 'examples/perceptual-discrimination.json'), join(out, 'examples/perceptual-discrimination.json'));
const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
const wasmOut = join(out, 'node_modules/@tensorflow/tfjs-backend-wasm');
copy(join(wasmDir, 'package.json'), join(wasmOut, 'package.json'));
for (const name of readdirSync(join(wasmDir, 'dist')).filter((n) => n.endsWith('.wasm'))) copy(join(wasmDir, 'dist', name), join(wasmOut, 'dist', name));

const gpuDir = dirname(require.resolve('webgpu/package.json'));
const gpuOut = join(out, 'node_modules/webgpu');
const gpuMain = JSON.parse(readFileSync(join(gpuDir, 'package.json'), 'utf8')).main ?? 'index.js';
copy(join(gpuDir, 'package.json'), join(gpuOut, 'package.json'));
copy(join(gpuDir, gpuMain), join(gpuOut, gpuMain));
mkdirSync(join(gpuOut, 'dist/linux-x64'), { recursive: true });
writeFileSync(join(gpuOut, 'dist/linux-x64/dawn.node.xz'), sh('xz', ['-T0', '-6', '-c', join(gpuDir, 'dist/linux-x64/dawn.node')], { maxBuffer: 1 << 30 }));

// 4. node itself, stripped (it ships with debug info) and xz-compressed
const nodeStamp = `${process.version} ${statSync(process.execPath).size} ${statSync(process.execPath).mtimeMs}`;
const stampFile = join(out, 'node.version');
if (!existsSync(join(out, 'node.xz')) || !existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== nodeStamp) {
  log(`compressing ${process.execPath} (${process.version}); about half a minute`);
  const tmp = join(out, 'node.tmp');
  copyFileSync(process.execPath, tmp);
  try {
    sh('strip', ['--strip-all', tmp]);
  } catch {
    log('strip failed; carrying node unstripped');
  }
  writeFileSync(join(out, 'node.xz'), sh('xz', ['-T0', '-6', '-c', tmp], { maxBuffer: 1 << 30 }));
  rmSync(tmp);
  writeFileSync(stampFile, nodeStamp);
}

// 5. the Vulkan loader (and libGLdispatch) as amd64 .debs, per /work/.library/device/README.md
const debDir = join(out, 'debs');
mkdirSync(debDir, { recursive: true });
const haveDeb = (pkg) => readdirSync(debDir).some((n) => n.startsWith(`${pkg}_`) && n.endsWith('.deb'));
const missing = DEBS.filter((pkg) => !haveDeb(pkg));
if (missing.length > 0) {
  const lists = '/tmp/amd64-lists';
  mkdirSync(join(lists, 'partial'), { recursive: true });
  const o = ['-oAPT::Architecture=amd64', '-oAPT::Architectures=amd64', `-oDir::State::Lists=${lists}`];
  log(`apt-get download ${missing.join(' ')}`);
  sh('apt-get', [...o, '-qq', 'update'], { stdio: 'inherit' });
  sh('apt-get', [...o, '-qq', 'download', ...missing], { cwd: debDir, stdio: 'inherit' });
}

// 6. sizes
const sizes = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else sizes.push([relative(root, path), statSync(path).size]);
  }
};
walk(out);
for (const [path, size] of sizes.sort((a, b) => b[1] - a[1])) process.stdout.write(`${MiB(size).padStart(9)}  ${path}\n`);
const total = sizes.reduce((sum, [, size]) => sum + size, 0);
process.stdout.write(`${MiB(total).padStart(9)}  total in .gpu-bench/ (the device call's limit: 64 MiB with the working tree)\n`);
if (total > 56 * 2 ** 20) throw new Error(`.gpu-bench/ is ${MiB(total)}: too close to the 64 MiB limit`);
