/** Small statistics helpers for the task tests. */

export interface Moments {
  n: number;
  mean: number;
  std: number;
}

/** Running mean and (population) standard deviation. */
export class MomentAccumulator {
  private n = 0;
  private sum = 0;
  private sumSq = 0;

  add(value: number): void {
    this.n++;
    this.sum += value;
    this.sumSq += value * value;
  }

  get moments(): Moments {
    const mean = this.sum / this.n;
    return { n: this.n, mean, std: Math.sqrt(this.sumSq / this.n - mean * mean) };
  }
}

/** Fraction of `values` equal to `target`. */
export function frequency<T>(values: readonly T[], target: T): number {
  return values.filter((v) => v === target).length / values.length;
}
