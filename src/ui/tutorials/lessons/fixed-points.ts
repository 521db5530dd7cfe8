/**
 * Tutorial 9, beyond PsychRNN's tutorials: how a trained network computes, from its fixed points (Sussillo & Barak
 * 2013). The network is the perceptual-discrimination one trained for all its 50,000 trials: stopped as soon as it
 * chose right (accuracy 0.95 after 6,016 trials, loss 0.078) it had no fixed point at zero input, and trained through
 * (loss 0.0035) it had stable points and saddles (seed 2020, wasm, the CLI and findNetworkFixedPoints, 2026-12-01).
 * The Fixed points card finds them and marks them in the PCA plot with the trajectories.
 */
import { SPEC_VERSION } from '../../../core/spec/spec.ts';
import { holdsNetwork, trainingFinished } from '../checks.ts';
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
    training: { training_iters: 50000 },
  },
  steps: [
    {
      text:
        'Press **Train** and let it run all its 50,000 **Training trials** (a minute or two). Accuracy passes 0.9 early, but the loss keeps falling for much longer: ' +
        'a network that only just chooses right has not yet built the states it settles into, and the search would find nothing.',
      check: trainingFinished,
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
        'Read the table: q (how still the point really is), the largest |eigenvalue| and the stability. Expect stable points with |eigenvalue| just under 1 — often ' +
        'many close together, a line of nearly still states that holds the evidence gathered so far — and saddles with one just above 1, whose unstable direction ' +
        'sends the state towards one choice or the other.',
    },
  ],
  next: {
    text:
      'Choose a **Condition** of strong positive coherence and, as **Constant input u**, its “strongest input (stimulus)”, then find the fixed points again: ' +
      'does one of the stable points disappear, leaving the network only one place to go?',
  },
};
