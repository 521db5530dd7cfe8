/**
 * What the perturbation worker does, without the worker: read the held network (its .npz and the spec inside it),
 * draw fresh trials of the task it was trained on (seeded by the spec's seed), and run them without and with the
 * page's perturbation (core/analysis/perturbation.ts). The perturbation is checked against that network and task
 * like any spec field, so a message names what does not fit. No DOM and no Comlink here, so it runs (and is tested)
 * in Node; a person's task code reaches it only inside the locked-down worker.
 */
import { comparePerturbation, drawTrials, type PerturbationComparison } from '../core/analysis/perturbation.ts';
import { loadExperimentNpz } from '../core/io/experiment-file.ts';
import { Rng } from '../core/rng.ts';
import { type ExperimentSpec, safeParseSpec, taskShape } from '../core/spec/spec.ts';
import { createTask } from '../core/tasks/registry.ts';

/** Trials run on each side: enough for a psychometric curve of PerceptualDiscrimination's 8 conditions. */
export const PERTURBATION_TRIALS = 256;

export interface PerturbationRequest {
  /** the page's spec: its perturbation, and its task when the file holds no spec */
  spec: ExperimentSpec;
  /** the held network, a CogRNN or PsychRNN .npz */
  file: Uint8Array;
  /** trials per side (default PERTURBATION_TRIALS) */
  trials?: number;
}

export type PerturbationAnswer =
  | {
      ok: true;
      comparison: PerturbationComparison;
      /** where the trials' task came from: the network file's spec, or the page's */
      specSource: 'file' | 'page';
    }
  | { ok: false; message: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The network's own spec (the file's, else the page's) carrying the page's perturbation, or why it does not fit. */
function specFor(page: ExperimentSpec, fileSpec: ExperimentSpec | null): { spec: ExperimentSpec; source: 'file' | 'page' } {
  if (!fileSpec) return { spec: page, source: 'page' };
  const result = safeParseSpec({ ...fileSpec, perturbation: page.perturbation });
  if (!result.ok) {
    throw new Error(`the perturbation does not fit the network (the experiment stored in its file): ${result.error.message.split('\n').join('; ')}`);
  }
  return { spec: result.spec, source: 'file' };
}

export function runPerturbation(request: PerturbationRequest): PerturbationAnswer {
  try {
    const page = safeParseSpec(request.spec);
    if (!page.ok) return { ok: false, message: `the experiment spec is invalid: ${page.error.message.split('\n').join('; ')}` };
    const file = loadExperimentNpz(request.file, { transferFunction: page.spec.model.transfer_function });
    const { weights } = file;
    const { spec, source } = specFor(page.spec, file.spec);
    const { N_in, N_out } = taskShape(spec.task);
    if (weights.N_in !== N_in || weights.N_out !== N_out || weights.N_rec !== spec.model.N_rec) {
      return {
        ok: false,
        message: `the network (N_in ${weights.N_in}, N_rec ${weights.N_rec}, N_out ${weights.N_out}) does not fit the experiment (N_in ${N_in}, N_rec ${spec.model.N_rec}, N_out ${N_out} for ${spec.task.name}); open the experiment the network was trained on`,
      };
    }
    const task = createTask(spec.task, new Rng(spec.seed).fork('perturbation: trials'));
    const trials = drawTrials(task, request.trials ?? PERTURBATION_TRIALS);
    return { ok: true, comparison: comparePerturbation(spec, weights, trials), specSource: source };
  } catch (error) {
    return { ok: false, message: messageOf(error) };
  }
}
