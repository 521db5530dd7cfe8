/**
 * Noisy mean sign — a task written from scratch with CogRNN's task API, in the spirit of PsychRNN's NewTask
 * tutorial. One input carries a noisy signal whose mean is +m or −m; after it, a go cue appears on a second
 * input, and the network must report the sign of the mean on two outputs (output 1 for +, output 0 for −).
 *
 * Periods: fixation 100 ms, stimulus 400–800 ms (uniform), go 300 ms. Only the go period is scored (mask 1):
 * the chosen output goes to 1, the other to 0.2 (PsychRNN's hi and lo).
 */
import { defineTask, inPeriod, targetChoice, uniform } from 'cogrnn';

export default defineTask({
  name: 'NoisyMeanSign',
  title: 'Noisy mean sign',
  description:
    'One noisy input whose mean is +m or −m; after a go cue on a second input, report the sign of the mean ' +
    'on two outputs (output 1 for +).',
  options: {
    means: {
      type: 'numbers',
      label: 'Means',
      default: [0.1, 0.2, 0.4],
      min: 0,
      minLength: 1,
      help: 'The sizes m of the mean, one drawn per trial.',
    },
    noise: { type: 'number', label: 'Noise', default: 0.5, min: 0, help: 'Std of the input noise on each time step.' },
  },
  defaults: { dt: 20, T: 1200, N_batch: 64 },
  N_in: 2,
  N_out: 2,
  timing: { fixation: 100, stimulus: uniform(400, 800), go: 300 },
  rules: (task) =>
    task.T < 1200 ? [{ key: 'T', message: 'must be ≥ 1200 ms: fixation 100 + stimulus up to 800 + go 300' }] : [],

  generateTrialParams(rng, task) {
    const sign = rng.int(2) === 1 ? 1 : -1;
    return { mean: sign * rng.choice(task.means) };
  },

  trialFunction(time, p, step, rng, task) {
    if (inPeriod(time, p.periods, 'stimulus')) step.x[0] = p.mean + task.noise * rng.normal();
    if (inPeriod(time, p.periods, 'go')) {
      step.x[1] = 1;
      targetChoice(step, p.mean > 0 ? 1 : 0); // output 1 for +: its target 1, the other's 0.2; scored (mask 1)
    }
  },

  evidenceAxis: 'signed mean',
  condition: (p) => ({ label: `mean ${p.mean > 0 ? '+' : ''}${p.mean}`, order: [p.mean], evidence: p.mean }),
  describeTrial: (p) => `mean ${p.mean} → output ${p.mean > 0 ? 1 : 0}`,
});
