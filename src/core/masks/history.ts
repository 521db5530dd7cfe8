/**
 * Undo / redo as a list of steps, each the state before and after one edit (a stroke, a preset, Invert, Clear).
 * Undo hands back the step so the caller restores `before`; redo hands it back to restore `after`. Keeping both
 * ends lets the painter undo exactly what a step changed (a preset that set the Dale ratio restores it; a stroke
 * does not touch a ratio typed in meanwhile). The oldest steps are dropped past `limit`.
 */

export interface HistoryStep<T> {
  before: T;
  after: T;
}

export class EditHistory<T> {
  private past: HistoryStep<T>[] = [];
  private future: HistoryStep<T>[] = [];

  constructor(private readonly limit = 100) {}

  /** A new edit: it can be undone, and whatever had been undone can no longer be redone. */
  record(step: HistoryStep<T>): void {
    this.past.push(step);
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
  }

  /** The last edit, now undone (restore its `before`), or null when there is none. */
  undo(): HistoryStep<T> | null {
    const step = this.past.pop();
    if (!step) return null;
    this.future.push(step);
    return step;
  }

  /** The last undone edit, now redone (restore its `after`), or null when there is none. */
  redo(): HistoryStep<T> | null {
    const step = this.future.pop();
    if (!step) return null;
    this.past.push(step);
    return step;
  }

  /** Puts back a step whose undo could not be applied (the spec refused it), so nothing is lost. */
  cancelUndo(): void {
    const step = this.future.pop();
    if (step) this.past.push(step);
  }

  /** Puts back a step whose redo could not be applied. */
  cancelRedo(): void {
    const step = this.past.pop();
    if (step) this.future.push(step);
  }

  clear(): void {
    this.past = [];
    this.future = [];
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }
}
