import { describe, expect, it } from 'vitest';
import { extendCurve } from './curve.ts';

const points = (trials: number[], loss: number[]) => ({
  trials: Float64Array.from(trials),
  loss: Float32Array.from(loss),
  accuracy: Float32Array.from(loss.map((l) => 1 - l)),
});

describe('extendCurve', () => {
  it('appends new points and stage changes', () => {
    const curve = extendCurve({ trials: [16], loss: [0.5], accuracy: [0.5], stageChanges: [] }, points([32, 48], [0.25, 0.125]), [{ trials: 48, stage: 1 }]);
    expect(curve).toEqual({ trials: [16, 32, 48], loss: [0.5, 0.25, 0.125], accuracy: [0.5, 0.75, 0.875], stageChanges: [{ trials: 48, stage: 1 }] });
  });

  it('skips what a backend that took over from the last checkpoint trains again, so no trial is drawn twice', () => {
    const before = { trials: [16, 32, 48, 64], loss: [0.5, 0.4, 0.3, 0.2], accuracy: [0.5, 0.6, 0.7, 0.8], stageChanges: [{ trials: 48, stage: 1 }] };
    // the checkpoint was at 32 trials: the next backend sends 48 and 64 again (and the stage change at 48), then 80
    const after = extendCurve(before, points([48, 64, 80], [0.3, 0.2, 0.1]), [{ trials: 48, stage: 1 }]);
    expect(after.trials).toEqual([16, 32, 48, 64, 80]);
    expect(after.loss.map((l) => Number(l.toFixed(6)))).toEqual([0.5, 0.4, 0.3, 0.2, 0.1]);
    expect(after.stageChanges).toEqual([{ trials: 48, stage: 1 }]);
  });
});
