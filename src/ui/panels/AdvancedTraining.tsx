/**
 * Training's "Advanced" section (collapsed by default): the optimizer and its parameters, the loss function, the
 * L1/L2 regularisation weights, gradient clipping, loss_epoch and stopping at an accuracy (reference §5, §6).
 * Every field carries PsychRNN's name, and a one-line help with what it does and its default; every edit goes
 * through the spec. The learning rate stays in the panel above: switching optimizer keeps it.
 */
import { type ExperimentSpec, LOSS_FUNCTIONS, OPTIMIZER_TYPES, type OptimizerSpec, type RegularizationSpec } from '../../core/spec/spec.ts';
import { useAppStore } from '../store.ts';
import './advanced.css';
import { gatedModel, LSTM_UNUSED_REGULARIZERS, regularizersNote } from './AdvancedLstm.ts';
import { CheckboxField, namedOptions, NumberField, SelectField, useSpecEdit } from './fields.tsx';

type OptimizerType = OptimizerSpec['type'];
type LossFunction = ExperimentSpec['loss'];

/** An optimizer's own parameter: a number, or a flag. */
interface Param {
  key: string;
  hint: string;
  flag?: true;
}

const OPTIMIZERS: Record<OptimizerType, { does: string; params: Param[] }> = {
  adam: {
    does: 'Adam: steps scaled by running means of the gradients and their squares.',
    params: [
      { key: 'beta1', hint: 'Decay of the running mean of gradients, in [0, 1). Default 0.9.' },
      { key: 'beta2', hint: 'Decay of the running mean of squared gradients, in [0, 1). Default 0.999.' },
      { key: 'epsilon', hint: 'Added to √v so a step never divides by 0, > 0. Default 1e-8.' },
    ],
  },
  sgd: { does: 'plain gradient descent.', params: [] },
  momentum: {
    does: 'gradient descent with momentum.',
    params: [
      { key: 'momentum', hint: 'Fraction of the last step carried into the next, ≥ 0. Default 0.9.' },
      { key: 'use_nesterov', hint: 'Nesterov’s look-ahead step. Default off.', flag: true },
    ],
  },
  rmsprop: {
    does: 'RMSProp: steps scaled by the root mean square of recent gradients.',
    params: [
      { key: 'decay', hint: 'Decay of the running mean of squared gradients, in [0, 1). Default 0.9.' },
      { key: 'momentum', hint: 'Momentum of the scaled steps, ≥ 0. Default 0.' },
      { key: 'epsilon', hint: 'Added to the root mean square so a step never divides by 0, > 0. Default 1e-10.' },
    ],
  },
};

const LOSSES: Record<LossFunction, string> = {
  mean_squared_error: 'mean of (mask·(output − target))².',
  binary_cross_entropy: 'cross-entropy of the outputs clipped to (0, 1), for targets in [0, 1].',
};

const REGULARIZERS: Record<keyof RegularizationSpec, string> = {
  L1_in: 'Weight of mean |W_in| in the loss (sparse inputs). Default 0.',
  L1_rec: 'Weight of mean |W_rec| in the loss (sparse recurrence). Default 0.',
  L1_out: 'Weight of mean |W_out| in the loss (sparse readout). Default 0.',
  L2_in: 'Weight of mean W_in² in the loss (small inputs). Default 0.',
  L2_rec: 'Weight of mean W_rec² in the loss (small recurrence). Default 0.',
  L2_out: 'Weight of mean W_out² in the loss (small readout). Default 0.',
  L2_firing_rate: 'Weight of mean rate² over trials, steps and units (low activity). Default 0.',
};

/** Accuracy at which training stops when the box is ticked; PsychRNN has no default (the curriculum uses 0.9). */
const DEFAULT_CUTOFF = 0.9;

/** The optimizer's parameter `key` (the optimizer types share names, so they are reached by key). */
const param = (optimizer: OptimizerSpec, key: string) => (optimizer as unknown as Record<string, unknown>)[key];
const setParam = (spec: ExperimentSpec, key: string, value: unknown) => ((spec.training.optimizer as unknown as Record<string, unknown>)[key] = value);

