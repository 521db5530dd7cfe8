/**
 * Files out: the experiment spec as JSON (the format Import, `cogrnn train` and share links read), the training
 * metrics as CSV, and the helper every download uses (the weights, the plots' PNG and SVG). Each saves what the page
 * holds — the worker is not asked: it may be busy or gone.
 */
import { metricsCsv } from '../../core/io/metrics-csv.ts';
import { type ExperimentSpec, specToJson } from '../../core/spec/spec.ts';
import { curriculumStageNames } from '../curriculum-edit.ts';
import { useAppStore } from '../store.ts';

/** The experiment's name as a file name: its own name, else its task's; runs of other characters become '-'. */
export function fileStem(spec: ExperimentSpec): string {
  return (spec.name ?? spec.task.name).replace(/[^\w.-]+/g, '-');
}

/** Saves `blob` as `fileName` through the browser's download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Download spec (.json): the page's spec, as `specToJson` prints it. */
export function downloadSpec(): void {
  const { spec } = useAppStore.getState();
  saveBlob(new Blob([specToJson(spec)], { type: 'application/json' }), `${fileStem(spec)}.json`);
}

/**
 * The names of the run's stages: the curriculum's, or the task's own for a run without one. (The spec may have been
 * edited since the run; the names are the spec's, as the loss plot's are.)
 */
function stageNames(spec: ExperimentSpec): string[] {
  const names = curriculumStageNames(spec);
  return names.length > 0 ? names : [spec.task.name];
}

/** Download metrics (.csv): the loss curve's points with their stage. */
export function downloadMetrics(): void {
  const { spec, curve } = useAppStore.getState();
  saveBlob(new Blob([metricsCsv(curve, stageNames(spec))], { type: 'text/csv' }), `${fileStem(spec)}-metrics.csv`);
}
