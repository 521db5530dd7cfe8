/**
 * An experiment for a network that came without one (a PsychRNN .npz holds weights only): which built-in tasks it
 * fits, and the spec that evaluates it on the chosen one. Everything the file says is taken from the file — N_in,
 * N_rec, N_out, the model (an LSTM by its gates), dale_ratio, the three connectivity masks and the transfer function
 * (PsychRNN pickles it since 2022; an older file means relu, PsychRNN's default, reference §7) — and the rest is
 * the task's and the spec's defaults. PsychRNN's files hold no dt or tau: the person gives them (PsychRNN's
 * tutorials use dt 10, tau 100). The spec goes through the spec's own parser, so a file it cannot describe (a mask
 * that is not 0/1, a dale_ratio of 1) is refused with the parser's message.
 */
import type { NdArray, NetworkWeights } from '../../core/model/weights.ts';
import { type ExperimentSpec, safeParseSpec, SPEC_VERSION } from '../../core/spec/spec.ts';
import { BUILTIN_TASKS, builtinTask, taskShape } from '../../core/tasks/registry.ts';

/** PsychRNN's own tutorials' timing (the fixture's too): used when a file does not say. */
export const PSYCHRNN_TIMING = { dt: 10, tau: 100 } as const;

export interface TaskChoice {
  name: string;
  title: string;
}

type TaskInput = { name: string } & Record<string, unknown>;

/**
 * The task config of `name` shaped for the network: a task whose channel counts are options (MatchToCategory's
 * ring) takes the network's; an LSTM's or GRU's batch is its init_hidden's rows. Null when the task cannot fit.
 */
function taskFor(name: string, weights: NetworkWeights, timing?: { dt: number; tau: number }): TaskInput | null {
  const definition = builtinTask(name);
  if (!definition) return null;
  const task: TaskInput = { name, ...timing };
  for (const key of ['N_in', 'N_out'] as const) if (key in definition.options) task[key] = weights[key];
  if (weights.model !== 'basic') task.N_batch = weights.init_hidden.shape[0];
  const parsed = safeParseSpec({ version: SPEC_VERSION, task });
  if (!parsed.ok) return null;
  const shape = taskShape(parsed.spec.task);
  return shape.N_in === weights.N_in && shape.N_out === weights.N_out ? task : null;
}

/** The built-in tasks (in the page's order) whose inputs and outputs fit the network's N_in and N_out. */
export function fittingTasks(weights: NetworkWeights): TaskChoice[] {
  return BUILTIN_TASKS.filter((d) => taskFor(d.name, weights) !== null).map((d) => ({ name: d.name, title: d.title }));
}

/** A 0/1 mask as the spec holds it (rows of numbers), or null when it is all ones (the spec's "no mask"). */
function maskRows(mask: NdArray): number[][] | null {
  if (mask.data.every((v) => v === 1)) return null;
  const [rows, cols] = mask.shape;
  return Array.from({ length: rows }, (_, i) => Array.from(mask.data.subarray(i * cols, (i + 1) * cols)));
}

export type NetworkSpecResult = { ok: true; spec: ExperimentSpec } | { ok: false; message: string };

/** The spec that runs `weights` on the built-in task `taskName`, named after the file; or why there is none. */
export function specForNetwork(weights: NetworkWeights, taskName: string, timing: { dt: number; tau: number }, fileName: string): NetworkSpecResult {
  const task = taskFor(taskName, weights, timing);
  if (!task) {
    const fits = fittingTasks(weights).map((t) => t.name);
    const allowed = fits.length > 0 ? `tasks that fit: ${fits.join(', ')}` : 'no built-in task has these shapes';
    return { ok: false, message: `${taskName} does not fit a network with N_in ${weights.N_in} and N_out ${weights.N_out} (${allowed})` };
  }
  const title = builtinTask(taskName)?.title ?? taskName;
  const parsed = safeParseSpec({
    version: SPEC_VERSION,
    name: `${fileName.replace(/\.npz$/i, '')} on ${title}`,
    task,
    model: {
      type: weights.model,
      N_rec: weights.N_rec,
      transfer_function: weights.transfer_function,
      constraints: {
        dale_ratio: weights.dale_ratio,
        input_connectivity: maskRows(weights.input_connectivity),
        rec_connectivity: maskRows(weights.rec_connectivity),
        output_connectivity: maskRows(weights.output_connectivity),
      },
    },
  });
  if (!parsed.ok) return { ok: false, message: `the network in ${fileName} cannot be described by a spec: ${parsed.error.message.split('\n').join('; ')}` };
  return { ok: true, spec: parsed.spec };
}
