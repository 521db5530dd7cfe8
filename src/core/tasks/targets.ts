/** PsychRNN's targets for a choice between outputs (reference §2). */
import type { TrialStep } from './api.ts';

/** The chosen output's target. */
export const CHOICE_HI = 1;
/** Every other output's target (PsychRNN's `lo`: 0.2, not 0). */
export const CHOICE_LO = 0.2;

/** This step is scored (mask 1 on every output) with output `choice` at hi and the others at lo. */
export function targetChoice(step: TrialStep, choice: number, hi = CHOICE_HI, lo = CHOICE_LO): void {
  step.y.fill(lo);
  step.y[choice] = hi;
  step.mask.fill(1);
}
