/**
 * Interval discrimination (NeuroGym `IntervalDiscrimination`, neurogym/envs/native/intervaldiscrimination.py;
 * NeuroGym cites Genovesio, Tsujimoto & Wise 2009, "Feature- and order-based timing representations in the
 * frontal cortex", Neuron 63:254). Two stimuli of different durations arrive one after the other, separated by
 * a delay; in the decision period the network reports which one lasted longer.
 *
 * Protocol: the periods fixation (300 ms), stim1 (duration 1), delay1 (uniform in [800, 1500)), stim2
 * (duration 2), delay2 (500) and decision (300) are laid end to end from 0, half-open [start, end) (NeuroGym's
 * defaults). Inputs: x[0] fixation = 1 in every period before the decision (its offset is the signal to answer);
 * x[1] = 1 during stim1; x[2] = 1 during stim2. Targets and mask, in the decision period only: y[choice] = hi 1,
 * y[1 − choice] = lo 0.2, mask 1, where choice 0 means the first stimulus was longer and 1 the second; target and
 * mask 0 elsewhere, also after the decision period.
 *
 * Deliberate differences from NeuroGym:
 * - the two durations are two different values of `stim_durations` (300, 375, …, 600 ms by default), every
 *   ordered pair equally likely. NeuroGym draws each from U(300, 600) and floors it to a multiple of dt (at its
 *   dt = 80: 240 to 560 ms in steps of 80), so equal durations happen, and it scores them "second longer";
 *   here a trial always has a longer stimulus, and its conditions are a few pairs for the plots;
 * - PsychRNN's outputs: one per answer with hi/lo targets, scored by PsychRNN's argmax accuracy, and no target
 *   before the decision period (mask 0), where NeuroGym has a fixation action and rewards. A target of 0 with
 *   mask 1 there ("hold still") was tried: it trained more smoothly but more slowly and to no better accuracy
 *   (32 000 trials, seeds 1 / 3 / 2020: 0.79 / 0.99 / 1.00, against 1.00 / 1.00 / 0.93 with this mask);
 * - a trial is T ms long, and T must hold the longest trial; the other durations are not floored to dt either.
 * The periods are drawn per trial once its two durations are chosen (NeuroGym's `add_period(..., duration=…)`).
 */
import { CHOICE_HI, CHOICE_LO, defineTask, drawPeriods, inPeriod, someStepIn, stepCount, targetChoice, type TaskIssue, type Timing, uniform } from './api.ts';

/** The stimulus durations drawn from by default, ms: NeuroGym's range 300 to 600 in five steps. */
export const ID_STIM_DURATIONS: readonly number[] = [300, 375, 450, 525, 600];

interface Durations {
  stim_durations: number[];
  fixation_duration: number;
  delay1_min: number;
  delay1_max: number;
  delay2_duration: number;
  decision_duration: number;
}

/** The periods of a trial whose stimuli last `duration1` and `duration2` ms, in order. */
export function intervalDiscriminationTiming(p: Durations, duration1: number, duration2: number): Timing {
  return {
    fixation: p.fixation_duration,
    stim1: duration1,
    delay1: uniform(p.delay1_min, p.delay1_max),
    stim2: duration2,
    delay2: p.delay2_duration,
    decision: p.decision_duration,
  };
}

/** The different values of `stim_durations`, ascending. */
const distinct = (durations: readonly number[]) => [...new Set(durations)].sort((a, b) => a - b);

const ms = (x: number) => String(Number(x.toPrecision(12)));

/** Draws the earliest layout of a trial: a fixed delay gives the exact layout every such trial has. */
const EARLIEST = { uniform: () => 0, int: () => 0 };

/**
 * The rules the options must meet together: two different durations to compare, a delay window, a T that holds
 * the longest trial, and a time step in both stimuli and in the decision period of every trial (else a stimulus is
 * never seen, or nothing is scored). Where a period starts at a fixed time (stimulus 1 always, all of them with a
 * fixed delay) the check is exact; after a random delay it asks for a period at least dt long, which always holds
 * a time step.
 */
