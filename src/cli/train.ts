/** `cogrnn train <spec.json> [--task-file task.ts] [--out weights.npz] [--iters TRIALS] [--seed S] [--backend cpu|wasm|webgpu] [--threads N|auto] [--json]` */
import { saveExperimentNpz } from '../core/io/experiment-file.ts';
import { resourceWarning } from '../core/resources.ts';
import type { ExperimentSpec } from '../core/spec/spec.ts';
import { defaultThreads, startKernelThreads, stopKernelThreads } from '../core/kernels/cpu/threads/threads.ts';
import { nonFiniteAdvice } from '../core/train/advice.ts';
import { Trainer, type TrainingResult } from '../core/train/trainer.ts';
import { choiceOption, integerOption, parseOptions } from './args.ts';
import { NODE_BACKENDS, useBackend } from './backends.ts';
import { CliError, UsageError } from './errors.ts';
import { checkWritable, readSpecFile, readSpecJson, writeBytes } from './files.ts';
import { progressReporter } from './progress.ts';
import { withTaskFile } from './task-file.ts';
import { checkTaskTypes } from './type-check.ts';

export const TRAIN_USAGE =
  'cogrnn train <spec.json> [--task-file task.ts] [--out weights.npz] [--iters TRIALS] [--seed S] [--backend cpu|wasm|webgpu] [--threads N|auto] [--json] ' +
  '(with --task-file the spec is optional)';

export async function trainCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    'train',
    args,
    {
      out: { type: 'string' },
      iters: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      threads: { type: 'string' },
      json: { type: 'boolean' },
      'task-file': { type: 'string' },
    },
    TRAIN_USAGE,
  );
  const taskFile = values['task-file'] as string | undefined;
  if (taskFile === '') throw new UsageError(`train: --task-file needs a file name; usage: ${TRAIN_USAGE}`);
  if (positionals.length > 1 || (positionals.length === 0 && taskFile === undefined)) {
    throw new UsageError(`train: expected one spec file, got ${positionals.length}; usage: ${TRAIN_USAGE}`);
  }
  const iters = integerOption('train', 'iters', values.iters, 1);
  const seed = integerOption('train', 'seed', values.seed, 0);
  const backend = choiceOption('train', 'backend', values.backend, NODE_BACKENDS) ?? 'wasm';
  // kernel threads split the cpu and wasm backends' fused kernels over the batch; auto: the cores reported, at most 8
  const threads = values.threads === 'auto' ? (await defaultThreads()).threads : (integerOption('train', 'threads', values.threads, 1) ?? 1);
  const out = values.out as string | undefined;
  if (out !== undefined && out === '') throw new UsageError(`train: --out needs a file name; usage: ${TRAIN_USAGE}`);

  const parsed =
    taskFile === undefined
      ? readSpecFile(positionals[0])
      : withTaskFile('train', positionals.length === 1 ? readSpecJson(positionals[0]) : null, taskFile);
  checkTaskTypes('train', parsed);
  const spec: ExperimentSpec = {
    ...parsed,
    seed: seed ?? parsed.seed,
    training: { ...parsed.training, training_iters: iters ?? parsed.training.training_iters },
  };
  if (out) checkWritable(out, 'weights file'); // before the run, not after it
  const json = values.json === true;
  const warning = resourceWarning(spec);
  if (warning) process.stderr.write(json ? `${JSON.stringify({ event: 'warning', message: warning })}\n` : `cogrnn train: warning: ${warning}\n`);
  try {
    await useBackend(backend);
    await startKernelThreads(threads);
  } catch (error) {
    throw new CliError(`train: ${(error as Error).message}`);
  }

  const trainer = new Trainer(spec);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    const initial = out === undefined ? undefined : await trainer.network.exportWeights(); // the file says what training changed
    const result = await trainer.train({ onProgress: progressReporter(process.stderr, json), signal: controller.signal });
    if (!json && process.stderr.isTTY) process.stderr.write('\n');
    // after a NaN the trainer holds the last good weights; with none past the initial ones there is nothing to keep
    const write = out !== undefined && !(result.stopReason === 'non_finite_loss' && !result.keptTrials);
    if (write) writeBytes(out, saveExperimentNpz(await trainer.exportWeights(), spec, initial), 'weights file');
    const summary = {
      accuracy: result.accuracy,
      loss: result.loss,
      iterations: result.iterations,
      trials: result.trials,
      seconds: Number(result.seconds.toFixed(3)),
      backend,
      threads,
      stage: result.stage,
      stages: spec.curriculum?.stages.length ?? 1,
      stopReason: result.stopReason,
      losses: result.losses,
      ...(write ? { out } : {}),
      ...(result.keptTrials !== undefined ? { keptTrials: result.keptTrials } : {}),
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    if (result.stopReason === 'non_finite_loss') {
      process.stderr.write(`cogrnn train: ${nonFiniteReport(result, spec, out, write)}\n`);
      return 1;
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    trainer.dispose();
    stopKernelThreads();
  }
}

/** What happened to the weights when the loss became NaN or infinite, and what to change. */
function nonFiniteReport(result: TrainingResult, spec: ExperimentSpec, out: string | undefined, written: boolean): string {
  const stopped = `stopped at ${result.trials} trials because the loss became NaN or infinite`;
  const kept = result.keptTrials ?? 0;
  const weights = written
    ? `wrote the last good weights (after ${kept} trials) to ${out}`
    : out
      ? `no weights were good past the initial ones, so ${out} was not written (left as it was)`
      : 'no weights were written (no --out)';
  return `${stopped}; ${weights}; ${nonFiniteAdvice(spec, 'spec')}`;
}
