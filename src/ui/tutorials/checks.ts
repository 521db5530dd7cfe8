/**
 * The checks a tutorial step can carry: each reads the page's state (the spec, the editor, the latest progress,
 * test summary and checkpoint) and says whether the step is done. Pure functions of that state, so the guide's
 * ticks follow the store and survive a reload with the experiment.
 */
import { daleRatioInEffect } from '../../core/spec/spec.ts';
import type { GuideState, StepCheck } from './tutorial.ts';

/** The best accuracy the page shows: the run bar's (a fresh batch after a step) or the last test batch's. */
function shownAccuracy(state: GuideState): number {
  return Math.max(state.progress?.accuracy ?? Number.NEGATIVE_INFINITY, state.test?.accuracy ?? Number.NEGATIVE_INFINITY);
}

export const trainedTo = (accuracy: number): StepCheck => ({
  label: `accuracy ≥ ${accuracy}`,
  done: (state) => shownAccuracy(state) >= accuracy,
});

export const trainingFinished: StepCheck = {
  label: 'every training trial done',
  done: (state) => state.progress !== null && state.progress.trials >= state.progress.totalTrials,
};

export const holdsNetwork: StepCheck = {
  label: 'a trained network is held',
  done: (state) => state.checkpoint !== null,
};

export const weightsDownloaded: StepCheck = {
  label: 'weights downloaded',
  done: (state) => state.checkpoint?.downloaded === true,
};

export const curriculumOf = (stages: number): StepCheck => ({
  label: `a curriculum of ${stages} or more stages`,
  done: (state) => (state.spec.curriculum?.stages.length ?? 0) >= stages,
});

export const daleOn: StepCheck = {
  label: "Dale's principle on",
  done: (state) => daleRatioInEffect(state.spec.model.constraints) !== null,
};

const hasEntry = (matrix: number[][] | null | undefined, value: number) => matrix?.some((row) => row.includes(value)) ?? false;

export const connectivityPainted: StepCheck = {
  label: 'a forbidden connection in W_rec',
  done: (state) => hasEntry(state.spec.model.constraints.rec_connectivity, 0),
};

export const weightsFixed: StepCheck = {
  label: 'a fixed entry in W_rec',
  done: (state) => hasEntry(state.spec.model.constraints.fixed_weights?.W_rec, 1),
};

export const modelChanged: StepCheck = {
  label: 'a model other than the rate RNN',
  done: (state) => state.spec.model.type !== 'basic',
};

export const inhibitionSilenced: StepCheck = {
  label: 'the I units silenced',
  done: (state) => state.spec.perturbation?.silence === 'I',
};

/** The editor holds code other than `original` (the tutorial's own). */
export const codeEdited = (original: string): StepCheck => ({
  label: 'the task code edited',
  done: (state) => state.editor !== null && state.editor.text.trim() !== original.trim(),
});
