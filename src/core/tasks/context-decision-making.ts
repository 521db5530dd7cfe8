/**
 * Context-dependent decision making (Mante, Sussillo, Shenoy & Newsome 2013, "Context-dependent computation by
 * recurrent dynamics in prefrontal cortex", Nature 503:78; NeuroGym `ContextDecisionMaking`,
 * neurogym/envs/native/contextdecisionmaking.py, with `use_expl_context`). Two noisy stimuli arrive at once, a
 * motion and a colour one (NeuroGym's modalities 1 and 2), each favouring one of the two answers with its own
 * coherence; a context cue says which one counts. In the decision period the network reports the direction of
 * the attended stimulus and ignores the other.
 *
 * Protocol: the periods fixation (300 ms), stimulus (750), delay (truncated exponential: mean 600, in [300,
 * 3000)) and decision (100) are laid end to end from 0, half-open [start, end) (NeuroGym's defaults). Inputs:
 * - x[0] fixation = 1 in every period before the decision (its offset is the signal to answer, after a delay of
 *   random length);
 * - motion x[1], x[2] and colour x[3], x[4], during the stimulus: the channel of the stimulus's direction d is
 *   (1 + c)/2 and the other (1 − c)/2 (NeuroGym's cos(θ − θ_d)·coh/200 + 0.5 with coh = 100c on a ring of
 *   two), plus N(0, (sigma/√dt)²) noise on each of the four per step (dt in ms, NeuroGym's scaling: the noise of
 *   the stimulus's time average does not depend on dt); each stimulus draws its direction and its coherence
 *   from `coherences` independently, so the two agree or conflict at random;
 * - context cue x[5] (motion) or x[6] (colour) = 1 in every period.
 * Targets and mask, in the decision period only: y[d] = hi 1 and y[1 − d] = lo 0.2 for the attended stimulus's
 * direction d, mask 1; target and mask 0 elsewhere, also after the decision period.
 *
 * Deliberate differences from NeuroGym:
 * - PsychRNN's outputs: one per answer with hi/lo targets, scored by PsychRNN's argmax accuracy, and no target
 *   before the decision period (mask 0), where NeuroGym has a fixation action and rewards. A target of 0 with
 *   mask 1 there ("hold still") was tried: its ~200 steps drown the decision period's 5, and the default spec
 *   stayed at chance after 40 000 trials (0.54), where this mask reaches 0.92;
 * - the fixation input stays on until the decision period, as in NeuroGym's other tasks and in this task before
 *   May 2025 (commit cf21074 keeps it to the fixation period only), since after a random delay it is the only
 *   signal to answer;
 * - a fixed `context` (NeuroGym's implicit context, `impl_context_modality`) still shows its cue, so the
 *   network has the same 7 inputs either way (a curriculum can move from one context to both);
 * - coherences are fractions (0.05 for NeuroGym's 5); a trial is T ms long, and T must hold the longest
 *   trial; durations are not floored to multiples of dt.
 */
import {
  addNoise,
  CHOICE_HI,
  CHOICE_LO,
  defineTask,
  type Duration,
  formatSigned,
  periodAt,
  signedCoherence,
  someStepIn,
  stepCount,
  targetChoice,
  type TaskIssue,
  type Timing,
  truncatedExponential,
} from './api.ts';

/** The two contexts, each named for the stimulus that counts in it, in input order (cues x[5], x[6]). */
export const CONTEXTS = ['motion', 'color'] as const;
export type Context = (typeof CONTEXTS)[number];

/** First input channel of each stimulus: its channel for direction d is this + d. */
const STIMULUS_CHANNEL: Record<Context, number> = { motion: 1, color: 3 };
const CONTEXT_CHANNEL = 5;

/** NeuroGym's coherences, 5, 15 and 50 %. */
export const CDM_COHERENCES: readonly number[] = [0.05, 0.15, 0.5];

/** A random delay must draw in at most about this many tries (its window ≥ delay_mean / this). */
export const MAX_DELAY_TRIES = 1000;

interface Durations {
  fixation_duration: number;
  stimulus_duration: number;
  delay_min: number;
  delay_mean: number;
  delay_max: number;
  decision_duration: number;
}

