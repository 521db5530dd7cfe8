/**
 * The network's "Advanced" section (collapsed by default): the initializer and its parameters, the random draws of
 * W_in/W_out and W_rec with their bounds, and which variables are trained (reference §3.1, §4). Every field carries
 * PsychRNN's name, and a one-line help with what it does and its default; every edit goes through the spec.
 */
import { type ExperimentSpec, INITIALIZER_TYPES, type InitializerSpec, RAND_INITS } from '../../core/spec/spec.ts';
import { useAppStore } from '../store.ts';
import './advanced.css';
import { gatedModel, LSTM_UNUSED_VARIABLES, variablesNote } from './AdvancedLstm.ts';
import { CheckboxField, namedOptions, NumberField, SelectField, useSpecEdit } from './fields.tsx';

type InitializerType = InitializerSpec['type'];
type RandInit = InitializerSpec['which_rand_init'];
type Variable = keyof ExperimentSpec['model']['constraints']['trainable'];

// what each choice does, said in the help under the select (the options themselves carry PsychRNN's names)
const INITIALIZERS: Record<InitializerType, string> = {
  GaussianSpectralRadius: 'W_rec ~ N(0, 1), scaled to spec_rad.',
  AlphaIdentity: 'W_rec = alpha·I.',
  WeightInitializer: 'W_rec drawn by which_rand_W_rec_init.',
};

const RAND_INITS_DRAW: Record<RandInit, string> = {
  glorot_gauss: 'N(0, √(2/(fan_in + fan_out))).',
  glorot_unif: 'U(±√(6/(fan_in + fan_out))).',
  const_gauss: 'N(0, 1).',
  const_unif: 'U[init_minval, init_maxval).',
};

const VARIABLE_HINTS: Record<Variable, string> = {
  W_in: 'Input weights [N_rec, N_in] learn. Default on.',
  W_rec: 'Recurrent weights [N_rec, N_rec] learn. Default on.',
  W_out: 'Output weights [N_out, N_rec] learn. Default on.',
  b_rec: 'Recurrent biases learn. Default on.',
  b_out: 'Output biases learn. Default on.',
  init_state: 'The initial state, shared by all trials, learns. Default on.',
};

/** AlphaIdentity needs an alpha (PsychRNN has no default); 1 starts from the identity (Le et al.'s IRNN). */
const DEFAULT_ALPHA = 1;

/** `spec` with an initializer of `type` that keeps the random draws and bounds; spec_rad takes its default on parsing. */
function withInitializer(spec: ExperimentSpec, type: InitializerType): unknown {
  const { which_rand_init, which_rand_W_rec_init, init_minval, init_maxval } = spec.model.initializer;
  const common = { which_rand_init, which_rand_W_rec_init, init_minval, init_maxval };
  const initializer = type === 'AlphaIdentity' ? { type, alpha: DEFAULT_ALPHA, ...common } : { type, ...common };
  return { ...spec, model: { ...spec.model, initializer } };
}

