/**
 * `cogrnn check <spec.json> [--json]`: validates a spec and says what training it would cost (memory, time)
 * before anything runs, with the warning `train` would print. Exit 0 when the spec is valid.
 */
import { estimateResources, formatBytes, formatDuration, resourceWarning } from '../core/resources.ts';
import { parseOptions } from './args.ts';
import { Rng } from '../core/rng.ts';
import type { ExperimentSpec } from '../core/spec/spec.ts';
import { createTask, CUSTOM_TASK } from '../core/tasks/registry.ts';
import { CliError, UsageError } from './errors.ts';
import { oneLine, readSpecFile } from './files.ts';
import { checkTaskTypes } from './type-check.ts';

export const CHECK_USAGE = 'cogrnn check <spec.json> [--json]';

/** A custom task's source compiles and builds with its option values and recorded shapes (built-in ones always do). */
function checkCustomTasks(spec: ExperimentSpec): void {
  for (const task of [spec.task, ...(spec.curriculum?.stages ?? [])]) {
    if (task.name !== CUSTOM_TASK) continue;
    try {
      createTask({ ...task, N_batch: 1 }, new Rng(spec.seed));
    } catch (error) {
      throw new CliError(`check: ${oneLine((error as Error).message)}`);
    }
  }
}

export async function checkCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions('check', args, { json: { type: 'boolean' } }, CHECK_USAGE);
  if (positionals.length !== 1) throw new UsageError(`check: expected one spec file, got ${positionals.length}; usage: ${CHECK_USAGE}`);
  const path = positionals[0];
  const spec = readSpecFile(path);
  checkTaskTypes('check', spec);
  checkCustomTasks(spec);
  const e = estimateResources(spec);
  const warning = resourceWarning(spec);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ spec: path, valid: true, ...e, warning })}\n`);
    return 0;
  }
  const [B, S, N] = e.statesShape;
  process.stdout.write(
    `${path}: valid (${spec.task.name === CUSTOM_TASK ? `custom task ${String(spec.task.file)}` : spec.task.name}, ${spec.model.type} N_rec ${N}, ${B} trials × ${S} steps a batch); ` +
      `training needs about ${formatBytes(e.bytes)} of memory and ${formatDuration(e.secondsPerIteration)} per step on a CPU, ` +
      `${formatDuration(e.totalSeconds)} for ${e.iterations.toLocaleString('en-US')} steps\n`,
  );
  if (warning) process.stderr.write(`cogrnn check: warning: ${warning}\n`);
  return 0;
}
