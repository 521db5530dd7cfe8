/** What the network learned, live: curves, an example trial, psychometric curve, unit traces, PCA, weights. */
import type { ReactNode } from 'react';
import { Guard } from '../Guard.tsx';
import { LossPlot, PcaPlot, PsychometricPlot, TrialPlot, UnitTracesPlot, WeightsPlot } from '../plots/index.ts';
import { useAppStore } from '../store.ts';
import { useStageNames } from './CurriculumPanel.tsx';

/** Saves the checkpoint the page holds (the worker is not asked: it may be busy or gone). */
function downloadWeights() {
  const { checkpoint, spec, markDownloaded } = useAppStore.getState();
  if (!checkpoint) return;
  const name = (spec.name ?? spec.task.name).replace(/[^\w.-]+/g, '-');
  const url = URL.createObjectURL(new Blob([checkpoint.file as BlobPart], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.npz`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  markDownloaded();
}

/** One plot with its caption; a plot that fails shows its error, with Retry, in its place. */
function PlotCell({ caption, name, children }: { caption: string; name: string; children: ReactNode }) {
  return (
    <figure>
      <figcaption>{caption}</figcaption>
      <Guard part={`The ${name} plot`}>
        {children}
      </Guard>
    </figure>
  );
}

/** Its own component, so that a new checkpoint redraws the button and not the plots. */
function DownloadButton() {
  const checkpointTrials = useAppStore((s) => s.checkpoint?.trials ?? null);
  return (
    <button
      type="button"
      data-testid="download-weights"
      disabled={checkpointTrials === null}
      title={checkpointTrials === null ? 'No weights yet' : `The weights after ${checkpointTrials.toLocaleString()} trials`}
      onClick={downloadWeights}
    >
      Download weights (.npz)
    </button>
  );
}

export function ResultsPanel() {
  const curve = useAppStore((s) => s.curve);
  const test = useAppStore((s) => s.test);
  const stageNames = useStageNames();
  return (
    <section className="card results" aria-labelledby="results-heading">
      <div className="results-header">
        <h2 id="results-heading">Results</h2>
        <DownloadButton />
      </div>
      {test && (
        <p className="test-summary" data-testid="test-summary" data-loss={test.loss} data-accuracy={test.accuracy} data-trials={test.trials}>
          Test batch at {test.trials.toLocaleString()} trials: loss {test.loss.toPrecision(3)}, accuracy {test.accuracy.toFixed(3)}
        </p>
      )}
      <div className="plot-grid">
        <PlotCell caption="Loss and accuracy" name="loss">
          <LossPlot trials={curve.trials} loss={curve.loss} accuracy={curve.accuracy} stageChanges={curve.stageChanges} stageNames={stageNames} />
        </PlotCell>
        <PlotCell caption={`Example trial${test ? ` (test batch at ${test.trials.toLocaleString()} trials)` : ''}`} name="example trial">
          <TrialPlot example={test?.example ?? null} />
        </PlotCell>
        <PlotCell caption="Psychometric curve" name="psychometric">
          <PsychometricPlot psychometric={test?.psychometric ?? null} />
        </PlotCell>
        <PlotCell caption="Unit activity, correct trials by condition" name="unit activity">
          <UnitTracesPlot traces={test?.unitTraces ?? null} />
        </PlotCell>
        <PlotCell caption="Population trajectories (PCA)" name="trajectories">
          <PcaPlot pca={test?.pca ?? null} />
        </PlotCell>
        <PlotCell caption="Recurrent weights" name="weights">
          <WeightsPlot weights={test?.weights ?? null} />
        </PlotCell>
      </div>
    </section>
  );
}
