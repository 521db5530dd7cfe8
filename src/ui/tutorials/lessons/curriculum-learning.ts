/**
 * Tutorial 4, after PsychRNN's "Curriculum Learning": easy trials first. Three PerceptualDiscrimination stages at
 * coherence 0.7, 0.4 and 0.1, each until accuracy ≥ 0.9 on a fresh batch (checked every step, metric_epoch 1, as
 * PsychRNN's notebook does), tested on the hardest (the task itself is coherence 0.1). The next step compares with
 * and without the curriculum over seeds — the paper's Fig. 5C.
 */
import { SPEC_VERSION } from '../../../core/spec/spec.ts';
import { curriculumOf, trainedTo } from '../checks.ts';
import { PSYCHRNN_PD, type Tutorial } from '../tutorial.ts';

const TIMING = { ...PSYCHRNN_PD, N_batch: 50 } as const;
/** easy to hard: the curriculum's stages */
export const CURRICULUM_COHERENCES = [0.7, 0.4, 0.1] as const;

export const curriculumLearning: Tutorial = {
  id: 'curriculum-learning',
  title: 'Curriculum learning',
  summary: 'Train on easy trials first: a three-stage coherence curriculum, and how to tell whether it helped.',
  follows: 'PsychRNN tutorial “Curriculum Learning”',
  experiment: {
    version: SPEC_VERSION,
    name: 'Tutorial 4 · Curriculum learning (coherence 0.7 → 0.4 → 0.1)',
    seed: 2020,
    task: { ...TIMING, coherence: 0.1 },
    model: { N_rec: 50 },
    training: { training_iters: 100000 },
    curriculum: {
      stages: CURRICULUM_COHERENCES.map((coherence) => ({ ...TIMING, coherence })),
      thresholds: CURRICULUM_COHERENCES.map(() => 0.9),
      metric: 'accuracy',
      metric_epoch: 1,
    },
  },
  steps: [
    {
      text:
        'Animals are rarely trained on the hardest version of a task first. The **Curriculum** panel lists three stages of the same task: ' +
        '**Coherence** 0.7, then 0.4, then 0.1 — the task panel’s own task, so its card reads “as the task”. That task is what the network is tested on at the end.',
      check: curriculumOf(2),
    },
    {
      text:
        'Each stage trains until its threshold: here accuracy ≥ 0.9 on a fresh batch of that stage, checked every step (**Metric** accuracy, ' +
        '**Metric epoch** 1). After the last stage, training stops.',
    },
    {
      text:
        'Press **Train**. The run bar’s **Stage** says which stage runs and what ends it; **Loss and accuracy** marks each stage change with the stage’s name. ' +
        'Each stage is harder than the one before, so accuracy can dip right after a change before it climbs to the threshold again.',
      check: trainedTo(0.9),
    },
    {
      text:
        'Note the trials it took (the run bar’s progress line). For one run without it, choose the curriculum **Preset** “No curriculum”, tick ' +
        '**Stop at an accuracy** (0.9, under the Training panel’s **Advanced**) so it stops where the curriculum did, and **Train** again. One seed each says little, though.',
    },
  ],
  next: {
    text:
      'Put the curriculum back (**Preset** “PsychRNN tutorial” gives four stages, or open this tutorial again), then in the **Compare over seeds** card choose ' +
      '“With vs without the curriculum”, set **Seeds per condition** to 5 and press **Run comparison**. It plots trials to threshold per condition and gives a ' +
      'Mann–Whitney U test’s p-value: is the difference larger than the spread between seeds?',
  },
};
