/**
 * Tutorial 9, beyond PsychRNN's tutorials: how a trained network computes, from its fixed points (Sussillo & Barak
 * 2013). The network is the perceptual-discrimination one, trained until accuracy 0.95, so its two choices are
 * well formed; the Fixed points card finds the states where one step changes nothing and marks stable points and
 * saddles in the PCA plot with the trajectories.
 */
import { SPEC_VERSION } from '../../../core/spec/spec.ts';
import { holdsNetwork, trainedTo } from '../checks.ts';
import { PSYCHRNN_PD, type Tutorial } from '../tutorial.ts';

export const fixedPoints: Tutorial = {
  id: 'fixed-points',
  title: 'Fixed points',
  summary: 'Find where the trained network’s dynamics come to rest: stable points for the choices and the saddle between them.',
  follows: 'Beyond PsychRNN: Sussillo & Barak (2013), as FixedPointFinder does it',
  experiment: {
    version: SPEC_VERSION,
    name: 'Tutorial 9 · Fixed points',
    seed: 2020,
    task: PSYCHRNN_PD,
    model: { N_rec: 50 },
    training: { performance_measure: 'accuracy', performance_cutoff: 0.95 },
  },
  steps: [
    {
      text: 'Press **Train**; it stops at accuracy 0.95. A network that decides well usually ends each trial near one of a few states.',
      check: trainedTo(0.9),
    },
    {
      text:
        'A fixed point is a state x that one step of the network, with the input held constant, leaves where it is: F(x, u) = x. The finder starts from states ' +
        'along the network’s own trials and lets Adam minimise q(x) = ½‖F(x, u) − x‖²; points with q below a tolerance are kept and duplicates merged.',
      check: holdsNetwork,
    },
    {
      text:
        'In the **Fixed points** card choose the **Condition** “zero input (all conditions)” — no stimulus, as after the stimulus ends, with starts from every ' +
        'condition’s trials — and press **Find fixed points**. It runs in a worker and shows its progress; **Cancel** stops it.',
    },
    {
      text:
        'Read the plot: the points lie in the same PCA space as **Population trajectories (PCA)**, with the trials. Stable points (every eigenvalue of the ' +
        'Jacobian inside the unit circle) attract; a saddle has an unstable direction that pushes states towards one side or the other.',
    },
    {
      text:
        'Read the table: q (how still the point really is), the largest |eigenvalue| and the stability. Typically two stable points hold the two choices and a saddle ' +
        'between them is the boundary the evidence pushes the state across.',
    },
  ],
  next: {
    text:
      'Choose a **Condition** of strong positive coherence and, as **Constant input u**, its “strongest input (stimulus)”, then find the fixed points again: ' +
      'does one of the stable points disappear, leaving the network only one place to go?',
  },
};
