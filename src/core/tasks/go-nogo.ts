/**
 * Go/No-go (NeuroGym `GoNogo`, neurogym/envs/native/gonogo.py; NeuroGym cites Zhang et al. 2019, "Active
 * information maintenance in working memory by a sensory cortex", eLife 8:e43191). A cue in the stimulus period
 * says go or no-go; after a delay, in the decision period, the network answers go after a go cue and withholds
 * after a no-go cue.
 *
 * Protocol: the periods fixation, stimulus, delay, decision are laid end to end from 0, half-open
 * [start, end), each of a fixed duration (NeuroGym's 0, 500, 500, 500 ms by default):
 * - inputs: x[0] fixation = 1 in every period before the decision (its offset is the signal to answer);
 *   x[1] the no-go cue or x[2] the go cue = 1 during the stimulus;
 * - targets and mask, in the decision period only: y[choice] = hi 1, y[1 − choice] = lo 0.2, mask 1, where
 *   choice 0 is no-go (withhold) and 1 is go; target and mask 0 elsewhere, also after the decision period.
 *
 * Deliberate differences from NeuroGym:
 * - PsychRNN's outputs: one per answer (0 no-go, 1 go), with PsychRNN's hi/lo targets, so its argmax accuracy
 *   scores a trial. NeuroGym has the actions fixate and go (withholding is fixating) and scores by reward: a
 *   miss or a go after a no-go cue −0.5, breaking fixation −0.1;
 * - no target before the decision period (mask 0 there, as in PsychRNN's DelayedDiscrimination), where NeuroGym's
 *   ground truth is "fixate";
 * - a trial is T ms long, and T must hold the whole protocol; durations are not floored to multiples of dt.
 */
import { CHOICE_HI, CHOICE_LO, defineTask, periodAt, someStepIn, stepCount, targetChoice, type TaskIssue, type Timing } from './api.ts';

/** The answers: output 0 withholds (no-go), output 1 goes. */
export const GO_NOGO_LABELS = ['no-go', 'go'] as const;

interface Durations {
  fixation_duration: number;
  stimulus_duration: number;
  delay_duration: number;
  decision_duration: number;
}

/** The declared periods, in order: every trial has the same. */
export function goNogoTiming(p: Durations): Timing {
  return { fixation: p.fixation_duration, stimulus: p.stimulus_duration, delay: p.delay_duration, decision: p.decision_duration };
}

const ms = (x: number) => String(Number(x.toPrecision(12)));

/**
 * The rules the options must meet together: T holds the whole protocol, and a time step falls in the stimulus
 * (else there is no cue to see) and in the decision period (else nothing is scored). Once T holds the trial,
 * dt ≤ the shorter of the two gives both.
 */
export function goNogoIssues(p: Durations & { T: number; dt: number }): TaskIssue[] {
  const stimulusStart = p.fixation_duration;
  const decisionStart = stimulusStart + p.stimulus_duration + p.delay_duration;
  const end = decisionStart + p.decision_duration;
  if (p.T < end) {
    const parts = `fixation ${ms(p.fixation_duration)} + stimulus ${ms(p.stimulus_duration)} + delay ${ms(p.delay_duration)} + decision ${ms(p.decision_duration)}`;
    return [{ key: 'T', message: `must hold the whole trial, ${parts} = ${ms(end)} ms; T ≥ ${ms(end)} ms works` }];
  }
  const steps = stepCount(p.T, p.dt);
  const checked: [string, number, number][] = [
    ['stimulus', stimulusStart, stimulusStart + p.stimulus_duration],
    ['decision', decisionStart, end],
  ];
  for (const [name, start, stop] of checked) {
    if (!someStepIn(start, stop, p.dt, steps)) {
      const works = ms(Math.min(p.stimulus_duration, p.decision_duration));
      const what = `no time step falls in the ${name} period (${ms(start)} to ${ms(stop)} ms)`;
      return [{ key: 'dt', message: `is too coarse: ${what}, so there is nothing to learn; dt ≤ ${works} ms works` }];
    }
  }
  return [];
}

const duration = (label: string, fallback: number, help: string, positive: boolean) =>
  ({ type: 'number', label, default: fallback, ...(positive ? { gt: 0 } : { min: 0 }), unit: 'ms', help }) as const;

export default defineTask({
  name: 'GoNogo',
  title: 'Go / no-go',
  description:
    'A go or a no-go cue, then a delay; in the decision period drive output 1 (go) after a go cue and ' +
    'output 0 (withhold) after a no-go cue (NeuroGym GoNogo; Zhang et al. 2019).',
  options: {
    fixation_duration: duration('Fixation', 0, 'Time before the cue, ms.', false),
    stimulus_duration: duration('Stimulus', 500, 'How long the cue is shown, ms.', true),
    delay_duration: duration('Delay', 500, 'Time between the cue and the decision period, ms.', false),
    decision_duration: duration('Decision', 500, 'The decision period, the only one with a target, ms.', true),
  },
  defaults: { dt: 20, tau: 100, T: 1500, N_batch: 32 },
  N_in: 3,
  N_out: 2,
  rules: (task) => goNogoIssues(task),
  timing: (task) => goNogoTiming(task),

  generateTrialParams(rng) {
    return {
      /** correct output: 0 after a no-go cue (withhold), 1 after a go cue */
      choice: rng.int(2) as 0 | 1,
    };
  },

  trialFunction(time, p, step) {
    switch (periodAt(time, p.periods)) {
      case 'fixation':
      case 'delay':
        step.x[0] = 1;
        break;
      case 'stimulus':
        step.x[0] = 1;
        step.x[1 + p.choice] = 1;
        break;
      case 'decision':
        targetChoice(step, p.choice);
        break;
    }
  },

  condition: (p) => ({ label: GO_NOGO_LABELS[p.choice], order: [p.choice] }),
  describeTrial: (p) => `${GO_NOGO_LABELS[p.choice]} cue → output ${p.choice}`,
  taskParams: () => ({ lo: CHOICE_LO, hi: CHOICE_HI }),
});
