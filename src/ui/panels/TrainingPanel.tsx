/** Training settings: optimizer, trials, seed and backend. The run itself is controlled from the RunBar. */
import { type BackendName, BACKENDS } from '../../worker/protocol.ts';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store.ts';
import { NumberField, SelectField } from './fields.tsx';

export function TrainingPanel() {
  // only what the panel shows: progress and test updates do not redraw it
  const s = useAppStore(
    useShallow((state) => ({ runState: state.runState, spec: state.spec, backendChoice: state.backendChoice, setBackendChoice: state.setBackendChoice })),
  );
  const running = s.runState === 'training' || s.runState === 'paused' || s.runState === 'probing';
  const training = s.spec.training;
  const optimizer = training.optimizer;
  return (
    <section className="card" aria-labelledby="training-heading">
      <h2 id="training-heading">Training</h2>
      <div className="field-grid">
        <NumberField
          label="Learning rate"
          value={optimizer.learning_rate}
          disabled={running}
          edit={(spec, v) => (spec.training.optimizer.learning_rate = v as number)}
        />
        <NumberField label="Training trials" value={training.training_iters} disabled={running} edit={(spec, v) => (spec.training.training_iters = v as number)} />
        <NumberField label="Seed" value={s.spec.seed} disabled={running} edit={(spec, v) => (spec.seed = v as number)} />
        <SelectField<BackendName | 'auto'>
          label="Backend"
          value={s.backendChoice}
          disabled={running}
          testId="backend-select"
          options={[{ value: 'auto', label: 'Fastest (measured)' }, ...BACKENDS.map((b) => ({ value: b, label: b }))]}
          onChange={s.setBackendChoice}
        />
      </div>
    </section>
  );
}