function OptimizerFields({ disabled }: { disabled: boolean }) {
  const optimizer = useAppStore((s) => s.spec.training.optimizer);
  const edit = useSpecEdit();
  const editSpec = useAppStore((s) => s.editSpec);
  // the new type's own parameters take their defaults (parsing fills them in); the learning rate stays
  const switchTo = (type: OptimizerType) =>
    editSpec((s) => ({ ...s, training: { ...s.training, optimizer: { type, learning_rate: s.training.optimizer.learning_rate } } }));
  return (
    <div className="field-grid">
      <SelectField<OptimizerType>
        label="optimizer"
        value={optimizer.type}
        disabled={disabled}
        options={namedOptions(OPTIMIZER_TYPES)}
        onChange={switchTo}
        hint={`The update rule: ${OPTIMIZERS[optimizer.type].does} The learning rate above is kept. Default adam.`}
      />
      {OPTIMIZERS[optimizer.type].params.map((p) =>
        p.flag ? (
          <CheckboxField
            key={`${optimizer.type}.${p.key}`}
            label={p.key}
            checked={param(optimizer, p.key) as boolean}
            disabled={disabled}
            onChange={(on) => edit((s) => setParam(s, p.key, on))}
            hint={p.hint}
          />
        ) : (
          <NumberField
            key={`${optimizer.type}.${p.key}`}
            label={p.key}
            value={param(optimizer, p.key) as number}
            disabled={disabled}
            edit={(s, v) => setParam(s, p.key, v)}
            hint={p.hint}
          />
        ),
      )}
    </div>
  );
}

function RegularizationFields({ disabled }: { disabled: boolean }) {
  const regularization = useAppStore((s) => s.spec.regularization);
  const gated = useAppStore((s) => gatedModel(s.spec.model.type));
  const keys = Object.keys(REGULARIZERS) as (keyof RegularizationSpec)[];
  return (
    <fieldset className="advanced-group">
      <legend>Regularisation (added to the loss)</legend>
      {gated && <p className="field-hint">{regularizersNote(gated)}</p>}
      <div className="field-grid">
        {keys.map((key) => (
          <NumberField
            key={key}
            label={key}
            value={regularization[key]}
            disabled={disabled || (gated !== null && (LSTM_UNUSED_REGULARIZERS as readonly string[]).includes(key))}
            edit={(s, v) => (s.regularization[key] = v as number)}
            hint={REGULARIZERS[key]}
          />
        ))}
      </div>
    </fieldset>
  );
}

function StepFields({ disabled }: { disabled: boolean }) {
  const loss = useAppStore((s) => s.spec.loss);
  const training = useAppStore((s) => s.spec.training);
  const edit = useSpecEdit();
  const stopping = training.performance_measure !== null;
  return (
    <div className="field-grid">
      <SelectField<LossFunction>
        label="loss_function"
        value={loss}
        disabled={disabled}
        options={namedOptions(LOSS_FUNCTIONS)}
        onChange={(l) => edit((s) => (s.loss = l))}
        hint={`What training minimises: ${LOSSES[loss]} Default mean_squared_error.`}
      />
      <NumberField
        label="loss_epoch"
        value={training.loss_epoch}
        disabled={disabled}
        edit={(s, v) => (s.training.loss_epoch = v as number)}
        hint="Record the loss every this many steps, an integer ≥ 1. Default 10."
      />
      <CheckboxField
        label="clip_grads"
        checked={training.clip_grads}
        disabled={disabled}
        onChange={(on) => edit((s) => (s.training.clip_grads = on))}
        hint="Clip each gradient tensor to L2 norm 1 before the step. Default on."
      />
      <CheckboxField
        label="Stop at an accuracy"
        testId="performance-stop"
        checked={stopping}
        disabled={disabled}
        onChange={(on) =>
          edit((s) => {
            // PsychRNN takes both or neither
            s.training.performance_measure = on ? 'accuracy' : null;
            s.training.performance_cutoff = on ? DEFAULT_CUTOFF : null;
          })
        }
        hint="performance_measure = accuracy on a fresh batch after each step. Default off."
      />
      {stopping && (
        <NumberField
          label="performance_cutoff"
          value={training.performance_cutoff}
          disabled={disabled}
          edit={(s, v) => (s.training.performance_cutoff = v)}
          hint={`Training stops once accuracy reaches this, in [0, 1]. ${DEFAULT_CUTOFF} when ticked.`}
        />
      )}
    </div>
  );
}

export function AdvancedTraining({ disabled }: { disabled: boolean }) {
  return (
    <details className="advanced" data-testid="advanced-training">
      <summary>Advanced: optimizer, loss, regularisation and stopping</summary>
      <OptimizerFields disabled={disabled} />
      <StepFields disabled={disabled} />
      <RegularizationFields disabled={disabled} />
    </details>
  );
}
