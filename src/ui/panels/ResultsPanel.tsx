/**
 * What the network learned, live: curves, an example trial, psychometric curve, unit traces, PCA, weights — each plot
 * with PNG and SVG buttons on its caption — and Download weights (.npz, PsychRNN's keys, dtypes and shapes).
 */
import { type ReactNode, useRef } from 'react';
import { Guard } from '../Guard.tsx';
import { LossPlot, PcaPlot, PsychometricPlot, TrialPlot, UnitTracesPlot, WeightsPlot } from '../plots/index.ts';
import { fileStem, saveBlob } from '../files/downloads.ts';
import { ImportedNetworkBar } from '../files/ImportedNetworkBar.tsx';
import { PlotExport } from '../plots/PlotExport.tsx';
import { useAppStore } from '../store.ts';
import { useStageNames } from './CurriculumPanel.tsx';

/** Saves the checkpoint the page holds (the worker is not asked: it may be busy or gone). */
function downloadWeights() {
  const { checkpoint, spec, markDownloaded } = useAppStore.getState();
  if (!checkpoint) return;
  saveBlob(new Blob([checkpoint.file as BlobPart], { type: 'application/octet-stream' }), `${fileStem(spec)}.npz`);
  markDownloaded();
}

interface PlotCellProps {
  caption: string;
  /** the plot's name in sentences ("unit activity") */
  name: string;
  /** its name in file names and test ids ("unit-traces": plot-png-unit-traces, <experiment>-unit-traces.png) */
  file: string;
  /** nothing drawn yet: no PNG or SVG to save */
  empty: boolean;
  children: ReactNode;
}

/** One plot with its caption and its PNG / SVG buttons; a plot that fails shows its error, with Retry, in its place. */
function PlotCell({ caption, name, file, empty, children }: PlotCellProps) {
  const figure = useRef<HTMLElement>(null);
  return (
    <figure ref={figure}>
      <figcaption className="plot-caption">
        <span>{caption}</span>
        <PlotExport plot={file} label={name} empty={empty} target={figure} />
      </figcaption>
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
      <ImportedNetworkBar />
      {test && (
        <p className="test-summary" data-testid="test-summary" data-loss={test.loss} data-accuracy={test.accuracy} data-trials={test.trials}>
          Test batch at {test.trials.toLocaleString()} trials: loss {test.loss.toPrecision(3)}, accuracy {test.accuracy.toFixed(3)}
        </p>
      )}
      <div className="plot-grid">
        <PlotCell caption="Loss and accuracy" name="loss" file="loss" empty={curve.trials.length === 0}>
          <LossPlot trials={curve.trials} loss={curve.loss} accuracy={curve.accuracy} stageChanges={curve.stageChanges} stageNames={stageNames} />
        </PlotCell>
        <PlotCell caption={`Example trial${test ? ` (test batch at ${test.trials.toLocaleString()} trials)` : ''}`} name="example trial" file="trial" empty={!test?.example}>
          <TrialPlot example={test?.example ?? null} />
        </PlotCell>
        <PlotCell caption="Psychometric curve" name="psychometric" file="psychometric" empty={!test?.psychometric}>
          <PsychometricPlot psychometric={test?.psychometric ?? null} />
        </PlotCell>
        <PlotCell caption="Unit activity, correct trials by condition" name="unit activity" file="unit-traces" empty={!test?.unitTraces}>
          <UnitTracesPlot traces={test?.unitTraces ?? null} />
        </PlotCell>
        <PlotCell caption="Population trajectories (PCA)" name="trajectories" file="pca" empty={!test?.pca}>
          <PcaPlot pca={test?.pca ?? null} />
        </PlotCell>
        <PlotCell caption="Recurrent weights" name="weights" file="weights" empty={!test?.weights}>
          <WeightsPlot weights={test?.weights ?? null} />
        </PlotCell>
      </div>
    </section>
  );
}
