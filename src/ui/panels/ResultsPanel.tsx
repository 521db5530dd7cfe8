/** What the network learned, live: curves, an example trial, psychometric curve, unit traces, PCA, weights. */
import { LossPlot, PcaPlot, PsychometricPlot, TrialPlot, UnitTracesPlot, WeightsPlot } from '../plots/index.ts';
import { useAppStore } from '../store.ts';
import { weightsFile } from '../worker-client.ts';

async function downloadWeights(name: string) {
  const bytes = await weightsFile();
  if (!bytes) return;
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.npz`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ResultsPanel() {
  const curve = useAppStore((s) => s.curve);
  const test = useAppStore((s) => s.test);
  const canDownload = useAppStore((s) => s.test !== null && s.runState !== 'training' && s.runState !== 'probing');
  const name = useAppStore((s) => (s.spec.name ?? s.spec.task.name).replace(/[^\w.-]+/g, '-'));
  return (
    <section className="card results" aria-labelledby="results-heading">
      <div className="results-header">
        <h2 id="results-heading">Results</h2>
        <button type="button" data-testid="download-weights" disabled={!canDownload} onClick={() => void downloadWeights(name)}>
          Download weights (.npz)
        </button>
      </div>
      {test && (
        <p className="test-summary" data-testid="test-summary" data-loss={test.loss} data-accuracy={test.accuracy} data-trials={test.trials}>
          Test batch at {test.trials.toLocaleString()} trials: loss {test.loss.toPrecision(3)}, accuracy {test.accuracy.toFixed(3)}
        </p>
      )}
      <div className="plot-grid">
        <figure>
          <figcaption>Loss and accuracy</figcaption>
          <LossPlot trials={curve.trials} loss={curve.loss} accuracy={curve.accuracy} stageChanges={curve.stageChanges} />
        </figure>
        <figure>
          <figcaption>Example trial{test ? ` (test batch at ${test.trials.toLocaleString()} trials)` : ''}</figcaption>
          <TrialPlot example={test?.example ?? null} />
        </figure>
        <figure>
          <figcaption>Psychometric curve</figcaption>
          <PsychometricPlot psychometric={test?.psychometric ?? null} />
        </figure>
        <figure>
          <figcaption>Unit activity, correct trials by condition</figcaption>
          <UnitTracesPlot traces={test?.unitTraces ?? null} />
        </figure>
        <figure>
          <figcaption>Population trajectories (PCA)</figcaption>
          <PcaPlot pca={test?.pca ?? null} />
        </figure>
        <figure>
          <figcaption>Recurrent weights</figcaption>
          <WeightsPlot weights={test?.weights ?? null} />
        </figure>
      </div>
    </section>
  );
}
