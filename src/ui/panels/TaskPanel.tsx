/** The task: which built-in task, its timing and options, and a preview of one trial. */
import { useMemo, useState } from 'react';
import { Rng } from '../../core/rng.ts';
import type { ExperimentSpec, TaskSpec } from '../../core/spec.ts';
import { BUILTIN_TASK_NAMES, type BuiltinTaskName, createTask, TASK_INFO } from '../../core/tasks/registry.ts';
import { useAppStore } from '../store.ts';
import { TaskPreview } from '../TaskPreview.tsx';
import { NumberField } from './fields.tsx';

type TaskEdit = (task: Record<string, unknown>, value: number | null) => void;
const onTask =
  (edit: TaskEdit) =>
  (spec: ExperimentSpec, value: number | null): void =>
    edit(spec.task as unknown as Record<string, unknown>, value);

/** The scalar parameters of a trial, for display. */
function trialParams(params: object): [string, string][] {
  return Object.entries(params)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => [k, Number.isInteger(v) || Math.abs(v) >= 100 ? String(Math.round(v)) : String(Number(v.toPrecision(3)))]);
}

export function TaskPanel({ locked }: { locked: boolean }) {
  const task = useAppStore((s) => s.spec.task);
  const editSpec = useAppStore((s) => s.editSpec);
  const [trial, setTrial] = useState(1);
  const preview = useMemo(() => {
    const t = createTask({ ...task, N_batch: 1 } as TaskSpec, new Rng(trial).fork(task.name));
    return { batch: t.getTrialBatch(), dt: t.dt };
  }, [task, trial]);
  const info = TASK_INFO[task.name as BuiltinTaskName];

  const chooseTask = (name: BuiltinTaskName) => {
    editSpec((spec) => ({ ...spec, task: { name, dt: spec.task.dt, tau: spec.task.tau, T: spec.task.T, N_batch: spec.task.N_batch } }));
    setTrial(1);
  };

  return (
    <section className="card" aria-labelledby="task-heading">
      <h2 id="task-heading">Task</h2>
      <div className="field">
        <label htmlFor="task-select">Built-in task</label>
        <select id="task-select" data-testid="task-select" value={task.name} disabled={locked} onChange={(e) => chooseTask(e.target.value as BuiltinTaskName)}>
          {BUILTIN_TASK_NAMES.map((name) => (
            <option key={name} value={name}>
              {TASK_INFO[name].title}
            </option>
          ))}
        </select>
      </div>
      <p className="description">{info.description}</p>
      <div className="field-grid">
        <NumberField label="dt (ms)" value={task.dt} disabled={locked} edit={onTask((t, v) => (t.dt = v))} />
        <NumberField label="τ (ms)" value={task.tau} disabled={locked} edit={onTask((t, v) => (t.tau = v))} />
        <NumberField label="T (ms)" value={task.T} disabled={locked} edit={onTask((t, v) => (t.T = v))} />
        <NumberField label="Trials per batch" value={task.N_batch} disabled={locked} edit={onTask((t, v) => (t.N_batch = v))} />
        {task.name === 'PerceptualDiscrimination' && (
          <NumberField
            label="Coherence"
            value={task.coherence}
            emptyMeans="random"
            disabled={locked}
            edit={onTask((t, v) => (t.coherence = v))}
            hint="empty: 0.1, 0.3, 0.5 or 0.7 per trial"
          />
        )}
        {task.name === 'MatchToCategory' && (
          <>
            <NumberField label="Inputs (ring)" value={task.N_in} disabled={locked} edit={onTask((t, v) => (t.N_in = v))} />
            <NumberField label="Categories" value={task.N_out} disabled={locked} edit={onTask((t, v) => (t.N_out = v))} />
          </>
        )}
      </div>
      <div className="preview-header">
        <h3>Example trial {trial}</h3>
        <button type="button" data-testid="new-trial" onClick={() => setTrial((n) => n + 1)}>
          New trial
        </button>
      </div>
      <dl className="params" aria-label="Trial parameters">
        {trialParams(preview.batch.params[0]).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <TaskPreview batch={preview.batch} dt={preview.dt} />
    </section>
  );
}
