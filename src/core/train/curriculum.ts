/**
 * PsychRNN's Curriculum (reference §8): a list of stages (tasks), one threshold each (default 0.9),
 * checked every `metric_epoch` epochs on a fresh test batch. When the metric says so the stage
 * advances; after the last stage training stops.
 * Metrics: accuracy ≥ threshold (PsychRNN's default_metric), loss ≤ threshold, iterations spent in
 * the stage ≥ threshold, or a user function with PsychRNN's contract (advance, value).
 */
import { CURRICULUM_METRICS } from '../spec/spec.ts';
import type { Task } from '../tasks/task.ts';

export type CurriculumMetricName = (typeof CURRICULUM_METRICS)[number];

/** What a metric sees at a metric epoch. `accuracy` and `loss` are on a fresh test batch of the stage's task. */
export interface MetricContext {
  stage: number;
  threshold: number;
  epoch: number;
  iterationsInStage: number;
  accuracy: number;
  loss: number;
  /** Training losses recorded so far (every loss_epoch). */
  losses: readonly number[];
}

export interface MetricResult {
  advance: boolean;
  value: number;
}

export type CurriculumMetric = (context: MetricContext) => MetricResult;

export const BUILTIN_METRICS: Record<CurriculumMetricName, CurriculumMetric> = {
  accuracy: (c) => ({ advance: c.accuracy >= c.threshold, value: c.accuracy }),
  loss: (c) => ({ advance: c.loss <= c.threshold, value: c.loss }),
  iterations: (c) => ({ advance: c.iterationsInStage >= c.threshold, value: c.iterationsInStage }),
};

/** Where a run is in the curriculum, to resume it there. */
export interface CurriculumPosition {
  stage: number;
  metricValues: [number, number][];
}

export interface CurriculumOptions {
  thresholds: readonly number[];
  metric_epoch: number;
  metric: CurriculumMetricName | CurriculumMetric;
}

export class Curriculum {
  readonly tasks: readonly Task<object>[];
  readonly thresholds: readonly number[];
  readonly metricEpoch: number;
  private readonly metric: CurriculumMetric;
  stage = 0;
  stopTraining = false;
  /** [value, stage] at every metric test, as PsychRNN records them. */
  readonly metricValues: [number, number][] = [];

  constructor(tasks: readonly Task<object>[], options: CurriculumOptions) {
    if (tasks.length === 0) throw new Error('curriculum.stages: got an empty list; a curriculum needs at least one stage');
    if (options.thresholds.length !== tasks.length) {
      throw new Error(
        `curriculum.thresholds: got ${options.thresholds.length} thresholds for ${tasks.length} stages; give one per stage`,
      );
    }
    this.tasks = tasks;
    this.thresholds = options.thresholds;
    this.metricEpoch = options.metric_epoch;
    this.metric = typeof options.metric === 'function' ? options.metric : BUILTIN_METRICS[options.metric];
  }

  get currentTask(): Task<object> {
    return this.tasks[Math.min(this.stage, this.tasks.length - 1)];
  }

  /** Its position now (a copy), for `resumeAt`. */
  position(): CurriculumPosition {
    return { stage: this.stage, metricValues: this.metricValues.map(([value, stage]) => [value, stage]) };
  }

  /** Continues from `position`: that stage, with the metric values recorded so far. */
  resumeAt(position: CurriculumPosition): void {
    const { stage } = position;
    if (!Number.isInteger(stage) || stage < 0 || stage >= this.tasks.length) {
      throw new Error(`curriculum: cannot resume at stage ${stage}; this curriculum has stages 0 to ${this.tasks.length - 1}`);
    }
    this.stage = stage;
    this.stopTraining = false;
    this.metricValues.splice(0, this.metricValues.length, ...position.metricValues.map(([v, s]): [number, number] => [v, s]));
  }

  /** True when this epoch is a metric epoch. */
  isMetricEpoch(epoch: number): boolean {
    return epoch % this.metricEpoch === 0;
  }

  /**
   * Records the metric and advances the stage when it says so (PsychRNN's metric_test).
   * Returns true when the stage advanced; `stopTraining` is set after the last stage.
   */
  metricTest(context: Omit<MetricContext, 'stage' | 'threshold'>): boolean {
    const { advance, value } = this.metric({ ...context, stage: this.stage, threshold: this.thresholds[this.stage] });
    this.metricValues.push([value, this.stage]);
    if (!advance) return false;
    this.stage += 1;
    if (this.stage === this.tasks.length) this.stopTraining = true;
    return true;
  }
}
