/**
 * A comparison's results: the plot, the Mann–Whitney test of each condition against the first (with three or
 * more conditions, pairwise against the first, uncorrected: said under the tests), and the table of runs, each with
 * Open (it opens as the page's experiment: spec, curve, checkpoint). Selects only the comparison it shows.
 */
import { useState } from 'react';
import { P_VALUE_METHOD } from '../../core/comparison/statistics.ts';
import type { ConditionTest } from '../../core/comparison/summary.ts';
import { useAppStore } from '../store.ts';
import { ComparisonPlot } from './ComparisonPlot.tsx';
import { openComparedRun } from './open.ts';
import { type ComparedRun, type ComparisonState, useComparisonStore } from './store.ts';

type Comparison = NonNullable<ComparisonState['comparison']>;

/** "0.032", or "2.1e-5" below 0.001. */
export const formatP = (p: number) => (p >= 0.001 ? p.toFixed(3) : p.toExponential(1));

function TestLine({ test, labels }: { test: ConditionTest; labels: string[] }) {
  const against = labels.length > 2 ? `${labels[test.condition]} vs ${labels[0]}: ` : '';
  const p = test.p === null ? 'p undefined (every run took the same number of trials)' : `p = ${formatP(test.p)} (${P_VALUE_METHOD})`;
  return (
    <p className="comparison-pvalue" data-testid="sweep-pvalue" data-p={test.p ?? undefined} data-u={test.u}>
      {against}Mann–Whitney U = {test.u}, {p}, n = {test.n1} vs {test.n2}
    </p>
  );
}

function outcome(run: ComparedRun, cap: number): string {
  if (run.state === 'pending') return 'not run';
  if (run.state === 'training') return 'training…';
  if (run.state === 'failed') return `failed: ${run.message ?? 'no result'}`;
  if (run.censored) return `censored: not reached within the cap (≥ ${cap.toLocaleString()})`;
  return (run.trials ?? 0).toLocaleString();
}

function RunTable({ comparison }: { comparison: Comparison }) {
  const locked = useAppStore((s) => s.runState === 'training' || s.runState === 'paused' || s.runState === 'probing');
  const [said, setSaid] = useState<string | null>(null);
  const open = (run: ComparedRun) =>
    void openComparedRun(run, comparison).then(
      (refused) => setSaid(refused && `Cannot open it: ${refused}.`),
      (error: Error) => setSaid(`That did not work: ${error.message}.`),
    );
  return (
    <>
      {said && (
        <p className="error-banner" role="alert">
          {said}
        </p>
      )}
      <table className="comparison-runs" data-testid="sweep-runs">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Condition</th>
            <th scope="col">Seed</th>
            <th scope="col">Trials to threshold</th>
            <th scope="col" aria-label="Open" />
          </tr>
        </thead>
        <tbody>
          {comparison.runs.map((run) => (
            <tr key={run.index} data-testid="sweep-run-row" data-state={run.state} data-censored={run.censored}>
              <td>{run.index + 1}</td>
              <td>{comparison.labels[run.condition]}</td>
              <td>{run.seed}</td>
              <td data-testid="sweep-run-trials">{outcome(run, comparison.settings.trialCap)}</td>
              <td>
                <button type="button" data-testid="sweep-open" disabled={run.state !== 'finished' || locked} title={locked ? 'Stop the run first' : undefined} onClick={() => open(run)}>
                  Open
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function ComparisonResults() {
  const comparison = useComparisonStore((s) => s.comparison);
  if (!comparison) return null;
  const { summary, labels } = comparison;
  const finished = summary?.conditions.some((c) => c.trials.length > 0) ?? false;
  return (
    <div className="comparison-results">
      {summary && finished && <ComparisonPlot summary={summary} cap={comparison.settings.trialCap} />}
      {summary?.tests.map((test) => <TestLine key={test.condition} test={test} labels={labels} />)}
      {labels.length > 2 && <p className="hint">Each condition is tested against the first, pairwise; the p-values are not corrected for multiple comparisons.</p>}
      {summary && (
        <p className="hint">
          Medians: {summary.conditions.map((c) => `${c.label} ${c.median === null ? '—' : c.median.toLocaleString()}`).join(' · ')} trials. Threshold{' '}
          {comparison.settings.threshold} on the full task (a curriculum's final stage), cap {comparison.settings.trialCap.toLocaleString()} trials.
        </p>
      )}
      <RunTable comparison={comparison} />
    </div>
  );
}