export function intervalDiscriminationIssues(p: Durations & { T: number; dt: number }): TaskIssue[] {
  const durations = distinct(p.stim_durations);
  if (durations.length < 2) {
    const message = `must hold at least two different durations (a trial compares two different ones), got [${p.stim_durations.join(', ')}]`;
    return [{ key: 'stim_durations', message }];
  }
  if (p.delay1_max < p.delay1_min) return [{ key: 'delay1_max', message: `must be ≥ delay1_min = ${ms(p.delay1_min)} ms` }];
  const [second, longest] = durations.slice(-2);
  const end = p.fixation_duration + longest + p.delay1_max + second + p.delay2_duration + p.decision_duration;
  if (p.T < end) {
    const parts =
      `fixation ${ms(p.fixation_duration)} + the two longest stimuli ${ms(longest)} and ${ms(second)} + delay1_max ${ms(p.delay1_max)} ` +
      `+ delay2 ${ms(p.delay2_duration)} + decision ${ms(p.decision_duration)}`;
    return [{ key: 'T', message: `must hold the longest trial, ${parts} = ${ms(end)} ms; T ≥ ${ms(end)} ms works` }];
  }
  const steps = stepCount(p.T, p.dt);
  const fixedDelay = p.delay1_max === p.delay1_min;
  for (const duration1 of durations) {
    for (const duration2 of durations.filter((d) => d !== duration1)) {
      const periods = drawPeriods(EARLIEST, intervalDiscriminationTiming(p, duration1, duration2));
      const lengths = { stim1: duration1, stim2: duration2, decision: p.decision_duration };
      for (const name of ['stim1', 'stim2', 'decision'] as const) {
        const [start, stop] = periods[name];
        const exact = name === 'stim1' || fixedDelay;
        if (exact ? someStepIn(start, stop, p.dt, steps) : lengths[name] >= p.dt) continue;
        if (name === 'decision') {
          const what = exact
            ? `the decision period spans ${ms(start)} to ${ms(stop)} ms and holds no time step, so nothing is scored`
            : `the decision period (${ms(p.decision_duration)} ms, starting at a random time) may hold no time step, and such a trial scores nothing`;
          return [{ key: 'dt', message: `is too coarse: ${what}; dt ≤ ${ms(Math.min(p.decision_duration, durations[0]))} ms works` }];
        }
        const [n, d] = name === 'stim1' ? [1, duration1] : [2, duration2];
        const detail = exact
          ? `stimulus ${n} of ${ms(d)} ms spans ${ms(start)} to ${ms(stop)} ms, between two time steps at dt = ${ms(p.dt)} ms`
          : `stimulus ${n} of ${ms(d)} ms is shorter than dt = ${ms(p.dt)} ms and starts at a random time, so it can fall between two time steps`;
        const message = `holds a stimulus too short to be seen: ${detail}; durations ≥ dt work`;
        return [{ key: 'stim_durations', message }];
      }
    }
  }
  return [];
}

const duration = (label: string, fallback: number, help: string, positive = false) =>
  ({ type: 'number', label, default: fallback, ...(positive ? { gt: 0 } : { min: 0 }), unit: 'ms', help }) as const;

export default defineTask({
  name: 'IntervalDiscrimination',
  title: 'Interval discrimination',
  description:
    'Two stimuli of different durations separated by a delay; in the decision period report which one lasted ' +
    'longer: output 0 the first, output 1 the second (NeuroGym IntervalDiscrimination; Genovesio et al. 2009).',
  options: {
    stim_durations: {
      type: 'numbers',
      label: 'Stimulus durations',
      default: ID_STIM_DURATIONS,
      min: 1,
      minLength: 2,
      unit: 'ms',
      help: 'Each trial shows two different ones of these, every ordered pair equally likely, ms.',
    },
    fixation_duration: duration('Fixation', 300, 'Time before the first stimulus, ms.'),
    delay1_min: duration('Shortest delay', 800, 'The delay between the stimuli is drawn uniformly from [shortest, longest), ms.'),
    delay1_max: duration('Longest delay', 1500, 'Upper end of the delay between the stimuli, ms; equal to the shortest for a fixed delay.'),
    delay2_duration: duration('Response delay', 500, 'Time between the second stimulus and the decision period, ms.'),
    decision_duration: duration('Decision', 300, 'The decision period, the only one with a target, ms.', true),
  },
  defaults: { dt: 20, tau: 100, T: 3725, N_batch: 32 },
  N_in: 3,
  N_out: 2,
  rules: (task) => intervalDiscriminationIssues(task),

  generateTrialParams(rng, task) {
    const durations = distinct(task.stim_durations);
    const duration1 = rng.choice(durations);
    const duration2 = rng.choice(durations.filter((d) => d !== duration1));
    return {
      /** how long stimulus 1 lasts, ms */
      duration1,
      /** how long stimulus 2 lasts, ms */
      duration2,
      /** correct output: 0 when stimulus 1 is longer, 1 when stimulus 2 is */
      choice: (duration2 > duration1 ? 1 : 0) as 0 | 1,
      periods: drawPeriods(rng, intervalDiscriminationTiming(task, duration1, duration2)),
    };
  },

  trialFunction(time, p, step) {
    if (inPeriod(time, p.periods, 'decision')) {
      targetChoice(step, p.choice);
      return;
    }
    if (time >= p.periods.decision[0]) return;
    step.x[0] = 1;
    if (inPeriod(time, p.periods, 'stim1')) step.x[1] = 1;
    if (inPeriod(time, p.periods, 'stim2')) step.x[2] = 1;
  },

  condition: (p) => {
    const relation = p.duration1 > p.duration2 ? '>' : '<';
    const evidence = p.duration2 - p.duration1;
    return { label: `d1 ${ms(p.duration1)} ${relation} d2 ${ms(p.duration2)}`, order: [evidence, p.duration1], evidence };
  },
  describeTrial: (p) => `stimulus 1 ${ms(p.duration1)} ms, stimulus 2 ${ms(p.duration2)} ms → output ${p.choice}`,
  taskParams: () => ({ lo: CHOICE_LO, hi: CHOICE_HI }),
});
