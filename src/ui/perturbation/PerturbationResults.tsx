/**
 * The perturbation lab's results, side by side: accuracy before → after, the psychometric curves before and after
 * in one plot, and example trials with both outputs. Shown for the perturbation as it was run, with a note when
 * the spec's perturbation has been edited since.
 */
import { useMemo } from 'react';
import type { PerturbationComparison } from '../../core/analysis/perturbation.ts';
import { Guard } from '../Guard.tsx';
import { PlotlyChart } from '../plots/PlotlyChart.tsx';
import { usePlotTheme } from '../plots/plot-theme.ts';
import { comparisonPsychometricFigure, exampleComparisonFigure } from './figures.ts';

const percent = (accuracy: number) => `${(accuracy * 100).toFixed(1)}%`;

function Accuracy({ comparison }: { comparison: PerturbationComparison }) {
  const { before, after, trials, window, silenced } = comparison;
  const drop = after.accuracy - before.accuracy;
  return (
    <div className="perturb-accuracy">
      <p>
        Accuracy on {trials} trials (the task's own accuracy function):{' '}
        <strong data-testid="perturb-accuracy-before" data-accuracy={before.accuracy}>
          {percent(before.accuracy)}
        </strong>{' '}
        →{' '}
        <strong data-testid="perturb-accuracy-after" data-accuracy={after.accuracy}>
          {percent(after.accuracy)}
        </strong>{' '}
        ({drop >= 0 ? '+' : '−'}
        {Math.abs(drop * 100).toFixed(1)} points)
      </p>
      <p className="field-hint">
        Perturbed from {window.startMs} to {window.endMs} ms ({window.steps} steps){silenced > 0 ? `, ${silenced} unit${silenced === 1 ? '' : 's'} silenced` : ''}.
      </p>
    </div>
  );
}

export function PerturbationResults({ comparison, stale }: { comparison: PerturbationComparison; stale: boolean }) {
  const theme = usePlotTheme();
  const curves = useMemo(() => comparisonPsychometricFigure(comparison.before.psychometric, comparison.after.psychometric, theme), [comparison, theme]);
  const examples = useMemo(
    () => comparison.before.examples.map((example, k) => exampleComparisonFigure(example, comparison.after.examples[k], comparison.window, theme)),
    [comparison, theme],
  );
  const choice = (side: 'before' | 'after') => {
    const p = comparison[side].psychometric;
    return p.kind === 'evidence' ? JSON.stringify(p.pChoice1) : undefined;
  };
  return (
    // the fractions choosing output 1 per evidence, for tests and scripts that read the page
    <div className="perturb-results" data-testid="perturb-results" data-choice1-before={choice('before')} data-choice1-after={choice('after')}>
      {stale && (
        <p className="task-note" role="status" data-testid="perturb-stale">
          The perturbation has changed since this run: Run perturbation again to see its effect.
        </p>
      )}
      <Accuracy comparison={comparison} />
      <Guard part="The perturbation's psychometric plot" resetKeys={[comparison]}>
        <PlotlyChart testId="perturb-psychometric" label="Psychometric curve before and after the perturbation" figure={curves} empty="No curve to compare for this task." height={280} />
      </Guard>
      <div className="perturb-examples">
        {examples.map((figure, k) => (
          <Guard key={k} part="An example trial plot" resetKeys={[comparison]}>
            <PlotlyChart testId={`perturb-example-${k}`} label={`Example trial before and after: ${comparison.before.examples[k].label}`} figure={figure} empty="" height={260} />
          </Guard>
        ))}
      </div>
    </div>
  );
}
