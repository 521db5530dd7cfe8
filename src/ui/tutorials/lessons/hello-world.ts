/**
 * Tutorial 1, after PsychRNN's "Hello World": the smallest whole cycle — a built-in task, a 50-unit rate RNN with
 * every default, Train, and reading the loss curve. The experiment is PsychRNN's minimal example as it stands
 * (PerceptualDiscrimination at dt 10, τ 100, T 2000, 128 trials a batch; Basic with N_rec 50; 50,000 trials).
 */
import { SPEC_VERSION } from '../../../core/spec/spec.ts';
import { holdsNetwork, trainedTo } from '../checks.ts';
import { PSYCHRNN_PD, type Tutorial } from '../tutorial.ts';

export const helloWorld: Tutorial = {
  id: 'hello-world',
  title: 'Hello world',
  summary: 'Train your first network on a two-choice task and read its loss curve.',
  follows: 'PsychRNN tutorial “Hello World”',
  experiment: {
    version: SPEC_VERSION,
    name: 'Tutorial 1 · Hello world',
    seed: 2020,
    task: PSYCHRNN_PD,
    model: { N_rec: 50 },
  },
  steps: [
    {
      text:
        'The **Task** panel holds a random-dot-motion style choice: two noisy inputs, one a little stronger while the stimulus is on. ' +
        'Its **Example trial** plot shows the inputs and the target outputs, shaded where the loss counts (the mask). Press **New trial** a few times.',
    },
    {
      text:
        'The **Network** panel is a rate RNN of 50 **Recurrent units**, every other setting at PsychRNN’s default. Nothing needs changing: ' +
        'press **Train** in the run bar. The page times each backend first, then trains on the fastest, in a worker, so the page stays responsive.',
      check: holdsNetwork,
    },
    {
      text:
        'Watch **Loss and accuracy** under **Results**. The loss (mean squared error on the unmasked steps) falls steeply, then levels off; ' +
        'accuracy, measured on a fresh batch, climbs once the network starts choosing the stronger input. Let it reach 0.9, then press **Stop** if you like.',
      check: trainedTo(0.9),
    },
    {
      text:
        'Read the other plots: the **Example trial** now also shows the network’s outputs on a test trial it never trained on, ' +
        'and the **Psychometric curve** shows how often it chose output 1 at each signed coherence.',
    },
  ],
  next: {
    text:
      'Set **Recurrent units** to 10, press **Reset**, then **Train** again. Does a smaller network still reach 0.9, and how many more trials does the loss curve need?',
  },
};
