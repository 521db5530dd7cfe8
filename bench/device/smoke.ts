/**
 * `node bench.mjs smoke [BACKEND]` (the device bundle, bench/device/entry.ts): starts the backend (default webgpu)
 * as the benchmark does, checks a matMul against the cpu backend, and times one fused training step at N_rec 50
 * (the first, so shader compilation included). A quick sign that tf.js runs there before the long benchmark.
 */
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { type NodeBackend, useBackend } from '../../src/cli/backends.ts';
import { Rng } from '../../src/core/rng.ts';
import { parseSpecText } from '../../src/core/spec/spec.ts';
import { createTask } from '../../src/core/tasks/registry.ts';
import { Trainer } from '../../src/core/train/trainer.ts';
import { withRecurrentUnits } from '../timing.ts';

/** where the bundle's copy lies (.gpu-bench/examples/): this file runs bundled only */
const EXAMPLE = new URL('../examples/perceptual-discrimination.json', import.meta.url);

export async function main(args: string[]): Promise<void> {
  const backend = (args[0] ?? 'webgpu') as NodeBackend;
  await useBackend('cpu');
  const n = 512;
  const a = tf.randomUniform([n, n], -1, 1, 'float32', 1);
  const b = tf.randomUniform([n, n], -1, 1, 'float32', 2);
  const expected = (await tf.matMul(a, b).data()) as Float32Array;
  const [aData, bData] = [(await a.data()) as Float32Array, (await b.data()) as Float32Array];
  await useBackend(backend);
  const info = (tf.backend() as { adapterInfo?: Record<string, unknown> }).adapterInfo;
  console.log(`smoke: backend ${tf.getBackend()}${info ? ` adapter ${JSON.stringify(info)}` : ''}`);
  let start = performance.now();
  const product = (await tf.matMul(tf.tensor2d(aData, [n, n]), tf.tensor2d(bData, [n, n])).data()) as Float32Array;
  const maxError = product.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i])), 0);
  console.log(`smoke: matMul ${n}x${n}: max |${backend} - cpu| ${maxError.toExponential(2)}, ${(performance.now() - start).toFixed(0)} ms`);
  if (!(maxError < 1e-2)) throw new Error(`smoke: ${backend} matMul disagrees with cpu`);
  const spec = withRecurrentUnits(parseSpecText(readFileSync(EXAMPLE, 'utf8')), 50);
  const batch = createTask(spec.task, new Rng(spec.seed).fork('bench batch')).getTrialBatch();
  const trainer = new Trainer(spec);
  try {
    start = performance.now();
    trainer.step(batch);
    await trainer.network.variables.b_out.data();
    console.log(`smoke: one fused training step, N_rec 50, shaders compiled in it: ${(performance.now() - start).toFixed(0)} ms`);
  } finally {
    trainer.dispose();
  }
}
