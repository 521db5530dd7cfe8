/**
 * Tutorial 6, after PsychRNN's "Simulation in NumPy" (its OtherFeatures notebook): a trained network run by the plain
 * simulator, outside training, and perturbed — the I population silenced during the stimulus, which PsychRNN users
 * do by hand in numpy (PsychRNN issue #7). Dale's principle is on (dale_ratio 0.8) so the network has E and I
 * populations to silence; it trains for all its 50,000 trials, so the lesion hits a network that has settled.
 */
import { SPEC_VERSION } from '../../../core/spec/spec.ts';
import { holdsNetwork, inhibitionSilenced, trainingFinished } from '../checks.ts';
import { PSYCHRNN_PD, type Tutorial } from '../tutorial.ts';

export const simulationPerturbation: Tutorial = {
  id: 'simulation-perturbation',
  title: 'Simulation and perturbation',
  summary: 'Run a trained network in the plain simulator and silence its inhibitory units: what happens to the choice?',
  follows: 'PsychRNN tutorial “Simulation in NumPy” (Other Features)',
  experiment: {
    version: SPEC_VERSION,
    name: 'Tutorial 6 · Simulation and perturbation',
    seed: 2020,
    task: PSYCHRNN_PD,
    model: { N_rec: 50, constraints: { dale_ratio: 0.8 } },
    training: { training_iters: 50000 },
  },
  steps: [
    {
      text:
        'This network obeys Dale’s principle (**Dale ratio** 0.8): units 0–39 are excitatory (E), 40–49 inhibitory (I). Press **Train** and let it run its 50,000 **Training trials**.',
      check: trainingFinished,
    },
    {
      text:
        'Once trained, the network no longer needs tf.js: the plots under **Results** come from a plain simulator, the counterpart of PsychRNN’s ' +
        '`BasicSimulator`, which steps x ← (1 − α)x + α(W_rec r + W_in u + b_rec) with r = relu(x) and α = dt/τ. `npm run cli -- simulate` runs the same on saved weights.',
      check: holdsNetwork,
    },
    {
      text:
        'In the **Perturbation lab** card set **Silence** to “Inhibitory (I) units”, leave the window at the whole trial (**Window start (ms)** 0, ' +
        '**Window end (ms)** empty: the trial’s end) and press **Run perturbation**. It simulates fresh trials without and with the lesion, side by side — ' +
        'accuracy, the psychometric curve and example trials.',
      check: inhibitionSilenced,
    },
    {
      text:
        'Read the two psychometric curves. Without inhibition, excitation is unchecked: does the network still separate the two directions, or does it ' +
        'saturate towards one output whatever the evidence? The perturbation is saved with the experiment, so **Share** sends it along.',
    },
  ],
  next: {
    text:
      'Silence the excitatory (E) units instead, then the I units only late in the trial (**Window start (ms)** 1500, after every stimulus has ended): ' +
      'when does the choice depend on which units? Then try **State noise σ**, or **W_rec scale** 0.8.',
  },
};
