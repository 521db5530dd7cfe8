import { useState } from 'react';
import { BUILTIN_TASK_NAMES, TASK_INFO, createTask } from '../core/tasks/registry.ts';
import { Rng } from '../core/rng.ts';
import { TaskPreview } from './TaskPreview.tsx';

type TaskName = (typeof BUILTIN_TASK_NAMES)[number];
type Task = ReturnType<typeof createTask>;
type TrialBatch = ReturnType<Task['getTrialBatch']>;

/** PsychRNN's tutorial timing: 10 ms steps, 100 ms time constant, 2 s trials. */
const PREVIEW_SPEC = { dt: 10, tau: 100, T: 2000, N_batch: 1 } as const;
/** Each task draws from its own named stream of this seed, so trial 1 of a task is always the same trial. */
const previewRng = new Rng(1);

interface Preview {
  name: TaskName;
  task: Task;
  batch: TrialBatch;
  trialNumber: number;
}

function startPreview(name: TaskName): Preview {
  const task = createTask({ name, ...PREVIEW_SPEC }, previewRng.fork(name));
  return { name, task, batch: task.getTrialBatch(), trialNumber: 1 };
}

/** The scalar trial parameters of trial 0, formatted for display. */
function scalarParams(params: object): [string, string][] {
  return Object.entries(params)
    .filter(([, value]) => ['number', 'string', 'boolean'].includes(typeof value))
    .map(([key, value]) => [key, typeof value === 'number' ? formatNumber(value) : String(value)]);
}

function formatNumber(value: number): string {
  if (Number.isInteger(value) || Math.abs(value) >= 100) return String(Math.round(value));
  return String(Number(value.toPrecision(3)));
}

export function App() {
  const [preview, setPreview] = useState(() => startPreview(BUILTIN_TASK_NAMES[0]));
  const info = TASK_INFO[preview.name];
  const params = scalarParams(preview.batch.params[0]);

  const newTrial = () =>
    setPreview({ ...preview, batch: preview.task.getTrialBatch(), trialNumber: preview.trialNumber + 1 });

  return (
    <div className="app">
      <header className="masthead">
        <img className="logo" src="/favicon.svg" alt="" width={40} height={40} />
        <div>
          <h1>CogRNN</h1>
          <p className="tagline">
            Train recurrent neural networks on cognitive tasks, right in your browser — compatible with PsychRNN.
          </p>
        </div>
      </header>

      <main>
        <section className="card task-card" aria-labelledby="task-heading">
          <h2 id="task-heading">Task</h2>
          <div className="controls">
            <label htmlFor="task-select">Built-in task</label>
            <select
              id="task-select"
              data-testid="task-select"
              value={preview.name}
              onChange={(event) => setPreview(startPreview(event.target.value as TaskName))}
            >
              {BUILTIN_TASK_NAMES.map((name) => (
                <option key={name} value={name}>
                  {TASK_INFO[name].title}
                </option>
              ))}
            </select>
            <button type="button" data-testid="new-trial" onClick={newTrial}>
              New trial
            </button>
          </div>
          <p className="description">{info.description}</p>
          <p className="shape">
            {[
              `${preview.batch.x.shape[2]} inputs → ${preview.batch.y.shape[2]} outputs`,
              `dt ${PREVIEW_SPEC.dt} ms`,
              `τ ${PREVIEW_SPEC.tau} ms`,
              `T ${PREVIEW_SPEC.T} ms`,
            ]
              .map((part) => part.replaceAll(' ', '\u00a0'))
              .join(' · ')}
          </p>
        </section>

        <section className="card preview-card" aria-labelledby="preview-heading">
          <div className="preview-header">
            <h2 id="preview-heading">Trial {preview.trialNumber}</h2>
            {params.length > 0 && (
              <dl className="params" aria-label="Trial parameters">
                {params.map(([key, value]) => (
                  <div key={key}>
                    <dt>{key}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
              </dl>
            )}
          </div>
          <TaskPreview batch={preview.batch} dt={PREVIEW_SPEC.dt} />
        </section>
      </main>

      <footer>
        After PsychRNN (Ehrlich, Stone et al.,{' '}
        <a href="https://doi.org/10.1523/ENEURO.0427-20.2020">eNeuro 2021</a>).
      </footer>
    </div>
  );
}
