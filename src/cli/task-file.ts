/**
 * `--task-file my-task.ts`: a person's task file as the spec's task. The file is compiled here (the CLI runs the
 * person's own code on their machine), its option values checked against what it declares, and its channel counts
 * recorded in the spec, which is then checked whole (masks against the new shapes). Errors name file:line:col.
 */
import { basename } from 'node:path';
import { parseSpec, SPEC_VERSION, SpecError, type ExperimentSpec } from '../core/spec/spec.ts';
import { compileTask, TaskCompileError } from '../core/tasks/compile.ts';
import { CUSTOM_TASK } from '../core/tasks/custom-task.ts';
import { TIMING_DEFAULTS } from '../core/tasks/options.ts';
import { taskSettings } from '../core/tasks/settings.ts';
import { CliError } from './errors.ts';
import { oneLine, readBytes } from './files.ts';

/** A number the spec's task sets for `key`, or undefined (the task file's default then applies). */
function timingValue(task: unknown, key: string): number | undefined {
  const value = (task as Record<string, unknown> | null | undefined)?.[key];
  return typeof value === 'number' ? value : undefined;
}

/** The option values a task file is built with: a custom spec task's own, else the file's defaults. */
function optionValues(task: unknown): Record<string, unknown> {
  const t = task as { name?: unknown; options?: unknown } | null | undefined;
  return t?.name === CUSTOM_TASK && t.options && typeof t.options === 'object' ? (t.options as Record<string, unknown>) : {};
}

/**
 * A spec (its JSON, or the defaults when null) with its task replaced by the task file at `path`: dt, tau, T and
 * N_batch from the spec's task where it sets them, else the file's defaults; the spec may name no task at all.
 */
export function withTaskFile(command: string, spec: Record<string, unknown> | null, path: string): ExperimentSpec {
  const source = new TextDecoder().decode(readBytes(path, 'task file'));
  const file = basename(path);
  let definition;
  try {
    definition = compileTask(source, file);
  } catch (error) {
    throw new CliError(`${command}: ${error instanceof TaskCompileError ? error.message : oneLine(String(error))}`);
  }
  const defaults = { ...TIMING_DEFAULTS, ...definition.defaults };
  const [dt, tau, T, N_batch] = (['dt', 'tau', 'T', 'N_batch'] as const).map((key) => timingValue(spec?.task, key) ?? defaults[key]);
  const options = optionValues(spec?.task);
  let settings;
  try {
    settings = taskSettings(definition, { ...options, name: definition.name, dt, tau, T, N_batch });
  } catch (error) {
    throw new CliError(`${command}: task file ${file}: ${oneLine((error as Error).message)}`);
  }
  const task = { name: CUSTOM_TASK, source, file, dt, tau, T, N_batch, N_in: settings.N_in, N_out: settings.N_out, options };
  try {
    return parseSpec({ ...(spec ?? { version: SPEC_VERSION }), task });
  } catch (error) {
    const message = error instanceof SpecError ? error.message : String(error);
    throw new CliError(`${command}: the spec with task file ${file}: ${oneLine(message)}`);
  }
}
