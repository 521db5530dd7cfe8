/**
 * Loss (log scale) and accuracy against trials trained (PsychRNN Fig. 1), with a dashed line where the curriculum
 * moved to a new stage, labelled with the stage's name.
 */
import { useMemo } from 'react';
import type { Annotation, Shape } from 'plotly.js-dist-min';
import { PlotlyChart, type Figure } from './PlotlyChart.tsx';
import { usePlotTheme, withAlpha, type PlotTheme } from './plot-theme.ts';

export interface LossPlotProps {
  /** trials trained at each recorded point */
  trials: number[];
  loss: number[];
  /** fraction correct, 0..1 */
  accuracy: number[];
  /** trials at which the curriculum advanced to `stage` (0-based) */
  stageChanges: { trials: number; stage: number }[];
  /** the name of each stage ("Stage 2 · coherence 0.5"), by 0-based stage; a stage without one reads "stage k" */
  stageNames?: readonly string[];
}

export function lossFigure(
  { trials, loss, accuracy, stageChanges, stageNames = [] }: LossPlotProps,
  theme: PlotTheme,
): Figure {
  const shapes: Partial<Shape>[] = stageChanges.map((change) => ({
    type: 'line',
    xref: 'x',
    yref: 'paper',
    x0: change.trials,
    x1: change.trials,
    y0: 0,
    y1: 1,
    layer: 'below',
    line: { color: theme.muted, width: 1, dash: 'dash' },
  }));
  const annotations: Partial<Annotation>[] = stageChanges.map((change) => ({
    xref: 'x',
    yref: 'paper',
    x: change.trials,
    y: 1,
    xanchor: 'left',
    yanchor: 'top',
    xshift: 3,
    showarrow: false,
    text: stageNames[change.stage] ?? `stage ${change.stage + 1}`,
    font: { size: 10, color: theme.muted },
    bgcolor: withAlpha(theme.surface, 0.85),
  }));
  return {
    data: [
      {
        type: 'scatter',
        mode: 'lines',
        name: 'loss',
        x: trials,
        y: loss,
        line: { color: theme.accent, width: 1.8 },
        hovertemplate: '%{y:.4g}',
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: 'accuracy',
        x: trials,
        y: accuracy,
        yaxis: 'y2',
        line: { color: theme.target, width: 1.8 },
        hovertemplate: '%{y:.1%}',
      },
    ],
    layout: {
      // The arrays may grow in place: a new length tells Plotly.react to re-read them.
      datarevision: trials.length,
      hovermode: 'x unified',
      margin: { t: 28, r: 44 },
      legend: { orientation: 'h', x: 0, y: 1.02, xanchor: 'left', yanchor: 'bottom' },
      xaxis: { title: { text: 'trials' }, rangemode: 'tozero' },
      // A tick format labels every log tick in full (0.05, 0.1, 0.2) instead of bare small digits.
      yaxis: { title: { text: 'loss' }, type: 'log', tickformat: '~g' },
      yaxis2: {
        title: { text: 'accuracy' },
        overlaying: 'y',
        side: 'right',
        range: [0, 1.02],
        tickmode: 'array',
        tickvals: [0, 0.25, 0.5, 0.75, 1],
        showgrid: false,
        zeroline: false,
      },
      shapes,
      annotations,
    },
  };
}

/** Loss (log scale) and accuracy against trials trained, with the curriculum's stage changes (Fig. 1). */
export function LossPlot(props: LossPlotProps) {
  const { trials, loss, accuracy, stageChanges, stageNames } = props;
  const theme = usePlotTheme();
  const length = trials.length;
  const figure = useMemo(
    () => (length > 0 ? lossFigure({ trials, loss, accuracy, stageChanges, stageNames }, theme) : null),
    [trials, loss, accuracy, stageChanges, stageNames, length, theme],
  );
  return (
    <PlotlyChart
      testId="loss-plot"
      label="Loss and accuracy against trials trained"
      figure={figure}
      empty="Appears once training starts."
      height={260}
    />
  );
}
