/**
 * Tutorial 8, in place of PsychRNN's "Define New Model": in PsychRNN a new model is a TensorFlow subclass; here the
 * models are built in, and what a person changes is their options — the model type, N_rec, the transfer function,
 * the initializer and which variables train. The experiment is a deliberately small rate RNN (N_rec 20, tanh) on
 * delayed discrimination, where holding a value through a delay makes the choice of model matter.
 */
import { SPEC_VERSION } from '../../../core/spec/spec.ts';
import { holdsNetwork, modelChanged } from '../checks.ts';
import type { Tutorial } from '../tutorial.ts';

export const modelOptions: Tutorial = {
  id: 'model-options',
  title: 'Model options',
  summary: 'Change the network itself: its size, its transfer function, and another model type such as the LSTM.',
  follows: 'PsychRNN tutorial “Define New Model”',
  experiment: {
    version: SPEC_VERSION,
    name: 'Tutorial 8 · Model options',
    seed: 2020,
    task: { name: 'DelayedDiscrimination' },
    model: { type: 'basic', N_rec: 20, transfer_function: 'tanh' },
    training: { training_iters: 100000, performance_measure: 'accuracy', performance_cutoff: 0.9 },
  },
  steps: [
    {
      text:
        'The task is **Delayed discrimination** (Romo’s task): two vibration frequencies one after the other, a delay between them, and the network must say ' +
        'which was higher — so it has to hold the first through the delay. The network is small on purpose: 20 **Recurrent units**, **Transfer function** tanh.',
    },
    {
      text:
        'Press **Train** and note how many trials it takes to reach accuracy 0.9, where it stops (or how far it gets in 100,000 trials). ' +
        'Then press **Reset**, raise **Recurrent units** to 50 and train again.',
      check: holdsNetwork,
    },
    {
      text:
        '**Transfer function** is r = f(x), what a unit sends on: relu (PsychRNN’s default) is never negative, tanh is bounded in (−1, 1), linear makes ' +
        'the network a linear dynamical system. Each changes what the network can compute and how its weights look in **Recurrent weights**.',
    },
    {
      text:
        '**Model** chooses the architecture: the rate RNN is PsychRNN’s Basic; the LSTM has gates that decide what to keep, forget and output at every step, ' +
        'made for holding information through delays; the GRU, where the list offers it, is a lighter gated model (CogRNN’s own: PsychRNN has none). ' +
        'Dale’s principle, masks and recurrent noise are the rate RNN’s alone. Choose a gated model and train it.',
      check: modelChanged,
    },
    {
      text:
        'Under **Advanced: initialisation and trained variables** are the initializer (its spectral radius `spec_rad`: how strongly activity echoes at the start) ' +
        'and **Trained variables**: untick `W_rec` to train only the inputs and outputs of a fixed random network.',
    },
  ],
  next: {
    text:
      'Which trains in fewer trials on this task: the 20-unit rate RNN or a 20-unit LSTM? Train each at three **Seed** values and compare them in **Experiments…** → **Compare** (or over seeds in **Compare over seeds**).',
  },
};
