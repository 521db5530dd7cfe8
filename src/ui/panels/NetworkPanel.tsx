/**
 * The network: its shapes (the task's N_in and N_out, which a person's task code decides), model type, size,
 * transfer function, noise and Dale's principle; and what was reset when the task's shape changed.
 */
import { TRANSFER_FUNCTIONS, type TransferFunctionName } from '../../core/model/transfer.ts';
import { taskShape } from '../../core/tasks/registry.ts';
import { useAppStore } from '../store.ts';
import { NumberField, SelectField } from './fields.tsx';

function NetworkShape() {
  const N_in = useAppStore((s) => taskShape(s.spec.task).N_in);
  const N_out = useAppStore((s) => taskShape(s.spec.task).N_out);
  const N_rec = useAppStore((s) => s.spec.model.N_rec);
  const note = useAppStore((s) => s.networkNote);
  return (
    <>
      <p className="network-shape" data-testid="network-shape" data-n-in={N_in} data-n-out={N_out}>
        {N_in} input{N_in === 1 ? '' : 's'} → {N_rec} recurrent unit{N_rec === 1 ? '' : 's'} → {N_out} output{N_out === 1 ? '' : 's'}
      </p>
      {note && (
        <p className="task-note" data-testid="network-note" role="status">
          {note}
        </p>
      )}
    </>
  );
}

export function NetworkPanel({ locked }: { locked: boolean }) {
  const model = useAppStore((s) => s.spec.model);
  const editSpec = useAppStore((s) => s.editSpec);
  const lstm = model.type === 'lstm';
  return (
    <section className="card" aria-labelledby="network-heading">
      <h2 id="network-heading">Network</h2>
      <NetworkShape />
      <div className="field-grid">
        <SelectField
          label="Model"
          value={model.type}
          disabled={locked}
          options={[
            { value: 'basic', label: 'Rate RNN (Basic)' },
            { value: 'lstm', label: 'LSTM' },
          ]}
          onChange={(type) => editSpec((s) => ({ ...s, model: { ...s.model, type, constraints: { ...s.model.constraints, dale_ratio: null } } }))}
        />
        <NumberField label="Recurrent units" value={model.N_rec} disabled={locked} edit={(s, v) => (s.model.N_rec = v as number)} />
        <SelectField
          label="Transfer function"
          value={model.transfer_function}
          disabled={locked}
          options={TRANSFER_FUNCTIONS.map((f) => ({ value: f, label: f }))}
          onChange={(f: TransferFunctionName) => editSpec((s) => ({ ...s, model: { ...s.model, transfer_function: f } }))}
        />
        <NumberField label="Recurrent noise σ" value={model.rec_noise} disabled={locked || lstm} edit={(s, v) => (s.model.rec_noise = v as number)} />
        <NumberField
          label="Dale ratio"
          value={model.constraints.dale_ratio}
          emptyMeans="none"
          disabled={locked || lstm}
          edit={(s, v) => (s.model.constraints.dale_ratio = v)}
          hint="fraction of excitatory units, e.g. 0.8"
        />
        <div className="field checkbox">
          <label>
            <input
              type="checkbox"
              checked={!model.constraints.autapses}
              disabled={locked || lstm}
              onChange={(e) => editSpec((s) => ({ ...s, model: { ...s.model, constraints: { ...s.model.constraints, autapses: !e.target.checked } } }))}
            />
            No autapses
          </label>
        </div>
      </div>
    </section>
  );
}
