/**
 * Fresh batches of a trainer's tasks, drawn from a stream of their own: each task gets a copy (its "twin") seeded from
 * `rng` on first use, in order, so the batches never shift the training trials. The trainer has two such streams: its
 * evaluation stream, whose batches decide training (curriculum metrics, the performance cutoff, the final score), and
 * its observation stream for summaries that only look (the page's test plots), which must not change training however
 * often they are taken — else a run would depend on the clock, not just its seed.
 */
import type { Rng } from '../rng.ts';
import type { TaskSpec } from '../spec/spec.ts';
import { createTask } from '../tasks/registry.ts';
import type { Task, TaskPosition } from '../tasks/task.ts';

/** Each twin made so far, in order: the index of the training task it copies, and its position. */
export type StreamPosition = { task: number; position: TaskPosition }[];

export class EvaluationStream {
  private readonly twins = new Map<Task<object>, Task<object>>();

  /** `noise` is the recurrent-noise stream its evaluations use. */
  constructor(
    private readonly rng: Rng,
    readonly noise: Rng,
    private readonly configOf: (task: Task<object>) => TaskSpec | undefined,
  ) {}

  /** The twin of `task`, one of the trainer's training tasks. */
  twin(task: Task<object>): Task<object> {
    let twin = this.twins.get(task);
    if (!twin) {
      const config = this.configOf(task);
      if (!config) throw new Error("Trainer.evaluate: the task is not one of this trainer's tasks");
      twin = createTask(config, this.rng.fork(`task ${this.twins.size}`));
      this.twins.set(task, twin);
    }
    return twin;
  }

  /** `tasks` is the trainer's list of training tasks (the indices are into it). */
  position(tasks: readonly Task<object>[]): StreamPosition {
    return [...this.twins].map(([task, twin]) => ({ task: tasks.indexOf(task), position: twin.position() }));
  }

  /** Makes the twins in the saved order and moves each to its saved position. */
  resumeAt(saved: StreamPosition, tasks: readonly Task<object>[]): void {
    for (const { task, position } of saved) this.twin(tasks[task]).resumeAt(position);
  }
}
