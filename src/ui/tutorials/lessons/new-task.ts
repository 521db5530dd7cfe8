/**
 * Tutorial 7, after PsychRNN's "Define New Task": a task of your own, in the editor, starting from the page's own
 * template (templates/new-task.ts, the one **New task** opens — a two-choice task written with declared periods).
 * The code is bundled with the page, so it opens without the consent a link's code needs; like all task code it is
 * still compiled and run only in a worker (task-code.ts sends it to the task worker, training to the training worker).
 */
import template from '../../templates/new-task.ts?raw';
import { SPEC_VERSION } from '../../../core/spec/spec.ts';
import { CUSTOM_TASK } from '../../../core/tasks/custom-task.ts';
import { asTaskFile } from '../../task-code.ts';
import { codeEdited, trainedTo } from '../checks.ts';
import type { Tutorial } from '../tutorial.ts';

/** The template as a task file imports the API (`from 'cogrnn'`), as New task shows it. */
export const NEW_TASK_SOURCE = asTaskFile(template);

export const newTask: Tutorial = {
  id: 'new-task',
  title: 'Defining a new task',
  summary: 'Write a task of your own in the editor, starting from the template: periods, trial parameters, targets and mask.',
  follows: 'PsychRNN tutorial “Define New Task”',
  experiment: {
    version: SPEC_VERSION,
    name: 'Tutorial 7 · Defining a new task',
    seed: 2020,
    task: { name: CUSTOM_TASK, source: NEW_TASK_SOURCE, file: 'my-task.ts', dt: 10, tau: 100, T: 2000, N_batch: 64, N_in: 2, N_out: 2 },
    model: { N_rec: 50 },
  },
  steps: [
    {
      text:
        'The **Task code** panel holds a whole task in one `defineTask({ … })`: its name, its `options` (they appear as fields in the **Task** panel), ' +
        '`N_in` and `N_out`, and `timing` — the periods of a trial end to end, fixation, stimulus (300–700 ms, drawn per trial), delay and decision.',
    },
    {
      text:
        '`generateTrialParams` draws what varies between trials (here a coherence and a direction) — PsychRNN’s `generate_trial_params`. ' +
        '`trialFunction` then writes one time step: the inputs `step.x`, the targets `step.y` and the loss mask `step.mask` — PsychRNN’s `trial_function`.',
    },
    {
      text:
        'Change something: make the wrong output’s target 0 instead of 0.2, or lengthen the delay to 500 ms. A moment after you stop typing the code is ' +
        'checked in a worker; the status line under the editor says ok or names the line at fault, and **Preview** redraws the trials with the periods shaded.',
      check: codeEdited(NEW_TASK_SOURCE),
    },
    {
      text: 'Press **Train**: the network takes the task’s inputs and outputs, and every plot under **Results** is of your task. **Save .ts file** keeps the code.',
      check: trainedTo(0.9),
    },
  ],
  next: {
    text:
      'Turn it into a go/no-go task: a third input, on in half the trials, means “do not respond” (both targets 0.2). Add it to `N_in`, ' +
      'draw it in `generateTrialParams`, and write it in `trialFunction`. The **Example trial** plots show whether you wrote what you meant.',
  },
};
