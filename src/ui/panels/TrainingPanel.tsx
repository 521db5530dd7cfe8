/**
 * Training settings: learning rate, trials, seed and backend, and the Advanced section (optimizer, loss,
 * regularisation, stopping). The run itself is controlled from the RunBar.
 */
import { useShallow } from 'zustand/react/shallow';
import { type BackendName, BACKENDS } from '../../worker/protocol.ts';
import { type AppState, useAppStore } from '../store.ts';
import { AdvancedTraining } from './AdvancedTraining.tsx';
import { NumberField, SelectField } from './fields.tsx';

/** Only what the panel shows: progress, test updates and edits elsewhere in the spec do not redraw it. */
export const selectTrainingPanel = (state: AppState) => ({
  running: state.runState === 'training' || state.runState === 'paused' || state.runState === 'probing',
  learningRate: state.spec.training.optimizer.learning_rate,
  trainingIters: state.spec.training.training_iters,
  seed: state.spec.seed,
  backendChoice: state.backendChoice,
  setBackendChoice: state.setBackendChoice,
});

export function TrainingPanel() {
  const s = useAppStore(useShallow(selectTrainingPanel));
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
      </div>
      <AdvancedTraining disabled={s.running} />
    </section>
  );
}
