/**
 * The tutorials in teaching order — PsychRNN's eight (hello world, the simple example, biological constraints,
 * curriculum learning, saving and loading, simulation, a new task, a new model) and one on fixed points — and the
 * lookups the list, the guide and `#tutorial=<id>` links need.
 */
import { type ExperimentSpec, parseSpec } from '../../core/spec/spec.ts';
import { biologicalConstraints } from './lessons/biological-constraints.ts';
import { curriculumLearning } from './lessons/curriculum-learning.ts';
import { fixedPoints } from './lessons/fixed-points.ts';
import { helloWorld } from './lessons/hello-world.ts';
import { modelOptions } from './lessons/model-options.ts';
import { newTask } from './lessons/new-task.ts';
import { perceptualDiscrimination } from './lessons/perceptual-discrimination.ts';
import { savingLoading } from './lessons/saving-loading.ts';
import { simulationPerturbation } from './lessons/simulation-perturbation.ts';
import type { Tutorial } from './tutorial.ts';

export type { Tutorial, TutorialStep } from './tutorial.ts';

export const TUTORIALS: readonly Tutorial[] = [
  helloWorld,
  perceptualDiscrimination,
  biologicalConstraints,
  curriculumLearning,
  savingLoading,
  simulationPerturbation,
  newTask,
  modelOptions,
  fixedPoints,
];

export function tutorialById(id: string): Tutorial | null {
  return TUTORIALS.find((tutorial) => tutorial.id === id) ?? null;
}

/** Its place in the list, from 1 ("Tutorial 4"). */
export function tutorialNumber(tutorial: Tutorial): number {
  return TUTORIALS.indexOf(tutorial) + 1;
}

/** The tutorials before and after `tutorial`, null at either end. */
export function neighbours(tutorial: Tutorial): { previous: Tutorial | null; next: Tutorial | null } {
  const at = TUTORIALS.indexOf(tutorial);
  return { previous: TUTORIALS[at - 1] ?? null, next: TUTORIALS[at + 1] ?? null };
}

/** The tutorial's experiment as the page opens it: parsed, every default filled in (throws SpecError if a lesson is wrong). */
export function tutorialSpec(tutorial: Tutorial): ExperimentSpec {
  return parseSpec(structuredClone(tutorial.experiment));
}
