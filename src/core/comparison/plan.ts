/**
 * A comparison's runs: every condition × K seeds (seed = base + k), each run's spec the condition's with that seed,
 * a stop at the threshold and a cap on trials. The stop is PsychRNN's own mechanism, training.performance_measure
 * "accuracy" with performance_cutoff = threshold, measured on a fresh batch after every step; a curriculum run's
 * measure counts only from its final stage on (`full-task-measure.ts`). training_iters is the cap: a run that never
 * reaches the threshold stops there and is censored at it.
 * Runs go seed by seed (seed 0 of every condition, then seed 1, …), so a comparison cancelled half-way still holds
 * as many runs of each condition.
 */
import type { ExperimentSpec } from '../spec/spec.ts';
import type { Condition } from './conditions.ts';

export interface ComparisonSettings {
  /** K: networks per condition */
  seeds: number;
  /** the first seed; run k of each condition uses baseSeed + k */
  baseSeed: number;
  /** accuracy on the full task that counts as learnt */
  threshold: number;
  /** the most trials a run may take (its training_iters) */
  trialCap: number;
}

export const DEFAULT_SETTINGS: Omit<ComparisonSettings, 'baseSeed'> = { seeds: 5, threshold: 0.9, trialCap: 50000 };
export const MAX_SEEDS = 50;

export interface PlannedRun {
  /** 0-based, in running order */
  index: number;
  /** index into the conditions */
  condition: number;
  seed: number;
  spec: ExperimentSpec;
}

/** What is wrong with `settings`, one sentence per field, naming what is allowed; empty when they are fine. */
export function settingsProblems(settings: ComparisonSettings, conditions: Condition[]): string[] {
  const problems: string[] = [];
  const { seeds, baseSeed, threshold, trialCap } = settings;
  if (!Number.isInteger(seeds) || seeds < 2 || seeds > MAX_SEEDS) problems.push(`Seeds per condition: got ${seeds}; must be a whole number from 2 to ${MAX_SEEDS} (a rank test needs at least 2 runs a side)`);
  if (!Number.isInteger(baseSeed) || baseSeed < 0) problems.push(`First seed: got ${baseSeed}; must be a whole number ≥ 0`);
  if (!(threshold > 0 && threshold <= 1)) problems.push(`Threshold: got ${threshold}; must be an accuracy above 0 and at most 1`);
  const batch = Math.max(...conditions.map((c) => c.spec.task.N_batch));
  if (!Number.isInteger(trialCap) || trialCap < batch) problems.push(`Trial cap: got ${trialCap}; must be a whole number of trials ≥ ${batch} (one batch)`);
  if (conditions.length < 2) problems.push(`a comparison needs at least 2 conditions; got ${conditions.length}`);
  return problems;
}

/** The spec a run trains: the condition's, with its seed, the stop at the threshold and the cap. */
export function runSpec(spec: ExperimentSpec, seed: number, settings: Pick<ComparisonSettings, 'threshold' | 'trialCap'>): ExperimentSpec {
  return {
    ...spec,
    seed,
    training: { ...spec.training, training_iters: settings.trialCap, performance_measure: 'accuracy', performance_cutoff: settings.threshold },
  };
}

/** Every run of the comparison in running order; throws an Error listing every problem of the settings. */
export function planComparison(conditions: Condition[], settings: ComparisonSettings): PlannedRun[] {
  const problems = settingsProblems(settings, conditions);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const runs: PlannedRun[] = [];
  for (let k = 0; k < settings.seeds; k++) {
    conditions.forEach((condition, c) => {
      const seed = settings.baseSeed + k;
      runs.push({ index: runs.length, condition: c, seed, spec: runSpec(condition.spec, seed, settings) });
    });
  }
  return runs;
}
