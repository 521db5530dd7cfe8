/**
 * The perturbation lab's results (not part of the experiment: the perturbation itself lives in the spec): the last
 * comparison, for which experiment it was run, whether a run is under way, and why the last one failed.
 */
import { create } from 'zustand';
import type { PerturbationComparison } from '../../core/analysis/perturbation.ts';
import type { PerturbationSpec } from '../../core/spec/spec.ts';
import { useAppStore } from '../store.ts';
import { runPerturbation } from './client.ts';

export interface PerturbationLab {
  running: boolean;
  comparison: PerturbationComparison | null;
  /** the perturbation the comparison ran with (the spec may be edited since) */
  ranWith: PerturbationSpec | null;
  /** the page's `openedExperiments` when it ran: another experiment opened since hides it */
  experiment: number;
  specSource: 'file' | 'page' | null;
  error: string | null;
}

export const usePerturbationLab = create<PerturbationLab>(() => ({ running: false, comparison: null, ranWith: null, experiment: -1, specSource: null, error: null }));

/** Runs the held network without and with the spec's perturbation in the perturbation worker. */
export async function runHeldPerturbation(): Promise<void> {
  const { spec, checkpoint, openedExperiments } = useAppStore.getState();
  if (!checkpoint || usePerturbationLab.getState().running) return;
  usePerturbationLab.setState({ running: true, error: null });
  // a copy: the held file stays the page's
  const answer = await runPerturbation({ spec, file: checkpoint.file.slice() });
  usePerturbationLab.setState(
    answer.ok
      ? { running: false, comparison: answer.comparison, ranWith: spec.perturbation, experiment: openedExperiments, specSource: answer.specSource, error: null }
      : { running: false, error: answer.message },
  );
}
