/**
 * The LSTM learns the paper's perceptual-discrimination example (Fig. 2 settings, 50,000 trials) to ≥ 0.85.
 * ~400 optimizer steps of a 50-unit LSTM over 200 steps, on the wasm backend (the fused kernel: under a minute).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../testing/node-backends.ts';
import { parseSpec } from '../spec/spec.ts';
import { projectRoot } from '../testing/shared.ts';
import { Trainer } from '../train/trainer.ts';

describe('LSTM on examples/perceptual-discrimination.json', () => {
  it('reaches accuracy ≥ 0.85 within PsychRNN’s default 50,000 trials', async () => {
    await useBackend('wasm');
    const json = JSON.parse(readFileSync(resolve(projectRoot, 'examples/perceptual-discrimination.json'), 'utf8'));
    const spec = parseSpec({ ...json, model: { ...json.model, type: 'lstm' } });
    expect(spec.training.training_iters).toBe(50_000);
    const trainer = new Trainer(spec);
    const result = await trainer.train();
    trainer.dispose();
    expect(result.trials).toBeLessThanOrEqual(50_000 + spec.task.N_batch);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.85);
  }, 1_200_000);
});
