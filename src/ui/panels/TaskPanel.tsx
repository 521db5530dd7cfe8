/**
 * The task: a built-in task or the person's own code (New task, Fork, Open .ts file), its timing and options, and
 * one trial of a built-in task drawn here (the person's code never runs on this thread: its preview is the task
 * worker's, under the code).
 */
import { type ChangeEvent, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Rng } from '../../core/rng.ts';
import type { ExperimentSpec, TaskSpec } from '../../core/spec/spec.ts';
import { CUSTOM_TASK, isCustomTask } from '../../core/tasks/custom-task.ts';
import { BUILTIN_TASK_NAMES, createTask, taskDefinition, taskShape } from '../../core/tasks/registry.ts';
import type { TaskOptions } from '../../core/tasks/options.ts';
import { stepCount } from '../../core/tasks/steps.ts';
import { Guard } from '../Guard.tsx';
import { type AppState, useAppStore } from '../store.ts';
import { carryTaskIntoStages } from '../curriculum-edit.ts';
import { closeCode, fitMasksToShape, forkTask, newTask, openTaskFile, reopenCode, taskValues, TIMING_LABELS } from '../task-code.ts';
import { TaskPreview } from '../TaskPreview.tsx';
import { NumberField } from './fields.tsx';
import { OptionField } from './OptionField.tsx';

type TaskEdit = (task: Record<string, unknown>, value: number | null) => void;
/** An edit of the task's timing, carried into the curriculum's stages (one network learns them all). */
const onTask =
  (edit: TaskEdit) =>
  (spec: ExperimentSpec, value: number | null): void => {
    const previous = structuredClone(spec.task);
    edit(spec.task as unknown as Record<string, unknown>, value);
    carryTaskIntoStages(spec, previous);
  };

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
  let masksNote: string | null = null;
  for (const [reset, task] of attempts) {
    const failure = editSpec((spec) => {
      const next = task(spec.task) as TaskSpec;
      // masks painted for the old task's inputs or outputs cannot serve the new one's
      const fitted = fitMasksToShape(spec.model, taskShape(next));
      masksNote = fitted.note;
      return { ...spec, task: next, model: fitted.model };
    });
    if (!failure) {
      if (masksNote) useAppStore.setState({ networkNote: masksNote });
      return refusal && `${title} uses its default ${reset}: ${refusal}`;
    }
    refusal ??= failure.split('\n')[0];
  }
  return `${title} cannot be chosen with this network: ${refusal}`;
}

/** One generated trial of `task` (seeded by its number), its parameters and its channels. */
function TrialPreview({ task, trial }: { task: TaskSpec; trial: number }) {
  const steps = stepCount(task.T, task.dt);
  // keyed on the task's settings, not its object: every spec edit (a mask stroke) parses a new one
  const settings = JSON.stringify(task);
  const preview = useMemo(() => {
    if (steps > MAX_PREVIEW_STEPS) return null;
    const t = createTask({ ...(JSON.parse(settings) as TaskSpec), N_batch: 1 }, new Rng(trial).fork(task.name));
    return { batch: t.getTrialBatch(), dt: t.dt };
  }, [settings, trial, steps, task.name]);
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

/** New task, Fork (the built-in task shown) and Open .ts file: each opens code in the editor as the person's task. */
function CodeButtons({ locked, forkable }: { locked: boolean; forkable: string | null }) {
  const [refusal, setRefusal] = useState<string | null>(null);
  const open = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // the same file can be opened again
    if (file) setRefusal(await openTaskFile(file));
  };
  const act = (action: () => Promise<void>) => () => void action().then(() => setRefusal(null), (error: Error) => setRefusal(error.message));
  return (
    <div className="code-buttons">
      <button type="button" className="secondary" data-testid="new-task" disabled={locked} onClick={act(newTask)}>
        New task
      </button>
      <button
        type="button"
        className="secondary"
        data-testid="fork-task"
        disabled={locked || forkable === null}
        title={forkable ? `Opens ${forkable}'s source as your own task` : 'Choose a built-in task to fork it'}
        onClick={act(() => forkTask(forkable!))}
      >
        Fork
      </button>
      <label className={`file-button${locked ? ' disabled' : ''}`}>
        Open .ts file
        <input type="file" accept=".ts,text/typescript,text/plain" data-testid="task-file-input" disabled={locked} onChange={(e) => void open(e)} />
      </label>
      {refusal && (
        <span className="task-note" role="alert" data-testid="code-refusal">
          {refusal}
        </span>
      )}
    </div>
  );
}

