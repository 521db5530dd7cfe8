/**
 * How a comparison run is stopped at its threshold and scored, on the trainer's own hooks.
 * The trainer measures performance after every step on a fresh batch of the task trained now, and stops once it
 * reaches training.performance_cutoff (trainer.ts). With a curriculum that task is an easier stage's until the last
 * stage, so the measure here counts only from the final stage on (−∞ before: the cutoff cannot fire early), and the
 * final stage never "passes" by the curriculum's own metric (which would end the run at its threshold instead of
 * ours): it goes on until the cutoff or the trial cap. Every measure taken on the full task is recorded, so the
 * run's trials-to-threshold is read from that curve: the first point at which accuracy ≥ threshold, or censored at
 * the cap when there is none.
 */
import type { ExperimentSpec } from '../spec/spec.ts';
import { BUILTIN_METRICS, type CurriculumMetric } from '../train/curriculum.ts';
import type { TrainerHooks } from '../train/trainer.ts';

/** Accuracy on a fresh batch of the full task after each step: [trials done, accuracy] in step order. */
export interface FullTaskCurve {
  trials: number[];
  accuracy: number[];
}

export interface ThresholdResult {
  /** trials to threshold; the cap when censored */
  trials: number;
  /** the run never reached the threshold within the cap */
  censored: boolean;
}

/** The first point of `curve` at or above `threshold`; censored at `cap` when none is. */
export function trialsToThreshold(curve: FullTaskCurve, threshold: number, cap: number): ThresholdResult {
  const at = curve.accuracy.findIndex((accuracy) => accuracy >= threshold);
  return at < 0 ? { trials: cap, censored: true } : { trials: curve.trials[at], censored: false };
}

/**
 * The hooks a comparison run trains with, and the curve they record. `stage()` tells the curriculum stage the
 * trainer is in (0-based; read from the trainer once it exists).
 */
export class FullTaskMeasure {
  readonly curve: FullTaskCurve = { trials: [], accuracy: [] };
  private readonly finalStage: number;
  private readonly nBatch: number;
  private readonly metric: CurriculumMetric | null;

  constructor(spec: ExperimentSpec) {
    this.finalStage = spec.curriculum ? spec.curriculum.stages.length - 1 : 0;
    this.nBatch = spec.task.N_batch;
    this.metric = spec.curriculum ? BUILTIN_METRICS[spec.curriculum.metric] : null;
  }

  /** Forgets the points after `trials` (a run that continues from a checkpoint there, on another backend). */
  continueFrom(trials: number): void {
    const keep = this.curve.trials.findIndex((t) => t > trials);
    if (keep < 0) return;
    this.curve.trials.splice(keep);
    this.curve.accuracy.splice(keep);
  }

  hooks(stage: () => number): TrainerHooks {
    const metric = this.metric;
    return {
      performanceMeasure: (evaluation, epoch) => {
        if (stage() < this.finalStage) return -Infinity;
        this.curve.trials.push(epoch * this.nBatch);
        this.curve.accuracy.push(evaluation.accuracy);
        return evaluation.accuracy;
      },
      ...(metric ? { curriculumMetric: (context) => (context.stage >= this.finalStage ? { ...metric(context), advance: false } : metric(context)) } : {}),
    };
  }
}