/** The delay: min + Exp(mean), redrawn until < max (NeuroGym's TruncExp(mean, min, max)); fixed when min = max. */
function delay(p: Durations): Duration {
  return p.delay_max === p.delay_min ? p.delay_min : truncatedExponential(p.delay_mean, p.delay_min, p.delay_max);
}

/** The declared periods, in order. */
export function contextDecisionMakingTiming(p: Durations): Timing {
  return { fixation: p.fixation_duration, stimulus: p.stimulus_duration, delay: delay(p), decision: p.decision_duration };
}

const ms = (x: number) => String(Number(x.toPrecision(12)));

/**
 * The rules the options must meet together: a delay window that can be drawn, a T that holds the longest trial, a
 * time step in the stimulus, and one in every trial's decision period: checked exactly for a fixed delay; after a
 * random one, a decision period at least dt long always holds one.
 */
export function contextDecisionMakingIssues(p: Durations & { T: number; dt: number }): TaskIssue[] {
  const window = p.delay_max - p.delay_min;
  if (window < 0) return [{ key: 'delay_max', message: `must be ≥ delay_min = ${ms(p.delay_min)} ms` }];
  if (window > 0 && window < p.delay_mean / MAX_DELAY_TRIES) {
    const tries = Math.round(p.delay_mean / window);
    return [
      {
        key: 'delay_max',
        message:
          `is only ${ms(window)} ms above delay_min: drawing a delay of mean ${ms(p.delay_mean)} ms into that window would take ` +
          `about ${tries} tries; set delay_max = delay_min for a fixed delay, or delay_max ≥ ${ms(p.delay_min + p.delay_mean / MAX_DELAY_TRIES)} ms`,
      },
    ];
  }
  const longest = p.fixation_duration + p.stimulus_duration + p.delay_max + p.decision_duration;
  if (p.T < longest) {
    const parts = `fixation ${ms(p.fixation_duration)} + stimulus ${ms(p.stimulus_duration)} + delay_max ${ms(p.delay_max)} + decision ${ms(p.decision_duration)}`;
    return [{ key: 'T', message: `must hold the longest trial, ${parts} = ${ms(longest)} ms; T ≥ ${ms(longest)} ms works` }];
  }
  const steps = stepCount(p.T, p.dt);
  const works = `dt ≤ ${ms(Math.min(p.stimulus_duration, p.decision_duration))} ms works`;
  const stimulusEnd = p.fixation_duration + p.stimulus_duration;
  if (!someStepIn(p.fixation_duration, stimulusEnd, p.dt, steps)) {
    const what = `no time step falls in the stimulus (${ms(p.fixation_duration)} to ${ms(stimulusEnd)} ms), so there is nothing to learn`;
    return [{ key: 'dt', message: `is too coarse: ${what}; ${works}` }];
  }
  if (window === 0) {
    // a fixed delay: every trial's decision period is this one
    const decisionStart = stimulusEnd + p.delay_min;
    const decisionEnd = decisionStart + p.decision_duration;
    if (!someStepIn(decisionStart, decisionEnd, p.dt, steps)) {
      const what = `no time step falls in the decision period (${ms(decisionStart)} to ${ms(decisionEnd)} ms), so nothing is scored`;
      return [{ key: 'dt', message: `is too coarse: ${what}; ${works}` }];
    }
  } else if (p.dt > p.decision_duration) {
    const what = `the decision period (${ms(p.decision_duration)} ms, starting at a random time) may hold no time step, and such a trial scores nothing`;
    return [{ key: 'dt', message: `is too coarse: ${what}; ${works}` }];
  }
  return [];
}

const duration = (label: string, fallback: number, help: string, positive = false) =>
  ({ type: 'number', label, default: fallback, ...(positive ? { gt: 0 } : { min: 0 }), unit: 'ms', help }) as const;

