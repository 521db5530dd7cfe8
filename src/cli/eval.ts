/**
 * `cogrnn eval --weights w.npz --task <builtin name | spec.json | task.ts> [--seed S] [--json]`
 * Accuracy of saved weights on a fresh batch of the task, run through the plain-TypeScript simulator. A spec file is
 * scored on its `task` (also with a curriculum), as training's final accuracy is.
 */
import { simulationIssue } from '../core/resources.ts';
import { Rng } from '../core/rng.ts';
import { parseSpec, SPEC_VERSION, type TaskSpec } from '../core/spec/spec.ts';
import { BUILTIN_TASK_NAMES, createTask } from '../core/tasks/registry.ts';
import { integerOption, parseOptions, requiredString } from './args.ts';
import { CliError, UsageError } from './errors.ts';
import { readSpecFile, readWeightsFile } from './files.ts';
import { nonFiniteResult, simulatorFor } from './simulate.ts';
import { withTaskFile } from './task-file.ts';
import { checkTaskTypes } from './type-check.ts';

export const EVAL_USAGE = `cogrnn eval --weights w.npz --task <${BUILTIN_TASK_NAMES.join('|')}|spec.json|task.ts> [--seed S] [--json]`;

/**
 * A built-in task name with its default settings (PsychRNN's dt 10, tau 100, T 2000, N_batch 128 unless the task
 * has its own), a spec file's `task`, or a task file with its defaults.
 */
function resolveTask(task: string): { task: TaskSpec; recNoise: number } {
  if ((BUILTIN_TASK_NAMES as readonly string[]).includes(task)) {
    return { task: parseSpec({ version: SPEC_VERSION, task: { name: task } }).task, recNoise: 0 };
  }
  if (task.endsWith('.ts')) {
    const spec = withTaskFile('eval', null, task);
    checkTaskTypes('eval', spec);
    return { task: spec.task, recNoise: 0 };
  }
  if (!task.endsWith('.json')) {
    throw new UsageError(`eval: --task got ${JSON.stringify(task)}; allowed: ${BUILTIN_TASK_NAMES.join(', ')}, a spec .json file or a task .ts file`);
  }
  const spec = readSpecFile(task);
  checkTaskTypes('eval', spec);
  // the spec's `task`, with a curriculum too: it is what training's final accuracy is measured on (PsychRNN tests
  // on the task it is given), not the curriculum's last stage
  return { task: spec.task, recNoise: spec.model.rec_noise };
}

export async function evalCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    'eval',
    args,
    { weights: { type: 'string' }, task: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } },
    EVAL_USAGE,
  );
  if (positionals.length > 0) throw new UsageError(`eval: unexpected argument ${JSON.stringify(positionals[0])}; usage: ${EVAL_USAGE}`);
  const weightsPath = requiredString('eval', 'weights', values.weights, EVAL_USAGE);
  const taskArg = requiredString('eval', 'task', values.task, EVAL_USAGE);
  const seed = integerOption('eval', 'seed', values.seed, 0) ?? 0;
  const { weights } = readWeightsFile(weightsPath);
  const { task: taskSpec, recNoise } = resolveTask(taskArg);

  // a parsed built-in task always builds (the spec check holds its rules); a custom one is compiled here
  const task = createTask(taskSpec, new Rng(seed).fork('evaluation trials'));
  if (task.N_in !== weights.N_in || task.N_out !== weights.N_out) {
    throw new CliError(
      `eval: ${task.name} has N_in ${task.N_in}, N_out ${task.N_out}; the network in ${weightsPath} has N_in ${weights.N_in}, N_out ${weights.N_out}`,
    );
  }
  const tooLarge = simulationIssue(task.N_batch, task.N_steps, weights.N_rec, weights.N_out);
  if (tooLarge) throw new CliError(`eval: ${tooLarge}`);
  const batch = task.getTrialBatch();
  const { outputs, states } = simulatorFor(weights, task.alpha, recNoise, seed).runTrials(batch.x);
  const diverged = nonFiniteResult(outputs, states);
  if (diverged) throw new CliError(`eval: ${diverged}, so it has no accuracy`);
  const accuracy = task.accuracyFunction(batch.y, outputs, batch.mask, batch.params);
  const result = { accuracy, trials: task.N_batch, task: task.name, weights: weightsPath };
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `accuracy ${accuracy.toFixed(4)} on ${task.N_batch} trials of ${task.name}\n`);
  return 0;
}
