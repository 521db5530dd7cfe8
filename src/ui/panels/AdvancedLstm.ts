/**
 * What the LSTM does not use (reference §3.4): it has no Dale rule, no connectivity masks and no autapse rule, and it
 * reads out through W_out and b_out only, so W_in, W_rec, b_rec and init_state — their trainable flags and their
 * L1/L2 weights — never reach its output. The spec refuses these for the LSTM; the panels disable their fields and
 * put them back to their defaults when the model becomes an LSTM. Connectivity masks and fixed weights, painted or
 * loaded with care, are kept: the spec's refusal of the switch names them instead.
 * CogRNN's GRU follows PsychRNN's LSTM conventions, so all of this applies to it too, said with its name.
 */
import type { ExperimentSpec } from '../../core/spec/spec.ts';

/** The models with gates, which have no use for the rate network's constraints. */
export type GatedModel = Exclude<ExperimentSpec['model']['type'], 'basic'>;
export const GATED_MODEL_NAMES: Record<GatedModel, string> = { lstm: 'LSTM', gru: 'GRU' };

/** The gated model `type` is, or null for the rate network. */
export const gatedModel = (type: ExperimentSpec['model']['type']): GatedModel | null => (type === 'basic' ? null : type);

export const LSTM_UNUSED_VARIABLES = ['W_in', 'W_rec', 'b_rec', 'init_state'] as const;
export const LSTM_UNUSED_REGULARIZERS = ['L1_in', 'L1_rec', 'L2_in', 'L2_rec'] as const;

export const variablesNote = (model: GatedModel) =>
  `The ${GATED_MODEL_NAMES[model]} trains all its gates and reads out through W_out and b_out; it does not use W_in, W_rec, b_rec or init_state.`;
export const regularizersNote = (model: GatedModel) =>
  `The ${GATED_MODEL_NAMES[model]} does not use W_in or W_rec, so L1_in, L1_rec, L2_in and L2_rec stay 0.`;

/**
 * `spec` as an LSTM (or a GRU): the settings it does not use back at their defaults. Returns the new spec (a copy)
 * and the PsychRNN names of the settings that changed, for the page to say.
 */
export function asLstm(spec: ExperimentSpec, model: GatedModel = 'lstm'): { spec: ExperimentSpec; reset: string[] } {
  const next = structuredClone(spec);
  const reset: string[] = [];
  const { constraints } = next.model;
  next.model.type = model;
  if (constraints.dale_ratio !== null) {
    // 0 means no Dale rule too (PsychRNN tests `if dale_ratio:`), so only a ratio in effect is worth saying
    if (constraints.dale_ratio !== 0) reset.push('dale_ratio');
    constraints.dale_ratio = null;
  }
  if (!constraints.autapses) {
    constraints.autapses = true;
    reset.push('autapses');
  }
  for (const name of LSTM_UNUSED_VARIABLES) {
    if (!constraints.trainable[name]) {
      constraints.trainable[name] = true;
      reset.push(`${name}_train`);
    }
  }
  for (const key of LSTM_UNUSED_REGULARIZERS) {
    if (next.regularization[key] !== 0) {
      next.regularization[key] = 0;
      reset.push(key);
    }
  }
  return { spec: next, reset };
}

/** The sentence for what `asLstm` reset, or null when nothing was. */
export function lstmResetNote(reset: string[], model: GatedModel = 'lstm'): string | null {
  if (reset.length === 0) return null;
  return `The ${GATED_MODEL_NAMES[model]} does not use ${reset.join(', ')}: ${reset.length === 1 ? 'it was put back to its default' : 'they were put back to their defaults'}.`;
}
