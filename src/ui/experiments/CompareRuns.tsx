/**
 * Two saved runs side by side: loss (log scale, left) and accuracy (right) against trials, one colour per run, so
 * the effect of a change between two experiments (or two seeds) reads at a glance.
 */
import { useMemo } from 'react';
import type { Data } from 'plotly.js-dist-min';
import { PlotlyChart, type Figure } from '../plots/PlotlyChart.tsx';
import { usePlotTheme, type PlotTheme } from '../plots/plot-theme.ts';
import type { RunSummary } from './list.ts';

export interface ComparedRun {
  /** "experiment · run", as the legend shows it */
  label: string;
  run: RunSummary;
}

export function compareFigure(runs: ComparedRun[], theme: PlotTheme): Figure {
  const colours = [theme.accent, theme.target, ...theme.palette];
  const data: Data[] = runs.flatMap(({ label, run }, k) => {
    const line = { color: colours[k % colours.length], width: 1.8 };
    return [
      { type: 'scatter', mode: 'lines', name: label, legendgroup: run.id, x: run.curve.trials, y: run.curve.loss, line, hovertemplate: '%{y:.4g}' },
      {
        type: 'scatter',
        mode: 'lines',
        name: label,
        legendgroup: run.id,
        showlegend: false,
        x: run.curve.trials,
        y: run.curve.accuracy,
        xaxis: 'x2',
        yaxis: 'y2',
        line,
        hovertemplate: '%{y:.1%}',
      },
    ];
  });
  return {
    data,
    layout: {
      grid: { rows: 1, columns: 2, pattern: 'independent' },
      margin: { t: 28, r: 16 },
      legend: { orientation: 'h', x: 0, y: 1.02, xanchor: 'left', yanchor: 'bottom' },
      xaxis: { title: { text: 'trials' }, rangemode: 'tozero' },
      yaxis: { title: { text: 'loss' }, type: 'log', tickformat: '~g' },
      xaxis2: { title: { text: 'trials' }, rangemode: 'tozero' },
      yaxis2: { title: { text: 'accuracy' }, range: [0, 1.05], tickformat: '.0%' },
    },
  };
}

export function CompareRuns({ runs }: { runs: ComparedRun[] }) {
  const theme = usePlotTheme();
  const figure = useMemo(() => (runs.length === 2 ? compareFigure(runs, theme) : null), [runs, theme]);
  return (
    <PlotlyChart
      testId="compare-plot"
      label="Loss and accuracy of the two runs picked"
      figure={figure}
      empty={`Pick two runs (their Compare boxes) to see their loss and accuracy side by side${runs.length === 1 ? ': one picked' : ''}.`}
      height={260}
    />
  );
}
