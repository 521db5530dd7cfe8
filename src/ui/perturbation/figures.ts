/**
 * The perturbation lab's plots as Plotly figures: the psychometric curve (or accuracy per condition, or behaviour
 * per trial) before and after the perturbation in one plot, two traces with a legend; and an example trial's
 * outputs before (solid) and after (dashed) over its target, the perturbation's window shaded.
 */
import type { Data, Shape } from 'plotly.js-dist-min';
import type { Psychometric } from '../../core/analysis/psychometric.ts';
import type { ExampleTrial } from '../../core/analysis/test-summary.ts';
import type { Figure } from '../plots/PlotlyChart.tsx';
import { type PlotTheme, seriesColor } from '../plots/plot-theme.ts';
import { column, timeAxisMs } from '../plots/series.ts';

export const SIDES = ['before', 'after'] as const;
export type Side = (typeof SIDES)[number];

const sideColor = (theme: PlotTheme, side: Side) => (side === 'before' ? theme.accent : theme.palette[1]);
const legend = { orientation: 'h' as const, x: 0, y: 1.02, xanchor: 'left' as const, yanchor: 'bottom' as const };

/** 100 / (1 + exp(−(x − bias)·slope)) on a grid over [lo, hi]. */
function logistic(fit: { bias: number; slope: number }, lo: number, hi: number) {
  const x = Array.from({ length: 200 }, (_, i) => lo + ((hi - lo) * i) / 199);
  return { x, y: x.map((v) => 100 / (1 + Math.exp(-(v - fit.bias) * fit.slope))) };
}

function evidenceTraces(p: Extract<Psychometric, { kind: 'evidence' }>, side: Side, theme: PlotTheme, range: [number, number]): Data[] {
  const color = sideColor(theme, side);
  const traces: Data[] = [
    {
      type: 'scatter',
      mode: 'markers',
      name: `${side}${p.fit ? '' : ' (no logistic fit: one choice throughout)'}`,
      legendgroup: side,
      x: p.x,
      y: p.pChoice1.map((v) => v * 100),
      customdata: p.trials,
      marker: { color, size: 8, symbol: side === 'before' ? 'circle' : 'diamond' },
      hovertemplate: `${side}: ${p.axis} %{x}<br>%{y:.1f}% choice 1<br>%{customdata} trials<extra></extra>`,
    },
  ];
  if (p.fit) {
    const curve = logistic(p.fit, ...range);
    traces.push({ type: 'scatter', mode: 'lines', name: `${side}: logistic fit`, legendgroup: side, showlegend: false, x: curve.x, y: curve.y, line: { color, width: 2, dash: side === 'after' ? 'dash' : undefined }, hoverinfo: 'skip' });
  }
  return traces;
}

/** Before and after in one plot; null when the two are of different kinds or empty. */
export function comparisonPsychometricFigure(before: Psychometric, after: Psychometric, theme: PlotTheme): Figure | null {
  if (before.kind === 'evidence' && after.kind === 'evidence') {
    if (before.x.length === 0) return null;
    const lo = Math.min(...before.x, ...after.x);
    const hi = Math.max(...before.x, ...after.x);
    const pad = (hi - lo || 1) * 0.04;
    const range: [number, number] = [lo - pad, hi + pad];
    return {
      data: [...evidenceTraces(before, 'before', theme, range), ...evidenceTraces(after, 'after', theme, range)],
      layout: { margin: { t: 28 }, showlegend: true, legend, xaxis: { title: { text: before.axis }, range }, yaxis: { title: { text: '% choice 1' }, range: [-4, 104], tickvals: [0, 25, 50, 75, 100], zeroline: false } },
    };
  }
  if (before.kind === 'conditions' && after.kind === 'conditions') {
    const bars = (p: typeof before, side: Side): Data => ({ type: 'bar', name: side, x: p.labels, y: p.accuracy, marker: { color: sideColor(theme, side) }, hovertemplate: `${side}: %{x}<br>%{y:.1%} correct<extra></extra>` });
    return { data: [bars(before, 'before'), bars(after, 'after')], layout: { barmode: 'group', showlegend: true, legend, margin: { t: 28 }, xaxis: { type: 'category', title: { text: 'condition' } }, yaxis: { title: { text: 'accuracy' }, range: [0, 1], tickformat: '.0%' } } };
  }
  if (before.kind === 'measure' && after.kind === 'measure') {
    const points = (p: typeof before, side: Side): Data => ({ type: 'scatter', mode: 'markers', name: p.missing > 0 ? `${side} (${p.missing} trials without a point)` : side, x: p.x, y: p.y, text: p.labels, marker: { color: sideColor(theme, side), size: 6, opacity: 0.7 }, hovertemplate: `${side}: %{text}<br>${p.axes[0]} %{x:.4g}<br>${p.axes[1]} %{y:.4g}<extra></extra>` });
    return { data: [points(before, 'before'), points(after, 'after')], layout: { showlegend: true, legend, margin: { t: 28 }, xaxis: { title: { text: before.axes[0] } }, yaxis: { title: { text: before.axes[1] } } } };
  }
  return null;
}

/** One trial's target (dotted) and outputs before (solid) and after (dashed), the window [startMs, endMs) shaded. */
export function exampleComparisonFigure(before: ExampleTrial, after: ExampleTrial, window: { startMs: number; endMs: number }, theme: PlotTheme): Figure {
  const { dt, N_steps, N_out } = before;
  const time = timeAxisMs(N_steps, dt);
  const trace = (values: Float32Array, c: number, name: string, dash?: 'dash' | 'dot'): Data => ({
    type: 'scatter',
    mode: 'lines',
    name: `${name} z${c + 1}`,
    legendgroup: `z${c + 1}`,
    x: time,
    y: column(values, N_steps, N_out, c),
    line: { color: seriesColor(theme, c, N_out), width: dash === 'dot' ? 1 : 1.8, dash },
  });
  const data = Array.from({ length: N_out }, (_, c) => [trace(before.y, c, 'target', 'dot'), trace(before.output, c, 'before'), trace(after.output, c, 'after', 'dash')]).flat();
  const shapes: Partial<Shape>[] =
    window.endMs > window.startMs
      ? [{ type: 'rect', xref: 'x', yref: 'paper', x0: window.startMs, x1: Math.min(window.endMs, (N_steps - 1) * dt), y0: 0, y1: 1, layer: 'below', fillcolor: theme.maskShade, line: { width: 0 } }]
      : [];
  return {
    data,
    layout: {
      title: { text: before.label, x: 0, xref: 'paper', xanchor: 'left', font: { size: 13, color: theme.text } },
      margin: { t: 34 },
      hovermode: 'x',
      legend: { x: 1.01, xanchor: 'left', y: 1, yanchor: 'top' },
      xaxis: { title: { text: 'time (ms)' }, range: [0, (N_steps - 1) * dt] },
      yaxis: { title: { text: 'outputs' } },
      shapes,
    },
  };
}
