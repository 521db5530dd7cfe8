/**
 * The network: its shapes (the task's N_in and N_out, which a person's task code decides), model type (Basic, LSTM
 * or GRU), size,
 * transfer function, noise and Dale's principle; what was reset when the task's shape or the model type changed; and
 * the Advanced section (initializer, random draws, trained variables).
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { TRANSFER_FUNCTIONS, type TransferFunctionName } from '../../core/model/transfer.ts';
import type { ExperimentSpec } from '../../core/spec/spec.ts';
import { recurrentSizedMasks } from '../../core/masks/mask-set.ts';
import { taskShape } from '../../core/tasks/registry.ts';
import { type AppState, useAppStore } from '../store.ts';
import { asLstm, gatedModel, lstmResetNote } from './AdvancedLstm.ts';
import { AdvancedNetwork } from './AdvancedNetwork.tsx';
import { CheckboxField, NumberField, SelectField, useSpecEdit } from './fields.tsx';

type ModelType = ExperimentSpec['model']['type'];

/** What each model is, said under the select. */
const MODEL_HINTS: Record<ModelType, string> = {
  basic: "PsychRNN's continuous-time rate RNN: leak α = dt/τ, Dale's principle, masks and noise.",
  lstm: "PsychRNN's LSTM: input, forget and output gates on a cell state; no Dale, masks or noise.",
  gru: 'A GRU (CogRNN\'s own; PsychRNN has none): reset and update gates on h; no Dale, masks or noise.',
};

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

/** Only what the panel shows: an edit of the initializer, the task or the training does not redraw it. */
export const selectNetworkPanel = (state: AppState) => ({
  type: state.spec.model.type,
  N_rec: state.spec.model.N_rec,
  transfer_function: state.spec.model.transfer_function,
  rec_noise: state.spec.model.rec_noise,
  dale_ratio: state.spec.model.constraints.dale_ratio,
  autapses: state.spec.model.constraints.autapses,
});

/**
 * Why N_rec cannot change while masks painted for another N_rec are set: the page keeps what was painted (read from
 * the store when the field commits, so the panel need not redraw on every stroke) and says how to go on.
 */
function sizeRefusal(N_rec: number | null): string | null {
  const painted = recurrentSizedMasks(useAppStore.getState().spec.model.constraints);
  if (N_rec === null || !painted || painted.N_rec === N_rec) return null;
  const names = painted.names.length === 1 ? painted.names[0] : `${painted.names.slice(0, -1).join(', ')} and ${painted.names.at(-1)}`;
  return `Recurrent units: the masks are painted for ${painted.N_rec} units (${names}); to change N_rec, clear them first in Constraints (Invert / Clear on: all matrices, then Clear on each layer), or keep ${painted.N_rec}`;
}

export function NetworkPanel({ locked }: { locked: boolean }) {
  const model = useAppStore(useShallow(selectNetworkPanel));
  const editSpec = useAppStore((s) => s.editSpec);
  const edit = useSpecEdit();
  // what becoming an LSTM or a GRU put back to its default, said until the model type changes again
  const [gatedNote, setGatedNote] = useState<string | null>(null);
  const gated = model.type !== 'basic';

  const chooseModel = (type: ModelType) => {
    let reset: string[] = [];
    const next = gatedModel(type);
    const failure = editSpec((s) => {
      if (next === null) return { ...s, model: { ...s.model, type } };
      const changed = asLstm(s, next);
      reset = changed.reset;
      return changed.spec;
    });
    setGatedNote(failure || next === null ? null : lstmResetNote(reset, next));
    return failure;
  };

  return (
    <section className="card" aria-labelledby="network-heading">
      <h2 id="network-heading">Network</h2>
      <NetworkShape />
      <div className="field-grid">
        <SelectField<ModelType>
          label="Model"
          value={model.type}
          disabled={locked}
          options={[
            { value: 'basic', label: 'Rate RNN (Basic)' },
            { value: 'lstm', label: 'LSTM' },
            { value: 'gru', label: 'GRU' },
          ]}
          onChange={chooseModel}
          hint={MODEL_HINTS[model.type]}
        />
        <NumberField label="Recurrent units" value={model.N_rec} disabled={locked} edit={(s, v) => (s.model.N_rec = v as number)} check={sizeRefusal} />
        <SelectField
          label="Transfer function"
          value={model.transfer_function}
          disabled={locked}
          options={TRANSFER_FUNCTIONS.map((f) => ({ value: f, label: f }))}
          onChange={(f: TransferFunctionName) => edit((s) => (s.model.transfer_function = f))}
        />
        <NumberField label="Recurrent noise σ" value={model.rec_noise} disabled={locked || gated} edit={(s, v) => (s.model.rec_noise = v as number)} />
        <NumberField
          label="Dale ratio"
          value={model.dale_ratio}
          emptyMeans="none"
          disabled={locked || gated}
          edit={(s, v) => (s.model.constraints.dale_ratio = v)}
          hint="fraction of excitatory units, e.g. 0.8"
        />
        <CheckboxField
          label="No autapses"
          checked={!model.autapses}
          disabled={locked || gated}
          onChange={(on) => edit((s) => (s.model.constraints.autapses = !on))}
        />
      </div>
      {gatedNote && (
        <p className="task-note" data-testid="lstm-note" role="status">
          {gatedNote}
        </p>
      )}
      <AdvancedNetwork locked={locked} />
    </section>
  );
}
