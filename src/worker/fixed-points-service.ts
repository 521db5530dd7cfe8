/**
 * What the fixed-points worker does, without the worker: read the held network (its file and the spec inside it),
 * draw its task's trials per condition as training draws them (seeded by the spec's seed), offer each condition's
 * inputs with the u they imply (`describe`), and run one search (`find`): the chosen condition's trials through the
 * network noise-free, `findNetworkFixedPoints` from states sampled along them at the chosen constant u, progress
 * throttled, Cancel (or a newer search) aborting it with what it has found so far. No DOM and no Comlink here, so it
 * runs (and is tested) in Node; a person's task code reaches it only inside the locked-down worker.
 */
import { drawConditionTrials, type DrawnTrials, impliedInput, inputChoiceLabel, type InputChoice, mixedTrials, periodNames } from '../core/analysis/fixed-points/condition-inputs.ts';
import { networkDynamics, stateTrajectories } from '../core/analysis/fixed-points/dynamics.ts';
import { fixedPointView } from '../core/analysis/fixed-points/fixed-point-view.ts';
import { findNetworkFixedPoints } from '../core/analysis/fixed-points/network-fixed-points.ts';
import { MARGINAL_BAND } from '../core/analysis/fixed-points/stability.ts';
import { loadExperimentNpz } from '../core/io/experiment-file.ts';
import type { NetworkWeights } from '../core/model/weights.ts';
import { Rng } from '../core/rng.ts';
import { type ExperimentSpec, safeParseSpec } from '../core/spec/spec.ts';
import { createTask } from '../core/tasks/registry.ts';
import type { DescribeAnswer, DescribeRequest, FindAnswer, FindProgress, FindRequest, FixedPointSearchOptions, InputOffer } from './fixed-points-protocol.ts';

/** Trials per condition whose trajectories seed a search (and whose inputs give u). */
export const TRIALS_PER_CONDITION = 16;
/** The most trials drawn looking for every condition's share. */
export const MAX_DRAWN_TRIALS = 4096;
/** The allowed ranges of the search options, inclusive. */
export const SEARCH_LIMITS = {
  startCount: { min: 1, max: 4096 },
  maxIterations: { min: 1, max: 200_000 },
  qTolerance: { min: 1e-30, max: 1 },
} as const;
export const DEFAULT_SEARCH: FixedPointSearchOptions = { startCount: 64, qTolerance: 1e-8, maxIterations: 5000 };

/** Everything a search or a description starts from. */
interface Prepared {
  weights: NetworkWeights;
  spec: ExperimentSpec;
  specSource: 'file' | 'page';
  drawn: DrawnTrials;
  dt: number;
  alpha: number;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The search options' problems, each naming the field, the value and what is allowed; [] when they are fine. */
export function searchOptionProblems(options: FixedPointSearchOptions): string[] {
  const problems: string[] = [];
  const whole = (key: 'startCount' | 'maxIterations', name: string) => {
    const { min, max } = SEARCH_LIMITS[key];
    const v = options[key];
    if (!(Number.isInteger(v) && v >= min && v <= max)) problems.push(`${name} must be a whole number from ${min} to ${max.toLocaleString('en-US')}; got ${v}`);
  };
  whole('startCount', 'the number of starts');
  whole('maxIterations', 'the maximum number of iterations');
  const { min, max } = SEARCH_LIMITS.qTolerance;
  const q = options.qTolerance;
  if (!(Number.isFinite(q) && q >= min && q <= max)) problems.push(`the q tolerance must be a number from ${min} to ${max}; got ${q}`);
  return problems;
}

/** The network and the spec its trials come from (the file's own when it has one), its task's trials drawn. */
function prepare(request: DescribeRequest): Prepared {
  const page = safeParseSpec(request.spec);
  if (!page.ok) throw new Error(`the experiment spec is invalid: ${page.error.message}`);
  let weights: NetworkWeights;
  let spec = page.spec;
  let specSource: 'file' | 'page' = 'page';
  if ('file' in request.network) {
    const file = loadExperimentNpz(request.network.file, { transferFunction: page.spec.model.transfer_function });
    weights = file.weights;
    if (file.spec) [spec, specSource] = [file.spec, 'file'];
  } else {
    weights = request.network.weights;
  }
  const task = createTask(spec.task, new Rng(spec.seed).fork('fixed points: trials'));
  if (task.N_in !== weights.N_in) {
    throw new Error(`the network has N_in = ${weights.N_in} input channels but its task ${spec.task.name} gives ${task.N_in}; open the experiment the network was trained on`);
  }
  const drawn = drawConditionTrials(task, TRIALS_PER_CONDITION, MAX_DRAWN_TRIALS);
  return { weights, spec, specSource, drawn, dt: task.dt, alpha: task.alpha };
}

/** The inputs a condition offers: its strongest input, each declared period, zero, and a custom u. */
function inputChoices(params: readonly object[]): InputChoice[] {
  return [{ kind: 'strongest' }, ...periodNames(params).map((name): InputChoice => ({ kind: 'period', name })), { kind: 'zero' }];
}

export function describeFixedPoints(request: DescribeRequest): DescribeAnswer {
  try {
    const { weights, spec, specSource, drawn, dt } = prepare(request);
    const conditions = drawn.conditions.map((c) => ({
      label: c.label,
      trials: c.x.shape[0],
      inputs: inputChoices(c.params).map((choice): InputOffer => {
        try {
          return { choice, label: inputChoiceLabel(choice), u: impliedInput(c, choice, dt), problem: null };
        } catch (error) {
          return { choice, label: inputChoiceLabel(choice), u: null, problem: messageOf(error) };
        }
      }),
    }));
    return { ok: true, choices: { model: weights.model, N_rec: weights.N_rec, N_in: weights.N_in, specSource, taskName: spec.task.name, conditions } };
  } catch (error) {
    return { ok: false, message: messageOf(error) };
  }
}

/** The least time between two progress messages, ms. */
const PROGRESS_EVERY_MS = 150;

export class FixedPointService {
  private controller: AbortController | null = null;

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Stops the search under way; it answers with the points found so far, marked cancelled. */
  cancel(): void {
    this.controller?.abort();
  }

