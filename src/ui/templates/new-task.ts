/**
 * A new task: two-alternative forced choice, after PsychRNN's "Adding a new task" tutorial (its perceptual
 * discrimination), written with declared periods. Two noisy input channels; during the stimulus the one in the
 * trial's direction is higher by the coherence. In the decision period the network drives that output to 1 and the
 * other to 0.2. Change anything: the preview redraws when the code compiles, and the options below appear as fields.
 */
import { addNoise, defineTask, inPeriod, stimulusNoiseStd, uniform } from '../../core/tasks/api.ts';

/** Every period together lasts at most this long (ms); T must hold it. */
const LONGEST_TRIAL = 100 + 700 + 200 + 400;

export default defineTask({
  name: 'MyTask',
  title: 'My task',
  description: 'Two noisy inputs; during the stimulus one is higher by the coherence. In the decision period, drive the output of the higher channel to 1 and the other to 0.2.',
  options: {
    coherences: {
      type: 'numbers',
      label: 'Coherences',
      default: [0.1, 0.3, 0.5, 0.7],
      min: 0,
      minLength: 1,
      help: 'How much higher the correct channel is; one is drawn per trial.',
    },
    stim_noise: { type: 'number', label: 'Stimulus noise', default: 0.1, min: 0, help: 'Scales the noise on both inputs.' },
  },
  N_in: 2,
  N_out: 2,
  rules: (task) => (task.T < LONGEST_TRIAL ? [{ key: 'T', message: `must be ≥ ${LONGEST_TRIAL} ms to hold the fixation, stimulus, delay and decision` }] : []),

  // the periods of each trial, end to end from t = 0 (ms); a duration can be drawn per trial
  timing: { fixation: 100, stimulus: uniform(300, 700), delay: 200, decision: 400 },

  generateTrialParams(rng, task) {
    return { coherence: rng.choice(task.coherences), direction: rng.int(2) };
  },

  trialFunction(time, p, step, rng, task) {
    addNoise(step.x, stimulusNoiseStd(task.dt, task.stim_noise), rng);
    if (inPeriod(time, p.periods, 'stimulus')) {
      step.x[p.direction] += 1 + p.coherence;
      step.x[1 - p.direction] += 1;
    }
    if (inPeriod(time, p.periods, 'decision')) {
      step.y[p.direction] = 1;
      step.y[1 - p.direction] = 0.2;
    }
    // the loss counts the quiet fixation and the decision
    if (inPeriod(time, p.periods, ['fixation', 'decision'])) step.mask.fill(1);
  },

  evidenceAxis: 'signed coherence',
  condition(p) {
    const signed = p.direction === 1 ? p.coherence : -p.coherence;
    return { label: signed.toFixed(2), order: [signed], evidence: signed };
  },
  describeTrial: (p) => `coherence ${p.coherence} → output ${p.direction}`,
});
