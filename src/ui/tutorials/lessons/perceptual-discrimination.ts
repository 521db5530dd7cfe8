/**
 * Tutorial 2, after PsychRNN's "Simple Example": the same task taken apart — its time course (a stimulus of random
 * onset and length, a target 20 ms after it ends, a mask that ignores the loss before), the coherence option, and the
 * psychometric curve. The settings are that notebook's: 50 trials a batch, 50 units, 100,000 trials, seed 2020.
 */
import { SPEC_VERSION } from '../../../core/spec/spec.ts';
import { trainedTo } from '../checks.ts';
import { PSYCHRNN_PD, type Tutorial } from '../tutorial.ts';

export const perceptualDiscrimination: Tutorial = {
  id: 'perceptual-discrimination',
  title: 'Perceptual discrimination, step by step',
  summary: 'The task’s time course, what coherence does, and the psychometric curve of a trained network.',
  follows: 'PsychRNN tutorial “Simple Example”',
  experiment: {
    version: SPEC_VERSION,
    name: 'Tutorial 2 · Perceptual discrimination',
    seed: 2020,
    task: { ...PSYCHRNN_PD, N_batch: 50 },
    model: { N_rec: 50, rec_noise: 0 },
    training: { training_iters: 100000, optimizer: { type: 'adam', learning_rate: 0.001 } },
  },
  steps: [
    {
      text:
        'A trial lasts **T (ms)** = 2000 ms in steps of **dt (ms)** = 10. The stimulus starts at a random time in the first half and lasts ' +
        'an eighth to three eighths of the trial; press **New trial** and watch it move. **τ (ms)** is the units’ time constant: each step moves a unit dt/τ = 0.1 of the way.',
    },
    {
      text:
        'The target turns on 20 ms after the stimulus ends: the correct output goes to 1, the other to 0.2. The loss counts only from the stimulus’s end on ' +
        '(the shaded part of the targets in **Example trial**), so until then the network is free to do anything while it gathers evidence.',
    },
    {
      text:
        '**Coherence** is how much stronger the correct input is. Left empty, each trial draws 0.1, 0.3, 0.5 or 0.7. Type 0.1 and press **New trial**: ' +
        'the two inputs are hard to tell apart by eye. Empty the field again before training, so the network sees every coherence.',
    },
    {
      text: 'Press **Train**. This is PsychRNN’s simple example: 50 trials a batch, **Learning rate** 0.001, 100,000 **Training trials**.',
      check: trainedTo(0.9),
    },
    {
      text:
        'Read the **Psychometric curve**: the fraction of trials choosing output 1 against signed coherence (negative: input 0 was stronger), ' +
        'with a fitted logistic. A steep curve through 0.5 at coherence 0 is a good observer. **Unit activity** and **Population trajectories (PCA)** show how the choice is held.',
    },
  ],
  next: {
    text:
      'Set **Recurrent noise σ** to 0.1 and train again from **Reset**. Compare the psychometric curves: does noise inside the network flatten the curve at low coherence?',
  },
};
