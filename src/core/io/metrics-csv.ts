/**
 * The training metrics as CSV (one row per recorded loss point), for a spreadsheet, pandas or R:
 *
 *   trials,loss,accuracy,stage,stage_name
 *   1280,0.2213,0.5,1,coherence 0.7
 *
 * `stage` counts from 1, as the page shows it; a point belongs to the stage it was trained in: a change recorded at
 * trials T (the curriculum advanced after the epoch ending at T) applies to the points after T. Without a
 * curriculum every point is stage 1, named by `stageNames[0]` when given. Fields are quoted as RFC 4180 says (a
 * stage name with a comma or quote stays one field); numbers are written in full (JavaScript's shortest round trip).
 */

export interface MetricsCurve {
  trials: readonly number[];
  loss: readonly number[];
  accuracy: readonly number[];
  /** trials at which the curriculum advanced to `stage` (0-based), in order */
  stageChanges: readonly { trials: number; stage: number }[];
}

export const METRICS_HEADER = ['trials', 'loss', 'accuracy', 'stage', 'stage_name'] as const;

/** A field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break (quotes doubled). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A number as text; NaN and ±Infinity (a diverged loss) as numpy's `np.genfromtxt` and pandas read them. */
function numberField(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return String(x);
}

/** The 0-based stage each point was trained in. */
export function stageOfPoints(trials: readonly number[], changes: MetricsCurve['stageChanges']): number[] {
  let next = 0;
  let stage = 0;
  return trials.map((t) => {
    while (next < changes.length && changes[next].trials < t) stage = changes[next++].stage;
    return stage;
  });
}

/** The curve as CSV text with a header line; lines end in `\n`. Throws when the columns differ in length. */
export function metricsCsv(curve: MetricsCurve, stageNames: readonly string[] = []): string {
  const { trials, loss, accuracy } = curve;
  if (loss.length !== trials.length || accuracy.length !== trials.length) {
    throw new Error(`the curve's columns differ in length: ${trials.length} trials, ${loss.length} losses, ${accuracy.length} accuracies`);
  }
  const stages = stageOfPoints(trials, curve.stageChanges);
  const lines = [METRICS_HEADER.join(',')];
  for (let i = 0; i < trials.length; i++) {
    const stage = stages[i];
    const fields = [numberField(trials[i]), numberField(loss[i]), numberField(accuracy[i]), String(stage + 1), csvField(stageNames[stage] ?? '')];
    lines.push(fields.join(','));
  }
  return `${lines.join('\n')}\n`;
}
