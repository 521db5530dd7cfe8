/**
 * Tutorial 3, after PsychRNN's "Biological Constraints": Dale's principle (80 % excitatory, dale_ratio 0.8),
 * then connectivity masks and fixed weights painted with the Constraints panel's presets, each seen in the weights
 * plot. The experiment starts with Dale's principle on; the masks are the person's to paint.
 */
import { SPEC_VERSION } from '../../../core/spec/spec.ts';
import { connectivityPainted, daleOn, holdsNetwork, weightsFixed } from '../checks.ts';
import { PSYCHRNN_PD, type Tutorial } from '../tutorial.ts';

export const biologicalConstraints: Tutorial = {
  id: 'biological-constraints',
  title: 'Biological constraints',
  summary: 'Dale’s principle, connectivity masks and fixed weights, painted with the mask presets.',
  follows: 'PsychRNN tutorial “Biological Constraints”',
  experiment: {
    version: SPEC_VERSION,
    name: 'Tutorial 3 · Biological constraints',
    seed: 2020,
    task: PSYCHRNN_PD,
    model: { N_rec: 50, constraints: { dale_ratio: 0.8 } },
  },
  steps: [
    {
      text:
        'A real neuron is excitatory or inhibitory at all its synapses (Dale’s principle). **Dale ratio** is 0.8 here: the first 40 units are ' +
        'excitatory (E), the last 10 inhibitory (I), and every weight out of a unit keeps that unit’s sign through training.',
      check: daleOn,
    },
    {
      text:
        'In the **Constraints** panel, choose the **Preset** “No autapses” and press **Apply preset**: W_rec’s diagonal turns dark, ' +
        'so no unit feeds back onto itself. Dark cells are forbidden connections (PsychRNN’s `rec_connectivity`); they stay exactly 0.',
      check: connectivityPainted,
    },
    {
      text:
        'Try the preset “k regions” with k = 2: dense inside each region, sparse from region 1 to region 2, none back, inputs into the first ' +
        'and outputs from the last. Hover a cell to read which connection it is. Paint any cell by hand with the brush; **Undo** takes it back.',
    },
    {
      text:
        'Choose “Fixed E→I and I→E” and apply it: those blocks are hatched, fixed at their initial values while everything else trains ' +
        '(PsychRNN’s `fixed_weights`).',
      check: weightsFixed,
    },
    {
      text:
        'Press **Train**. In **Recurrent weights**, **Trained W** shows E columns red and I columns blue; **Change W − W₀** shows the fixed blocks ' +
        'did not move and the forbidden cells stayed 0; **Masks** draws what you painted over the weights.',
      check: holdsNetwork,
    },
  ],
  next: {
    text:
      'Set **Dale ratio** to 0.5 and train again: does a network with as many I units as E units learn the task as fast? Compare the two runs with **Experiments…** → **Compare**.',
  },
};