export default defineTask({
  name: 'ContextDecisionMaking',
  title: 'Context-dependent decision making',
  description:
    'A motion and a colour stimulus, each noisy and favouring one answer; a context cue says which one counts. ' +
    'After a random delay, report the direction of the attended stimulus (Mante et al. 2013; NeuroGym ContextDecisionMaking).',
  options: {
    context: {
      type: 'choice',
      label: 'Context',
      values: CONTEXTS,
      default: null,
      nullMeans: 'drawn per trial, and cued',
      help: 'The stimulus that counts; a fixed one is still cued (NeuroGym’s implicit context).',
    },
    coherences: {
      type: 'numbers',
      label: 'Coherences',
      default: CDM_COHERENCES,
      min: 0,
      max: 1,
      minLength: 1,
      help: 'Each stimulus draws its coherence c from these per trial: its channels are (1 ± c)/2.',
    },
    sigma: {
      type: 'number',
      label: 'Noise σ',
      default: 1,
      min: 0,
      help: 'Stimulus noise: N(0, (σ/√dt)²) per step on each stimulus channel, dt in ms (NeuroGym’s sigma).',
    },
    fixation_duration: duration('Fixation', 300, 'Time before the stimuli, ms.'),
    stimulus_duration: duration('Stimulus', 750, 'How long both stimuli are shown, ms.', true),
    delay_min: duration('Shortest delay', 300, 'Shortest delay between the stimuli and the decision period, ms.'),
    delay_mean: duration('Delay mean', 600, 'Mean of the exponential the delay is drawn from (before truncation), ms.', true),
    delay_max: duration('Longest delay', 3000, 'The delay is drawn below this, ms; equal to the shortest for a fixed delay.'),
    decision_duration: duration('Decision', 100, 'The decision period, the only one with a target, ms.', true),
  },
  defaults: { dt: 20, tau: 100, T: 4150, N_batch: 32 },
  N_in: 7,
  N_out: 2,
  rules: (task) => contextDecisionMakingIssues(task),
  timing: (task) => contextDecisionMakingTiming(task),

  generateTrialParams(rng, task) {
    // NeuroGym's draws: the answer, the other stimulus's direction, the context, then each coherence
    const choice = rng.int(2) as 0 | 1;
    const other = rng.int(2) as 0 | 1;
    const context: Context = task.context ?? rng.choice(CONTEXTS);
    return {
      /** the stimulus that counts */
      context,
      /** correct output: the attended stimulus's direction */
      choice,
      /** the channel the motion stimulus favours (0 or 1) */
      motion_direction: context === 'motion' ? choice : other,
      motion_coherence: rng.choice(task.coherences),
      /** the channel the colour stimulus favours (0 or 1) */
      color_direction: context === 'color' ? choice : other,
      color_coherence: rng.choice(task.coherences),
    };
  },

  trialFunction(time, p, step, rng, task) {
    const period = periodAt(time, p.periods);
    if (period === null) return;
    step.x[CONTEXT_CHANNEL + CONTEXTS.indexOf(p.context)] = 1;
    if (period === 'decision') {
      targetChoice(step, p.choice);
      return;
    }
    step.x[0] = 1;
    if (period === 'stimulus') {
      addStimulus(step.x, STIMULUS_CHANNEL.motion, p.motion_direction, p.motion_coherence);
      addStimulus(step.x, STIMULUS_CHANNEL.color, p.color_direction, p.color_coherence);
      addNoise(step.x.subarray(STIMULUS_CHANNEL.motion, CONTEXT_CHANNEL), task.sigma / Math.sqrt(task.dt), rng);
    }
  },

  condition: (p) => {
    const s = signedCoherence(p.context === 'motion' ? p.motion_coherence : p.color_coherence, p.choice);
    return { label: `${p.context} ${formatSigned(s)}`, order: [CONTEXTS.indexOf(p.context), s], evidence: s };
  },
  describeTrial: (p) =>
    `${p.context} context: motion ${formatSigned(signedCoherence(p.motion_coherence, p.motion_direction))}, ` +
    `color ${formatSigned(signedCoherence(p.color_coherence, p.color_direction))} → output ${p.choice}`,
  taskParams: () => ({ contexts: [...CONTEXTS], lo: CHOICE_LO, hi: CHOICE_HI }),
});

/** A stimulus favouring `direction` at coherence c: (1 + c)/2 on its channel, (1 − c)/2 on the other. */
function addStimulus(x: Float32Array, first: number, direction: 0 | 1, coherence: number): void {
  x[first + direction] += (1 + coherence) / 2;
  x[first + 1 - direction] += (1 - coherence) / 2;
}
