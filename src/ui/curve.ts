/** The loss / accuracy curve the page draws, grown by the worker's progress updates. */
import type { ProgressUpdate } from '../worker/protocol.ts';

export interface Curve {
  trials: number[];
  loss: number[];
  accuracy: number[];
  stageChanges: { trials: number; stage: number }[];
}

/**
 * The curve with the new points appended. After a backend failed, the next one resumes from the last checkpoint and
 * trains its epochs since then again: the points (and stage changes) the curve already has for those trials are
 * skipped, so the curve goes on where it was instead of drawing them twice.
 */
export function extendCurve(curve: Curve, points: ProgressUpdate['points'], stageChanges: Curve['stageChanges']): Curve {
  const last = curve.trials.length > 0 ? curve.trials[curve.trials.length - 1] : -Infinity;
  let from = 0;
  while (from < points.trials.length && points.trials[from] <= last) from++;
  const lastChange = curve.stageChanges.at(-1)?.trials ?? -Infinity;
  return {
    trials: curve.trials.concat(Array.from(points.trials.subarray(from))),
    loss: curve.loss.concat(Array.from(points.loss.subarray(from))),
    accuracy: curve.accuracy.concat(Array.from(points.accuracy.subarray(from))),
    stageChanges: curve.stageChanges.concat(stageChanges.filter((change) => change.trials > lastChange)),
  };
}
