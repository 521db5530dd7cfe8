/** `cogrnn train <spec.json> [--out weights.npz] [--iters TRIALS] [--seed S] [--backend cpu|wasm|webgpu] [--json]` */
import { saveExperimentNpz } from '../core/experiment-file.ts';
import type { ExperimentSpec } from '../core/spec.ts';
import { Trainer } from '../core/train/trainer.ts';
import { choiceOption, integerOption, parseOptions } from './args.ts';
import { NODE_BACKENDS, useBackend } from './backends.ts';
import { CliError, UsageError } from './errors.ts';
import { readSpecFile, writeBytes } from './files.ts';
import { progressReporter } from './progress.ts';

export const TRAIN_USAGE =
  'cogrnn train <spec.json> [--out weights.npz] [--iters TRIALS] [--seed S] [--backend cpu|wasm|webgpu] [--json]';

export async function trainCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    'train',
    args,
    {
      out: { type: 'string' },
      iters: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      json: { type: 'boolean' },
    },
    TRAIN_USAGE,
  );
  if (positionals.length !== 1) {
    throw new UsageError(`train: expected one spec file, got ${positionals.length}; usage: ${TRAIN_USAGE}`);
  }
  const iters = integerOption('train', 'iters', values.iters, 1);
  const seed = integerOption('train', 'seed', values.seed, 0);
  const backend = choiceOption('train', 'backend', values.backend, NODE_BACKENDS) ?? 'wasm';
  const out = values.out as string | undefined;
  if (out !== undefined && out === '') throw new UsageError(`train: --out needs a file name; usage: ${TRAIN_USAGE}`);

  const parsed = readSpecFile(positionals[0]);
  const spec: ExperimentSpec = {
    ...parsed,
    seed: seed ?? parsed.seed,
    training: { ...parsed.training, training_iters: iters ?? parsed.training.training_iters },
  };
  try {
    await useBackend(backend);
  } catch (error) {
    throw new CliError(`train: ${(error as Error).message}`);
  }

  const trainer = new Trainer(spec);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  const json = values.json === true;
  try {
    const result = await trainer.train({ onProgress: progressReporter(process.stderr, json), signal: controller.signal });
    if (!json && process.stderr.isTTY) process.stderr.write('\n');
    if (out) writeBytes(out, saveExperimentNpz(await trainer.exportWeights(), spec), 'weights file');
    const summary = {
      accuracy: result.accuracy,
      loss: result.loss,
      iterations: result.iterations,
      trials: result.trials,
      seconds: Number(result.seconds.toFixed(3)),
      backend,
      stage: result.stage,
      stages: spec.curriculum?.stages.length ?? 1,
      stopReason: result.stopReason,
      losses: result.losses,
      ...(out ? { out } : {}),
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    if (result.stopReason === 'non_finite_loss') {
      process.stderr.write(
        'cogrnn train: stopped because the loss became NaN or infinite; try a lower training.optimizer.learning_rate or training.clip_grads: true\n',
      );
      return 1;
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    trainer.dispose();
  }
}
