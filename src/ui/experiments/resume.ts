/**
 * Resuming a run a reload interrupted: its checkpoint holds the trainer's position (CheckpointUpdate.state) and the
 * file it came with holds the weights the run started from (`cogrnn_initial_…`). The curve is cut back to the
 * checkpoint first, since the points after it are trained again, and the run goes on in the same saved record.
 */
import { initialWeightsFrom, type InitialWeights, SPEC_KEY } from '../../core/io/experiment-file.ts';
import { readNpz } from '../../core/io/npz.ts';
import { type ExperimentSpec, parseSpecText, specToJson } from '../../core/spec/spec.ts';
import type { Curve } from '../curve.ts';
import { train, trainRefusal } from '../run.ts';
import { useAppStore } from '../store.ts';
import { activeAutosave } from './autosave.ts';

/** What a checkpoint file says about its run (read once): the weights it started from and the spec it trained. */
export interface CheckpointContents {
  /** null for a file without them */
  initial: InitialWeights | null;
  /** null for a file without one, or one that no longer parses */
  spec: ExperimentSpec | null;
}

export function checkpointContents(file: Uint8Array): CheckpointContents {
  let arrays: ReturnType<typeof readNpz>;
  try {
    arrays = readNpz(file);
  } catch {
    return { initial: null, spec: null };
  }
  const specEntry = arrays.get(SPEC_KEY);
  let spec: ExperimentSpec | null = null;
  if (specEntry && 'data' in specEntry && specEntry.data instanceof Uint8Array) {
    try {
      spec = parseSpecText(new TextDecoder().decode(specEntry.data));
    } catch {
      spec = null; // the page's spec is resumed then; the worker says if the state does not fit it
    }
  }
  return { initial: initialWeightsFrom(arrays), spec };
}

/** The curve's points (and stage changes) up to `trials`, inclusive. */
export function curveUpTo(curve: Curve, trials: number): Curve {
  let end = curve.trials.length;
  while (end > 0 && curve.trials[end - 1] > trials) end--;
  return {
    trials: curve.trials.slice(0, end),
    loss: curve.loss.slice(0, end),
    accuracy: curve.accuracy.slice(0, end),
    stageChanges: curve.stageChanges.filter((change) => change.trials <= trials),
  };
}

/** Why the shown checkpoint cannot be resumed now, or null. */
export function resumeRefusal(): string | null {
  const { checkpoint, runState } = useAppStore.getState();
  if (!checkpoint?.state) return 'there is no checkpoint to go on from';
  if (runState === 'training' || runState === 'paused' || runState === 'probing') return 'a run is under way';
  return trainRefusal();
}

/**
 * Resumes the shown run from its checkpoint. The spec it trained with comes back first if it was changed since
 * (the checkpoint's shapes and optimizer belong to that spec).
 */
export function resumeInterrupted(): void {
  const { checkpoint, curve, spec, editSpec } = useAppStore.getState();
  if (resumeRefusal() !== null || !checkpoint?.state) return;
  const { initial, spec: trained } = checkpointContents(checkpoint.file);
  if (trained && specToJson(trained) !== specToJson(spec)) {
    const refused = editSpec(() => trained);
    if (refused) {
      useAppStore.setState({ message: `The checkpoint's spec cannot be restored, so the run cannot go on: ${refused}` });
      return;
    }
  }
  useAppStore.setState({ curve: curveUpTo(curve, checkpoint.trials), message: null });
  activeAutosave()?.continueShownRun();
  train({ kind: 'resume', state: checkpoint.state, initial });
}