function InitializerFields({ init, locked }: { init: InitializerSpec; locked: boolean }) {
  const edit = useSpecEdit();
  const editSpec = useAppStore((s) => s.editSpec);
  // W_rec's own draw matters only to WeightInitializer: the other two set W_rec themselves
  const recDrawn = init.type === 'WeightInitializer';
  const uniform = init.which_rand_init === 'const_unif' || (recDrawn && init.which_rand_W_rec_init === 'const_unif');
  return (
    <div className="field-grid">
      <SelectField<InitializerType>
        label="initializer"
        value={init.type}
        disabled={locked}
        options={namedOptions(INITIALIZER_TYPES)}
        onChange={(type) => editSpec((s) => withInitializer(s, type))}
        hint={`How the weights start: ${INITIALIZERS[init.type]} Default GaussianSpectralRadius.`}
      />
      {init.type === 'GaussianSpectralRadius' && (
        <NumberField
          label="spec_rad"
          value={init.spec_rad}
          disabled={locked}
          edit={(s, v) => s.model.initializer.type === 'GaussianSpectralRadius' && (s.model.initializer.spec_rad = v as number)}
          hint="Spectral radius: W_rec is scaled so its largest |eigenvalue| is this, > 0. Default 1.1."
        />
      )}
      {init.type === 'AlphaIdentity' && (
        <NumberField
          label="alpha"
          value={init.alpha}
          disabled={locked}
          edit={(s, v) => s.model.initializer.type === 'AlphaIdentity' && (s.model.initializer.alpha = v as number)}
          hint={`W_rec = alpha·I at the start. Required by PsychRNN; ${DEFAULT_ALPHA} here (the identity).`}
        />
      )}
      <SelectField<RandInit>
        label="which_rand_init"
        value={init.which_rand_init}
        disabled={locked}
        options={namedOptions(RAND_INITS)}
        onChange={(r) =>
          edit((s) => {
            const i = s.model.initializer;
            // W_rec's draw defaults to this one (PsychRNN): it follows while the two are the same
            if (i.which_rand_W_rec_init === i.which_rand_init) i.which_rand_W_rec_init = r;
            i.which_rand_init = r;
          })
        }
        hint={`Draw of W_in, W_out${recDrawn ? ' and W_rec' : ''}: ${RAND_INITS_DRAW[init.which_rand_init]} Default glorot_gauss.`}
      />
      {recDrawn && (
        <SelectField<RandInit>
          label="which_rand_W_rec_init"
          value={init.which_rand_W_rec_init}
          disabled={locked}
          options={namedOptions(RAND_INITS)}
          onChange={(r) => edit((s) => (s.model.initializer.which_rand_W_rec_init = r))}
          hint={`Draw of W_rec: ${RAND_INITS_DRAW[init.which_rand_W_rec_init]} Default: which_rand_init's.`}
        />
      )}
      {uniform && <UniformBounds init={init} locked={locked} />}
    </div>
  );
}

/** const_unif's bounds: the spec takes any two numbers, but U[min, max) needs min < max. */
function UniformBounds({ init, locked }: { init: InitializerSpec; locked: boolean }) {
  const { init_minval: min, init_maxval: max } = init;
  return (
    <>
      <NumberField
        label="init_minval"
        value={min}
        disabled={locked}
        edit={(s, v) => (s.model.initializer.init_minval = v as number)}
        check={(v) => (v !== null && v >= max ? `model.initializer.init_minval: got ${v}; must be < init_maxval = ${max}` : null)}
        hint="Lower bound of const_unif. Default -0.1."
      />
      <NumberField
        label="init_maxval"
        value={max}
        disabled={locked}
        edit={(s, v) => (s.model.initializer.init_maxval = v as number)}
        check={(v) => (v !== null && v <= min ? `model.initializer.init_maxval: got ${v}; must be > init_minval = ${min}` : null)}
        hint="Upper bound of const_unif (excluded). Default 0.1."
      />
    </>
  );
}

function TrainableFields({ locked }: { locked: boolean }) {
  const trainable = useAppStore((s) => s.spec.model.constraints.trainable);
  const gated = useAppStore((s) => gatedModel(s.spec.model.type));
  const edit = useSpecEdit();
  const names = Object.keys(VARIABLE_HINTS) as Variable[];
  return (
    <fieldset className="advanced-group">
      <legend>Trained variables</legend>
      {gated && <p className="field-hint">{variablesNote(gated)}</p>}
      <div className="field-grid">
        {names.map((name) => (
          <CheckboxField
            key={name}
            label={`${name}_train`}
            checked={trainable[name]}
            disabled={locked || (gated !== null && (LSTM_UNUSED_VARIABLES as readonly string[]).includes(name))}
            onChange={(on) => edit((s) => (s.model.constraints.trainable[name] = on))}
            hint={VARIABLE_HINTS[name]}
          />
        ))}
      </div>
    </fieldset>
  );
}

export function AdvancedNetwork({ locked }: { locked: boolean }) {
  const init = useAppStore((s) => s.spec.model.initializer);
  return (
    <details className="advanced" data-testid="advanced-network">
      <summary>Advanced: initialisation and trained variables</summary>
      <InitializerFields init={init} locked={locked} />
      <TrainableFields locked={locked} />
    </details>
  );
}
