/**
 * The Training and Network panels select only what they show: a progress or test update, or an edit of a setting
 * another section shows, leaves their selection shallow-equal (so zustand's useShallow does not redraw them), and an
 * edit of a setting they show does not.
 */
import { describe, expect, test } from 'vitest';
import { shallow } from 'zustand/shallow';
import type { ExperimentSpec } from '../../core/spec/spec.ts';
import type { ProgressUpdate } from '../../worker/protocol.ts';
import { type AppState, useAppStore } from '../store.ts';
import { selectNetworkPanel } from './NetworkPanel.tsx';
import { selectTrainingPanel } from './TrainingPanel.tsx';

const store = useAppStore;

function progress(trials: number) {
  const update: ProgressUpdate = {
    type: 'progress',
    iteration: trials / 10,
    trials,
    totalTrials: 1000,
    loss: 0.5,
    accuracy: 0.6,
    elapsedMs: trials,
    stage: 0,
    stages: 1,
    points: { trials: new Float64Array([trials]), loss: new Float32Array([0.5]), accuracy: new Float32Array([0.6]) },
    stageChanges: [],
  };
  store.getState().apply(update);
}

function edit(change: (spec: ExperimentSpec) => void) {
  const failure = store.getState().editSpec((spec) => {
    change(spec);
    return spec;
  });
  expect(failure).toBeNull();
}

/** Whether `select` gives a shallow-equal selection before and after `change`. */
function unchangedBy(select: (state: AppState) => object, change: () => void): boolean {
  const before = select(store.getState());
  change();
  return shallow(before, select(store.getState()));
}

describe.each([
  ['Training', selectTrainingPanel],
  ['Network', selectNetworkPanel],
] as const)('%s panel selection', (_name, select) => {
  test('a progress update leaves it as it was', () => {
    expect(unchangedBy(select, () => progress(100))).toBe(true);
    expect(unchangedBy(select, () => progress(200))).toBe(true);
  });

  test('an Advanced setting leaves it as it was', () => {
    expect(unchangedBy(select, () => edit((s) => (s.regularization.L2_firing_rate = 0.01)))).toBe(true);
    expect(unchangedBy(select, () => edit((s) => s.model.initializer.type === 'GaussianSpectralRadius' && (s.model.initializer.spec_rad = 0.9)))).toBe(true);
    expect(unchangedBy(select, () => edit((s) => (s.training.clip_grads = false)))).toBe(true);
  });
});

test('a setting a panel shows changes its selection', () => {
  expect(unchangedBy(selectTrainingPanel, () => edit((s) => (s.training.optimizer.learning_rate = 0.02)))).toBe(false);
  expect(unchangedBy(selectTrainingPanel, () => edit((s) => (s.seed = 7)))).toBe(false);
  expect(unchangedBy(selectNetworkPanel, () => edit((s) => (s.model.N_rec = 12)))).toBe(false);
  expect(unchangedBy(selectNetworkPanel, () => edit((s) => (s.model.constraints.autapses = false)))).toBe(false);
});
