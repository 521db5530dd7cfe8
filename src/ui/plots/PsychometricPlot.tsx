import { useMemo } from 'react';
import type { Data } from 'plotly.js-dist-min';
import type { Psychometric } from '../../worker/protocol.ts';
import { PlotlyChart, type Figure } from './PlotlyChart.tsx';
import { usePlotTheme, type PlotTheme } from './plot-theme.ts';

export interface PsychometricPlotProps {
  psychometric: Psychometric | null;
}

const FIT_POINTS = 200;

/** Percent choice 1 of the fitted logistic, 100 / (1 + exp(−(x − bias)·slope)), on a dense grid over [lo, hi]. */
function logisticCurve(fit: { bias: number; slope: number }, lo: number, hi: number) {
  const x = Float64Array.from({ length: FIT_POINTS }, (_, i) => lo + ((hi - lo) * i) / (FIT_POINTS - 1));
  const y = x.map((v) => 100 / (1 + Math.exp(-(v - fit.bias) * fit.slope)));
  return { x, y };
}

function formatFit(value: number): string {
  return String(Number(value.toPrecision(3)));
}

function evidenceFigure(p: Extract<Psychometric, { kind: 'evidence' }>, theme: PlotTheme): Figure {
  const lo = Math.min(...p.x);
  const hi = Math.max(...p.x);
  const pad = (hi - lo || 1) * 0.04;
  const data: Data[] = [];
  if (p.fit) {
    const curve = logisticCurve(p.fit, lo - pad, hi + pad);
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `logistic fit (bias ${formatFit(p.fit.bias)}, slope ${formatFit(p.fit.slope)})`,
      x: curve.x,
      y: curve.y,
      line: { color: theme.accent, width: 2 },
      hoverinfo: 'skip',
    });
  }
  data.push({
    type: 'scatter',
    mode: 'markers',
    name: 'network',
    x: p.x,
    y: p.pChoice1.map((v) => v * 100),
    customdata: p.trials,
    marker: { color: theme.target, size: 8, line: { color: theme.surface, width: 1.5 } },
    hovertemplate: `${p.axis} %{x}<br>%{y:.1f}% choice 1<br>%{customdata} trials<extra></extra>`,
  });
  return {
    data,
    layout: {
      margin: { t: 28 },
      showlegend: true,
      legend: { orientation: 'h', x: 0, y: 1.02, xanchor: 'left', yanchor: 'bottom' },
      xaxis: { title: { text: p.axis }, range: [lo - pad, hi + pad] },
      yaxis: { title: { text: '% choice 1' }, range: [-4, 104], tickvals: [0, 25, 50, 75, 100], zeroline: false },
    },
  };
}

function conditionsFigure(p: Extract<Psychometric, { kind: 'conditions' }>, theme: PlotTheme): Figure {
  return {
    data: [
      {
        type: 'bar',
        name: 'accuracy',
        x: p.labels,
        y: p.accuracy,
        customdata: p.trials,
        marker: { color: theme.accent },
        hovertemplate: '%{x}<br>%{y:.1%} correct<br>%{customdata} trials<extra></extra>',
      },
    ],
    layout: {
      bargap: 0.35,
      xaxis: { type: 'category', title: { text: 'condition' } },
      yaxis: { title: { text: 'accuracy' }, range: [0, 1], tickformat: '.0%' },
    },
  };
}

/** One point per trial (e.g. produced against target interval), coloured by condition, with the identity line. */
function measureFigure(p: Extract<Psychometric, { kind: 'measure' }>, theme: PlotTheme): Figure {
  const all = [...p.x, ...p.y];
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  return {
    data: [
      {
        type: 'scatter',
        mode: 'lines',
        name: 'y = x',
        x: [lo, hi],
        y: [lo, hi],
        line: { color: theme.muted, dash: 'dot', width: 1 },
        hoverinfo: 'skip',
      },
      {
        type: 'scatter',
        mode: 'markers',
        name: p.missing > 0 ? `trials (${p.missing} without a point)` : 'trials',
        x: p.x,
        y: p.y,
        text: p.labels,
        marker: { color: theme.accent, size: 7, opacity: 0.7 },
        hovertemplate: `%{text}<br>${p.axes[0]} %{x:.4g}<br>${p.axes[1]} %{y:.4g}<extra></extra>`,
      },
    ],
    layout: {
      margin: { t: 28 },
      showlegend: true,
      legend: { orientation: 'h', x: 0, y: 1.02, xanchor: 'left', yanchor: 'bottom' },
      xaxis: { title: { text: p.axes[0] } },
      yaxis: { title: { text: p.axes[1] } },
    },
  };
}

const LABELS: Record<Psychometric['kind'], string> = {
  evidence: 'Psychometric function',
  measure: 'Behaviour per trial',
  conditions: 'Accuracy per condition',
};

/** Percent choice 1 against the evidence with its logistic fit (Fig. 2B), a behaviour per trial, or accuracy per condition. */
export function PsychometricPlot({ psychometric }: PsychometricPlotProps) {
  const theme = usePlotTheme();
  const figure = useMemo(() => {
    if (!psychometric) return null;
    switch (psychometric.kind) {
      case 'evidence':
        return psychometric.trials.length === 0 ? null : evidenceFigure(psychometric, theme);
      case 'measure':
        return psychometric.x.length === 0 ? null : measureFigure(psychometric, theme);
      case 'conditions':
        return psychometric.trials.length === 0 ? null : conditionsFigure(psychometric, theme);
    }
  }, [psychometric, theme]);
  return (
    <PlotlyChart
      testId="psychometric-plot"
      label={LABELS[psychometric?.kind ?? 'evidence']}
      figure={figure}
      empty="Appears after the first test batch."
      height={280}
    />
  );
}
