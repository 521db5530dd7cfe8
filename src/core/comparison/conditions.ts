/**
 * The conditions a multi-seed comparison sets against each other (the paper's Fig. 5C and its kin): the open
 * experiment with its curriculum against the same network trained on the curriculum's final task from the start;
 * the Dale rule on against off; or any two specs (this experiment against a saved one). Each condition is a whole
 * spec, checked like any other, so a condition that cannot train is refused here with the spec's own message.
 */
import { type ExperimentSpec, daleRatioInEffect, safeParseSpec } from '../spec/spec.ts';

export const COMPARISON_KINDS = ['curriculum', 'dale', 'specs'] as const;
export type ComparisonKind = (typeof COMPARISON_KINDS)[number];

export interface Condition {
  /** how the plot, the table and the saved experiment name it: "curriculum (2 stages)", "no curriculum" */
  label: string;
  spec: ExperimentSpec;
}

/** PsychRNN's usual excitatory fraction, for "Dale on" when the experiment has no Dale rule of its own. */
export const DEFAULT_DALE_RATIO = 0.8;

/** A checked spec, or an Error naming the condition and what the spec check said. */
function checked(label: string, candidate: unknown): Condition {
  const parsed = safeParseSpec(candidate);
  if (!parsed.ok) throw new Error(`the condition “${label}” is not a spec that can train: ${parsed.error.message}`);
  return { label, spec: parsed.spec };
}

/**
 * With vs without curriculum. Without it the network trains on the final stage's task from the first trial (its
 * "full task"), as PsychRNN's tutorial compares a curriculum with a plain model trained on the hardest task.
 */
export function curriculumConditions(spec: ExperimentSpec): Condition[] {
  const curriculum = spec.curriculum;
  if (!curriculum) throw new Error('“with vs without curriculum” needs a curriculum: add stages in the curriculum panel first');
  const finalTask = curriculum.stages[curriculum.stages.length - 1];
  const stages = curriculum.stages.length;
  return [
    checked(`curriculum (${stages} stage${stages === 1 ? '' : 's'})`, spec),
    checked('no curriculum', { ...spec, task: finalTask, curriculum: null }),
  ];
}

/** Dale's rule on (the spec's ratio, or 0.8 where it has none) vs off (dale_ratio null). */
export function daleConditions(spec: ExperimentSpec): Condition[] {
  const own = daleRatioInEffect(spec.model.constraints);
  const ratio = own ?? DEFAULT_DALE_RATIO;
  const withRatio = (dale_ratio: number | null) => ({ ...spec, model: { ...spec.model, constraints: { ...spec.model.constraints, dale_ratio } } });
  return [checked(`Dale (ratio ${ratio})`, withRatio(ratio)), checked('no Dale', withRatio(null))];
}

/** Any two (or more) specs, each under its own label. */
export function specConditions(specs: { label: string; spec: unknown }[]): Condition[] {
  if (specs.length < 2) throw new Error(`a comparison needs at least 2 conditions; got ${specs.length}`);
  const labels = new Set(specs.map((s) => s.label));
  if (labels.size !== specs.length) throw new Error('two conditions have the same name: give each its own');
  return specs.map((s) => checked(s.label, s.spec));
}