  async find(request: FindRequest, onProgress: (progress: FindProgress) => void): Promise<FindAnswer> {
    this.cancel(); // a new search replaces the old
    const controller = new AbortController();
    this.controller = controller;
    try {
      const problems = searchOptionProblems(request.options);
      if (problems.length > 0) throw new Error(`${problems.join('; ')}`);
      const { weights, drawn, dt, alpha } = prepare(request);
      const { trials, input, inputLabel } = searchInput(drawn, request, dt);
      const { startCount, qTolerance, maxIterations } = request.options;
      let last = -Infinity;
      const result = await findNetworkFixedPoints(weights, alpha, {
        trials,
        input,
        startCount,
        qTolerance,
        maxIterations,
        seed: request.spec.seed,
        progressEvery: 20,
        signal: controller.signal,
        onProgress: (p) => {
          if (this.now() - last < PROGRESS_EVERY_MS) return;
          last = this.now();
          onProgress({ ...p, maxIterations });
        },
      });
      let bestQ = Infinity;
      for (const q of result.qValues) bestQ = Math.min(bestQ, q);
      const kept = result.qValues.reduce((c, q) => c + (q < qTolerance ? 1 : 0), 0);
      onProgress({ iteration: result.iterations, maxIterations, bestQ, kept });
      const states = stateTrajectories(networkDynamics(weights, alpha), trials);
      const view = fixedPointView(result.points, states, result.recordedSize, MARGINAL_BAND);
      return {
        ok: true,
        result: { ...view, condition: request.condition, inputLabel, input, model: result.model, iterations: result.iterations, cancelled: result.cancelled, options: request.options },
      };
    } catch (error) {
      return { ok: false, message: messageOf(error) };
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }
}

/** The trials a search starts from and the u it searches at, for the chosen condition and input. */
function searchInput(drawn: DrawnTrials, request: FindRequest, dt: number): { trials: DrawnTrials['conditions'][number]['x']; input: number[]; inputLabel: string } {
  if (request.condition === null) {
    const zero: InputChoice = { kind: 'zero' };
    return { trials: mixedTrials(drawn.conditions, TRIALS_PER_CONDITION), input: impliedInput(drawn.conditions[0], zero, dt), inputLabel: inputChoiceLabel(zero) };
  }
  const found = drawn.conditions.find((c) => c.label === request.condition);
  if (!found) {
    const labels = drawn.conditions.map((c) => c.label).join(', ');
    throw new Error(`condition ${JSON.stringify(request.condition)} did not occur in ${drawn.drawn} trials of the task; its conditions are ${labels}`);
  }
  return { trials: found.x, input: impliedInput(found, request.input, dt), inputLabel: inputChoiceLabel(request.input) };
}
