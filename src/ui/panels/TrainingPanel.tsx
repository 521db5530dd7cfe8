/**
 * Training settings: learning rate, trials, seed and backend, and the Advanced section (optimizer, loss,
 * regularisation, stopping). The run itself is controlled from the RunBar.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { currentPlatform, type ThreadsAvailable, threadsAvailable } from '../../core/platform/threads-available.ts';
import { type BackendName, BACKENDS } from '../../worker/protocol.ts';
import { type AppState, useAppStore } from '../store.ts';
import { AdvancedTraining } from './AdvancedTraining.tsx';
import { NumberField, SelectField } from './fields.tsx';
import { ThreadsNote } from './ThreadsNote.tsx';

/** Only what the panel shows: progress, test updates and edits elsewhere in the spec do not redraw it. */
export const selectTrainingPanel = (state: AppState) => ({
  running: state.runState === 'training' || state.runState === 'paused' || state.runState === 'probing',
  learningRate: state.spec.training.optimizer.learning_rate,
  trainingIters: state.spec.training.training_iters,
  seed: state.spec.seed,
  backendChoice: state.backendChoice,
  setBackendChoice: state.setBackendChoice,
  threadsChoice: state.threadsChoice,
  setThreadsChoice: state.setThreadsChoice,
});

/** 'auto' and every count from 1 to what the page can use (read once: isolation and cores do not change while it is open) */
function threadOptions(available: ThreadsAvailable): { value: string; label: string }[] {
  const counts = Array.from({ length: available.threads }, (_, k) => k + 1);
  return [{ value: 'auto', label: `Auto (${available.threads})` }, ...counts.map((n) => ({ value: String(n), label: String(n) }))];
}

export function TrainingPanel() {
  const s = useAppStore(useShallow(selectTrainingPanel));
  const threads = useMemo(() => {
    const available = threadsAvailable(currentPlatform());
    return { available, options: threadOptions(available) };
  }, []);
  return (
    <section className="card" aria-labelledby="training-heading">
      <h2 id="training-heading">Training</h2>
      <div className="field-grid">
        <NumberField
          label="Learning rate"
          value={s.learningRate}
          disabled={s.running}
          edit={(spec, v) => (spec.training.optimizer.learning_rate = v as number)}
          hint="PsychRNN's learning_rate. Default 0.001."
        />
        <NumberField
          label="Training trials"
          value={s.trainingIters}
          disabled={s.running}
          edit={(spec, v) => (spec.training.training_iters = v as number)}
          hint="PsychRNN's training_iters, counted in trials. Default 50000."
        />
        <NumberField label="Seed" value={s.seed} disabled={s.running} edit={(spec, v) => (spec.seed = v as number)} />
        <SelectField<BackendName | 'auto'>
          label="Backend"
          value={s.backendChoice}
          disabled={s.running}
          testId="backend-select"
          options={[{ value: 'auto', label: 'Fastest (measured)' }, ...BACKENDS.map((b) => ({ value: b, label: b }))]}
          onChange={s.setBackendChoice}
        />
        <SelectField<string>
          label="CPU threads"
          value={String(s.threadsChoice)}
          disabled={s.running}
          testId="threads-select"
          options={threads.options}
          onChange={(value) => s.setThreadsChoice(value === 'auto' ? 'auto' : Number(value))}
          hint="The cpu and wasm backends' kernels split each batch over these threads."
        />
      </div>
      {/* here, not in the sticky run bar: a taller bar would cover the top of the mask grids */}
      <ThreadsNote />
      <AdvancedTraining disabled={s.running} />
    </section>
  );
}
