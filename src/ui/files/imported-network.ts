/**
 * The network imported from a weights file, kept apart from the results: the results are cleared by the next run,
 * but "Train further from this network" must still find the file's network after other edits (training settings,
 * the seed). It belongs to the experiment it was opened with: once another experiment is opened (a link, the
 * experiment list, another file) it is no longer offered. A PsychRNN file waits here for the person to choose a task.
 */
import { create } from 'zustand';
import type { NetworkWeights } from '../../core/model/weights.ts';
import { type ExperimentSpec, taskShape } from '../../core/spec/spec.ts';
import { simulate, train } from '../run.ts';
import { useAppStore } from '../store.ts';
import type { TaskChoice } from './network-spec.ts';
import { openSpec } from './open-experiment.ts';

export interface ImportedNetwork {
  weights: NetworkWeights;
  fileName: string;
  /** the store's openedExperiments when this network's experiment was opened */
  experiment: number;
}

/** A PsychRNN network (no spec in the file) waiting for the task to evaluate it on. */
export interface PendingNetwork {
  weights: NetworkWeights;
  fileName: string;
  tasks: TaskChoice[];
}

interface ImportState {
  network: ImportedNetwork | null;
  pending: PendingNetwork | null;
}

export const useImportStore = create<ImportState>(() => ({ network: null, pending: null }));

/** The imported network while its experiment is the one open, else null. */
export function useImportedNetwork(): ImportedNetwork | null {
  const network = useImportStore((s) => s.network);
  const opened = useAppStore((s) => s.openedExperiments);
  return network && network.experiment === opened ? network : null;
}

export function askForTask(pending: PendingNetwork): void {
  useImportStore.setState({ pending });
}

export function cancelTaskChoice(): void {
  useImportStore.setState({ pending: null });
}

/** Set while the file's network is being evaluated: its checkpoint is the file's own network, already saved. */
let evaluating = false;

/** Opens `spec` as the experiment (the caller has asked `mayOpen`) and simulates the file's network on it: its test, plots and a checkpoint appear. */
export function evaluateImported(spec: ExperimentSpec, weights: NetworkWeights, fileName: string): void {
  openSpec(spec, `Opened ${fileName}: its network is simulated on ${spec.task.name} (not trained).`);
  useImportStore.setState({ pending: null, network: { weights, fileName, experiment: useAppStore.getState().openedExperiments } });
  evaluating = true;
  simulate(weights);
}

useAppStore.subscribe((state, previous) => {
  if (!evaluating) return;
  const { checkpoint, runState } = state;
  // an evaluation's checkpoint: no trials, no trainer position (protocol.ts CheckpointUpdate)
  if (checkpoint && checkpoint !== previous.checkpoint && checkpoint.trials === 0 && checkpoint.state === null) {
    evaluating = false;
    // nothing to lose: the network is the file the person opened (leaving or training again need not ask)
    state.markDownloaded();
  } else if (runState !== previous.runState && (runState === 'done' || runState === 'error' || runState === 'stopped')) {
    evaluating = false; // the evaluation ended without a checkpoint: a later run's checkpoints are trained networks
  }
});

/** How `spec` differs from the network in what its weights fix (model, N_rec, N_in, N_out), or null when it fits. */
export function networkMismatch(spec: ExperimentSpec, weights: NetworkWeights): string | null {
  const shape = taskShape(spec.task);
  const differences = [
    spec.model.type !== weights.model && `model ${spec.model.type} (the network is ${weights.model})`,
    spec.model.N_rec !== weights.N_rec && `N_rec ${spec.model.N_rec} (the network has ${weights.N_rec})`,
    shape.N_in !== weights.N_in && `N_in ${shape.N_in} (the network has ${weights.N_in})`,
    shape.N_out !== weights.N_out && `N_out ${shape.N_out} (the network has ${weights.N_out})`,
  ].filter((d): d is string => d !== false);
  return differences.length > 0 ? differences.join(', ') : null;
}

/** Trains the open experiment from the imported network; returns why it cannot, or null. */
export function trainFurther(network: ImportedNetwork): string | null {
  const mismatch = networkMismatch(useAppStore.getState().spec, network.weights);
  if (mismatch) return `${network.fileName}'s network cannot be trained further: the experiment now has ${mismatch}`;
  train({ kind: 'weights', weights: network.weights });
  return null;
}
