/** The task: which built-in task, its timing and options, and a preview of one trial. */
import { useMemo, useState } from 'react';
import { Rng } from '../../core/rng.ts';
import type { ExperimentSpec, TaskSpec } from '../../core/spec/spec.ts';
import { BUILTIN_TASK_NAMES, createTask, taskDefinition } from '../../core/tasks/registry.ts';
import type { TaskOptions } from '../../core/tasks/options.ts';
import { stepCount } from '../../core/tasks/steps.ts';
import { Guard } from '../Guard.tsx';
import { type AppState, useAppStore } from '../store.ts';
import { TaskPreview } from '../TaskPreview.tsx';
import { NumberField } from './fields.tsx';
import { OptionField } from './OptionField.tsx';

type TaskEdit = (task: Record<string, unknown>, value: number | null) => void;
const onTask =
  (edit: TaskEdit) =>
  (spec: ExperimentSpec, value: number | null): void =>
    edit(spec.task as unknown as Record<string, unknown>, value);

/** Past this many time steps a trial is not generated for the preview (the page would stall on it). */
const MAX_PREVIEW_STEPS = 100_000;

/** The scalar parameters of a trial, for display. */
function trialParams(params: object): [string, string][] {
  return Object.entries(params)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => [k, Number.isInteger(v) || Math.abs(v) >= 100 ? String(Math.round(v)) : String(Number(v.toPrecision(3)))]);
}

/**
 * Switches to task `name`, keeping dt, τ, T and the batch size where the new task allows them, else its own
 * defaults. Returns a note saying what was not kept and why, or why the task cannot be chosen; null when all was.
 */
function switchTask(editSpec: AppState['editSpec'], name: string): string | null {
  const title = taskDefinition(name).title;
  const attempts: [string, (t: TaskSpec) => object][] = [
    ['', (t) => ({ name, dt: t.dt, tau: t.tau, T: t.T, N_batch: t.N_batch })],
    ['T', (t) => ({ name, dt: t.dt, tau: t.tau, N_batch: t.N_batch })],
    ['dt, τ, T and the batch size', () => ({ name })],
  ];
  let refusal: string | null = null;
  for (const [reset, task] of attempts) {
    const failure = editSpec((spec) => ({ ...spec, task: task(spec.task) }));
    if (!failure) return refusal && `${title} uses its default ${reset}: ${refusal}`;
    refusal ??= failure.split('\n')[0];
  }
  return `${title} cannot be chosen with this network: ${refusal}`;
}

/** One generated trial of `task` (seeded by its number), its parameters and its channels. */
function TrialPreview({ task, trial }: { task: TaskSpec; trial: number }) {
  const steps = stepCount(task.T, task.dt);
  const preview = useMemo(() => {
    if (steps > MAX_PREVIEW_STEPS) return null;
    const t = createTask({ ...task, N_batch: 1 } as TaskSpec, new Rng(trial).fork(task.name));
    return { batch: t.getTrialBatch(), dt: t.dt };
  }, [task, trial, steps]);
  if (!preview) {
    return (
      <p className="task-note" data-testid="preview-too-long">
        A trial of {steps.toLocaleString()} time steps is too long to preview (up to {MAX_PREVIEW_STEPS.toLocaleString()} are drawn).
      </p>
    );
  }
  return (
    <>
      <dl className="params" aria-label="Trial parameters">
        {trialParams(preview.batch.params[0]).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <TaskPreview batch={preview.batch} dt={preview.dt} />
    </>
  );
}

export function TaskPanel({ locked }: { locked: boolean }) {
  const task = useAppStore((s) => s.spec.task);
  const editSpec = useAppStore((s) => s.editSpec);
  const [trial, setTrial] = useState(1);
  const [note, setNote] = useState<string | null>(null);
  const info = taskDefinition(task.name);

  const chooseTask = (name: string) => {
    setNote(switchTask(editSpec, name));
    setTrial(1);
  };

  return (
    <section className="card" aria-labelledby="task-heading">
      <h2 id="task-heading">Task</h2>
      <div className="field">
        <label htmlFor="task-select">Built-in task</label>
        <select id="task-select" data-testid="task-select" value={task.name} disabled={locked} onChange={(e) => chooseTask(e.target.value)}>
          {BUILTIN_TASK_NAMES.map((name) => (
            <option key={name} value={name}>
              {taskDefinition(name).title}
            </option>
          ))}
        </select>
        {note && (
          <span className="task-note" data-testid="task-note" role="status">
            {note}
          </span>
        )}
      </div>
      <p className="description">{info.description}</p>
      <div className="field-grid">
        <NumberField label="dt (ms)" value={task.dt} disabled={locked} edit={onTask((t, v) => (t.dt = v))} />
        <NumberField label="τ (ms)" value={task.tau} disabled={locked} edit={onTask((t, v) => (t.tau = v))} />
        <NumberField label="T (ms)" value={task.T} disabled={locked} edit={onTask((t, v) => (t.T = v))} />
        <NumberField label="Trials per batch" value={task.N_batch} disabled={locked} edit={onTask((t, v) => (t.N_batch = v))} />
        {Object.entries(info.options as TaskOptions).map(([key, option]) => (
          <OptionField key={`${task.name}.${key}`} name={key} option={option} value={task[key]} disabled={locked} />
        ))}
      </div>
      <div className="preview-header">
        <h3>Example trial {trial}</h3>
        <button type="button" data-testid="new-trial" onClick={() => setTrial((n) => n + 1)}>
          New trial
        </button>
      </div>
      <Guard part="The trial preview" resetKeys={[task, trial]}>
        <TrialPreview task={task} trial={trial} />
      </Guard>
    </section>
  );
}
