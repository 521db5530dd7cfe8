/**
 * Tutorial 5, after PsychRNN's "Saving and Loading Weights" (its "Accessing and Modifying Weights"): a trained
 * network as a PsychRNN .npz, changed in numpy (a block of W_rec silenced, as that notebook does), and opened again
 * to simulate and train further. Training stops at accuracy 0.9 so there is a network to save within a minute.
 */
import { SPEC_VERSION } from '../../../core/spec/spec.ts';
import { holdsNetwork, weightsDownloaded } from '../checks.ts';
import { PSYCHRNN_PD, type Tutorial } from '../tutorial.ts';

export const savingLoading: Tutorial = {
  id: 'saving-loading',
  title: 'Saving and loading weights',
  summary: 'Download a trained network as PsychRNN’s .npz, change it in numpy, open it again and train further.',
  follows: 'PsychRNN tutorial “Saving and Loading Weights”',
  experiment: {
    version: SPEC_VERSION,
    name: 'Tutorial 5 · Saving and loading weights',
    seed: 2020,
    task: PSYCHRNN_PD,
    model: { N_rec: 50 },
    training: { performance_measure: 'accuracy', performance_cutoff: 0.9 },
  },
  steps: [
    {
      text:
        'Press **Train**. **Stop at an accuracy** is on in the Training panel’s **Advanced** section (PsychRNN’s `performance_measure` and ' +
        '`performance_cutoff` 0.9), so the run ends as soon as a fresh batch is 90 % correct.',
      check: holdsNetwork,
    },
    {
      text:
        'Press **Download weights (.npz)**. The file has PsychRNN’s keys, shapes and dtypes — `W_in`, `W_rec`, `W_out`, `b_rec`, `b_out`, `init_state` ' +
        'and the masks — plus the experiment itself under `cogrnn_spec`, which PsychRNN ignores.',
      check: weightsDownloaded,
    },
    {
      text:
        'In Python: `w = dict(np.load("file.npz", allow_pickle=True))` gives the arrays, and PsychRNN’s `Basic(params)` with ' +
        '`params["load_weights_path"] = "file.npz"` builds the same network. Silence the first ten units’ connections to each other, as PsychRNN’s tutorial does: ' +
        '`w["W_rec"][:10, :10] = 0`, then `np.savez("lesioned.npz", **w)`.',
    },
    {
      text:
        'The page keeps its own copy too: every experiment and the latest weights of its runs are saved in this browser as they change, so a reload ' +
        'brings them back, and **Experiments…** lists them. A file is what travels to a colleague, PsychRNN or `npm run cli -- eval`.',
    },
  ],
  next: {
    text:
      'Open lesioned.npz with **Open file…** (or drop it on the page). It opens as an experiment of its own — this guide closes; **Tutorials** brings it back — ' +
      'and the network is simulated on its task without training: how far did accuracy fall? Then press **Train further from this network** and watch it recover.',
  },
};