/** The person's task: its declared options as fields, and the rules its values break. */
function CustomTaskFields({ locked }: { locked: boolean }) {
  const declared = useAppStore((s) => s.codeCheck.task);
  const { problems, replaced } = useAppStore(useShallow((s) => ({ problems: s.codeCheck.problems, replaced: s.codeCheck.replaced })));
  const spec = useAppStore((s) => s.spec);
  const values = taskValues(spec).options;
  if (!declared) return <p className="description">The task's options appear here once its code compiles.</p>;
  return (
    <>
      <p className="description" data-testid="task-description">
        <strong>{declared.title}.</strong> {declared.description}
      </p>
      <div className="field-grid" data-testid="task-options">
        {Object.entries(declared.options).map(([key, option]) => (
          <OptionField key={`${declared.name}.${key}.${JSON.stringify(option)}`} name={key} option={option} value={key in values ? values[key] : option.default} disabled={locked} custom />
        ))}
      </div>
      {(problems.length > 0 || replaced.length > 0) && (
        <ul className="task-problems" data-testid="task-problems">
          {problems.map((p) => (
            <li key={`rule-${p.key}`} className="field-error">
              {TIMING_LABELS[p.key] ?? declared.options[p.key]?.label ?? p.key}: {p.message}
            </li>
          ))}
          {replaced.map((r) => (
            <li key={`replaced-${r.key}`} className="task-note">
              {r.message}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function TaskPanel({ locked }: { locked: boolean }) {
  const task = useAppStore((s) => s.spec.task);
  const editor = useAppStore(useShallow((s) => (s.editor ? { open: s.editor.open, file: s.editor.file } : null)));
  const editSpec = useAppStore((s) => s.editSpec);
  const [trial, setTrial] = useState(1);
  const [note, setNote] = useState<string | null>(null);
  const coding = editor?.open === true;
  const builtin = isCustomTask(task) ? null : task.name;

  const chooseTask = (name: string) => {
    if (name === CUSTOM_TASK) {
      setNote(null);
      return reopenCode();
    }
    setNote(switchTask(editSpec, name));
    if (!isCustomTask(useAppStore.getState().spec.task)) closeCode();
    setTrial(1);
  };

  return (
    <section className="card" aria-labelledby="task-heading">
      <h2 id="task-heading">Task</h2>
      <div className="field">
        <label htmlFor="task-select">Built-in task</label>
        <select id="task-select" data-testid="task-select" value={coding ? CUSTOM_TASK : (builtin ?? CUSTOM_TASK)} disabled={locked} onChange={(e) => chooseTask(e.target.value)}>
          {BUILTIN_TASK_NAMES.map((name) => (
            <option key={name} value={name}>
              {taskDefinition(name).title}
            </option>
          ))}
          {editor && <option value={CUSTOM_TASK}>Your task ({editor.file})</option>}
        </select>
        {note && (
          <span className="task-note" data-testid="task-note" role="status">
            {note}
          </span>
        )}
      </div>
      <CodeButtons locked={locked} forkable={coding ? null : builtin} />
      {coding || builtin === null ? null : <p className="description">{taskDefinition(builtin).description}</p>}
      {coding && <CustomTaskFields locked={locked} />}
      <div className="field-grid">
        <NumberField label="dt (ms)" value={task.dt} disabled={locked} edit={onTask((t, v) => (t.dt = v))} />
        <NumberField label="τ (ms)" value={task.tau} disabled={locked} edit={onTask((t, v) => (t.tau = v))} />
        <NumberField label="T (ms)" value={task.T} disabled={locked} edit={onTask((t, v) => (t.T = v))} />
        <NumberField label="Trials per batch" value={task.N_batch} disabled={locked} edit={onTask((t, v) => (t.N_batch = v))} />
        {!coding &&
          builtin !== null &&
          Object.entries(taskDefinition(builtin).options as TaskOptions).map(([key, option]) => (
            <OptionField key={`${builtin}.${key}`} name={key} option={option} value={task[key]} disabled={locked} />
          ))}
      </div>
      {coding ? (
        <p className="task-note">The preview of your task's trials is under its code.</p>
      ) : (
        builtin !== null && (
          <>
            <div className="preview-header">
              <h3>Example trial {trial}</h3>
              <button type="button" data-testid="new-trial" onClick={() => setTrial((n) => n + 1)}>
                New trial
              </button>
            </div>
            <Guard part="The trial preview" resetKeys={[task, trial]}>
              <TrialPreview task={task} trial={trial} />
            </Guard>
          </>
        )
      )}
    </section>
  );
}
