/**
 * Resuming an interrupted run: the curve is cut back to the checkpoint (the points after it are trained again), the
 * starting weights come out of the checkpoint file, the spec it trained with comes back, and Train is started with
 * the checkpoint's state.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { saveExperimentNpz } from '../../core/io/experiment-file.ts';
import { tinyRawWeights, tinySpec } from '../../core/testing/tiny.ts';
import type { TrainerState } from '../../core/train/trainer.ts';
import { train } from '../run.ts';
import { useAppStore } from '../store.ts';
import { checkpointContents, curveUpTo, resumeInterrupted, resumeRefusal } from './resume.ts';

vi.mock('../run.ts', () => ({ train: vi.fn(), trainRefusal: () => null }));

const trained = tinyRawWeights({ N_rec: 6, seed: 3 });
const initial = tinyRawWeights({ N_rec: 6, seed: 4 });
const curve = { trials: [8, 16, 24, 32], loss: [4, 3, 2, 1], accuracy: [0.1, 0.2, 0.3, 0.4], stageChanges: [{ trials: 16, stage: 1 }, { trials: 32, stage: 2 }] };
const pristine = useAppStore.getState();

beforeEach(() => {
  useAppStore.setState(pristine, true);
  vi.mocked(train).mockClear();
});

describe('the curve at the checkpoint', () => {
  it('keeps the points up to the checkpoint, inclusive, and the stage changes up to it', () => {
    expect(curveUpTo(curve, 24)).toEqual({ trials: [8, 16, 24], loss: [4, 3, 2], accuracy: [0.1, 0.2, 0.3], stageChanges: [{ trials: 16, stage: 1 }] });
    expect(curveUpTo(curve, 4).trials).toEqual([]);
    expect(curveUpTo(curve, 99)).toEqual(curve);
  });
});

describe('the checkpoint file', () => {
  it('gives the weights the run started from and its spec', () => {
    const spec = tinySpec({ seed: 7 });
    const { initial: read, spec: readSpec } = checkpointContents(saveExperimentNpz(trained, spec, initial));
    expect(readSpec).toEqual(spec);
    for (const name of ['W_in', 'W_rec', 'W_out'] as const) {
      expect(read?.[name].shape).toEqual(initial[name].shape);
      expect(Array.from(read![name].data)).toEqual(Array.from(initial[name].data));
    }
  });

  it('without them, or not a file at all, gives nulls', () => {
    expect(checkpointContents(saveExperimentNpz(trained, null))).toEqual({ initial: null, spec: null });
    expect(checkpointContents(new Uint8Array([1, 2, 3]))).toEqual({ initial: null, spec: null });
  });
});

describe('Resume', () => {
  const state = { epoch: 3, weights: trained } as unknown as TrainerState;

  it('cuts the curve, brings back the spec it trained with and trains on from the state', () => {
    const spec = tinySpec({ seed: 7 });
    useAppStore.setState({ spec: tinySpec({ seed: 8 }), curve, runState: 'stopped', checkpoint: { trials: 24, file: saveExperimentNpz(trained, spec, initial), downloaded: false, state } });
    expect(resumeRefusal()).toBeNull();
    resumeInterrupted();
    expect(useAppStore.getState().spec).toEqual(spec);
    expect(useAppStore.getState().curve.trials).toEqual([8, 16, 24]);
    expect(train).toHaveBeenCalledTimes(1);
    const start = vi.mocked(train).mock.calls[0][0];
    expect(start?.kind === 'resume' && start.state).toBe(state);
    expect(start?.kind === 'resume' && Array.from(start.initial!.W_rec.data)).toEqual(Array.from(initial.W_rec.data));
  });

  it('is refused without a state to go on from, or while a run is under way', () => {
    useAppStore.setState({ checkpoint: { trials: 24, file: new Uint8Array(), downloaded: false, state: null } });
    expect(resumeRefusal()).toBe('there is no checkpoint to go on from');
    useAppStore.setState({ checkpoint: { trials: 24, file: new Uint8Array(), downloaded: false, state }, runState: 'training' });
    expect(resumeRefusal()).toBe('a run is under way');
    resumeInterrupted();
    expect(train).not.toHaveBeenCalled();
  });
});
