/**
 * The perturbation of an experiment (spec field `perturbation`, null = none): what the perturbation lab does to a
 * trained network while it is simulated (src/core/analysis/perturbation.ts), during the window start ≤ t < end (ms
 * from the trial's start; end null = the trial's end T). Each part is optional and they combine:
 *   silence          the units whose output is 0 in the window (f(x) for the rate RNN, h for the LSTM): "all", the
 *                    excitatory "E" or inhibitory "I" population (Dale's ordering: E first), or unit indices;
 *   cut_connections  [N_rec][N_rec] 0/1, 1 = the connection j → i (W_rec[i][j]) is cut in the window;
 *   noise            σ of added state noise, PsychRNN's rec-noise form √(2α)·σ·N(0, 1) per unit and step;
 *   W_rec_scale      W_rec multiplied by this factor in the window;
 *   input_scale      [N_in] a factor per input channel in the window (null = all 1).
 * Its values are checked against the network and the task after every field has parsed (`perturbationIssues`).
 */
import { z } from 'zod';
import { bitMatrix, num, numOrNull, strict } from './fields.ts';
import { daleRatioInEffect, N_steps, taskShape } from './checks.ts';
import type { ExperimentSpec } from './spec.ts';

/** The populations `silence` may name; the excitatory are the first ⌊dale_ratio·N_rec⌋ units. */
export const SILENCE_GROUPS = ['all', 'E', 'I'] as const;
export type SilenceGroup = (typeof SILENCE_GROUPS)[number];
export type Silence = SilenceGroup | number[] | null;

const SILENCE = 'must be "all", "E", "I", an array of unit indices (integers ≥ 0) or null';

const silenceSchema = z.custom<Silence>().superRefine((value, ctx) => {
  if (value === null || (SILENCE_GROUPS as readonly unknown[]).includes(value)) return;
  if (!Array.isArray(value)) return ctx.addIssue({ code: 'custom', input: value, message: SILENCE });
  value.forEach((unit: unknown, k) => {
    if (!(Number.isSafeInteger(unit) && (unit as number) >= 0)) {
      ctx.addIssue({ code: 'custom', path: [k], input: unit, message: 'must be a unit index: an integer ≥ 0 (and < N_rec)' });
    }
  });
});

const scale = () => num({ min: 0 });

export const perturbationSchema = strict({
  /** ms from the trial's start */
  start: num({ min: 0 }).default(0),
  /** ms; null = the trial's end */
  end: numOrNull({ gt: 0 }),
  silence: silenceSchema.default(null),
  cut_connections: bitMatrix.nullable().default(null),
  noise: num({ min: 0 }).default(0),
  W_rec_scale: scale().default(1),
  input_scale: z.array(scale(), { error: 'must be an array of factors ≥ 0, one per input channel, or null' }).nullable().default(null),
});

export type PerturbationSpec = z.output<typeof perturbationSchema>;

/** A perturbation that changes nothing, with every default filled in (the lab's starting point). */
export function emptyPerturbation(): PerturbationSpec {
  return perturbationSchema.parse({});
}

export interface PerturbationIssue {
  path: (string | number)[];
  value: unknown;
  message: string;
}

/** What the perturbation asks that this network or task does not have: units, channels, a window past the trial. */
export function perturbationIssues(spec: ExperimentSpec): PerturbationIssue[] {
  const p = spec.perturbation;
  if (!p) return [];
  const issues: PerturbationIssue[] = [];
  const at = (...keys: (string | number)[]) => ['perturbation', ...keys];
  const report = (path: (string | number)[], value: unknown, message: string) => issues.push({ path, value, message });
  const { T, dt } = spec.task;
  const lastStart = (N_steps(spec.task) - 1) * dt;
  if (p.end !== null && p.end > T) report(at('end'), p.end, `must be ≤ task.T = ${T} ms (the trial's length), or null for the trial's end`);
  if (p.start > lastStart) report(at('start'), p.start, `must be ≤ ${lastStart} ms, the time of the trial's last step (task.T = ${T} ms, dt = ${dt} ms)`);
  else if (p.end !== null && p.start >= p.end) report(at('start'), p.start, `must be < end = ${p.end} ms (the window is start ≤ t < end)`);

  const { N_rec } = spec.model;
  const dale = daleRatioInEffect(spec.model.constraints);
  if (p.silence === 'E' || p.silence === 'I') {
    if (dale === null) report(at('silence'), p.silence, `needs Dale's principle (model.constraints.dale_ratio): without it units are neither excitatory nor inhibitory; use "all" or unit indices`);
  } else if (Array.isArray(p.silence)) {
    p.silence.forEach((unit, k) => {
      if (unit >= N_rec) report(at('silence', k), unit, `must be < N_rec = ${N_rec} (units are 0–${N_rec - 1})`);
    });
  }
  const cut = p.cut_connections;
  if (cut !== null && !(cut.length === N_rec && cut.every((row) => row.length === N_rec))) {
    report(at('cut_connections'), cut, `must be a ${N_rec} × ${N_rec} matrix (N_rec = ${N_rec}), W_rec's shape`);
  }
  const { N_in } = taskShape(spec.task);
  if (p.input_scale !== null && p.input_scale.length !== N_in) {
    report(at('input_scale'), p.input_scale, `must hold one factor per input channel: ${N_in} (N_in = ${N_in})`);
  }
  return issues;
}
