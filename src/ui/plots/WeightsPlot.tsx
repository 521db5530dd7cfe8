import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';
import type { WeightMatrix } from '../../worker/protocol.ts';
import { PlotlyChart, type Figure } from './PlotlyChart.tsx';
import { usePlotTheme, type PlotTheme } from './plot-theme.ts';

export interface WeightsPlotProps {
  weights: WeightMatrix | null;
}

const RED = '#c4302b';
const BLUE = '#2b63b8';
/** Diverging: inhibitory (negative) blue, 0 white, excitatory (positive) red. */
const DIVERGING: [number, string][] = [
  [0, BLUE],
  [0.25, '#8fb4e3'],
  [0.5, '#ffffff'],
  [0.75, '#eb9a8f'],
  [1, RED],
];
/** Dale signs −1 / +1 as two flat bands. */
const EI_SCALE: [number, string][] = [
  [0, BLUE],
  [0.5, BLUE],
  [0.5, RED],
  [1, RED],
];

export function weightsFigure({ N_rec, W_rec, daleSigns }: WeightMatrix, theme: PlotTheme): Figure {
  const rows = Array.from({ length: N_rec }, (_, i) => Array.from(W_rec.subarray(i * N_rec, (i + 1) * N_rec)));
  let bound = 0;
  for (const w of W_rec) bound = Math.max(bound, Math.abs(w));
  if (bound === 0) bound = 1;
  const data: Data[] = [
    {
      type: 'heatmap',
      z: rows,
      zmin: -bound,
      zmax: bound,
      zmid: 0,
      colorscale: DIVERGING,
      colorbar: {
        thickness: 10,
        len: daleSigns ? 0.9 : 1,
        y: 0,
        yanchor: 'bottom',
        outlinewidth: 0,
        tickfont: { size: 10, color: theme.muted },
        title: { text: 'W', font: { size: 11, color: theme.muted } },
      },
      hovertemplate: 'from j=%{x} to i=%{y}<br>W = %{z:.4f}<extra></extra>',
    },
  ];
  const layout: Partial<Layout> = {
    margin: { t: 4 },
    xaxis: {
      title: { text: 'presynaptic j' },
      showgrid: false,
      zeroline: false,
      constrain: 'domain',
      ticks: 'outside',
      // A frame, so the matrix's near-zero (white) edge cells stay visible on a light card.
      showline: true,
      mirror: true,
    },
    yaxis: {
      title: { text: 'postsynaptic i' },
      autorange: 'reversed',
      scaleanchor: 'x',
      constrain: 'domain',
      constraintoward: 'top',
      showgrid: false,
      zeroline: false,
      ticks: 'outside',
      showline: true,
      mirror: true,
      domain: daleSigns ? [0, 0.9] : [0, 1],
    },
  };
  if (daleSigns) {
    // A strip above the matrix: the sign of every weight in column j is unit j's Dale sign.
    data.push({
      type: 'heatmap',
      z: [Array.from(daleSigns)],
      text: [Array.from(daleSigns, (s) => (s > 0 ? 'excitatory' : 'inhibitory'))],
      yaxis: 'y2',
      zmin: -1,
      zmax: 1,
      colorscale: EI_SCALE,
      showscale: false,
      hovertemplate: 'unit %{x}: %{text}<extra></extra>',
    });
    layout.yaxis2 = {
      domain: [0.93, 1],
      anchor: 'x',
      tickvals: [0],
      ticktext: ['E/I'],
      showgrid: false,
      zeroline: false,
      fixedrange: true,
    };
  }
  return { data, layout };
}

/** The effective recurrent weights W_rec (Fig. 4): red excitatory, blue inhibitory, row 0 on top. */
export function WeightsPlot({ weights }: WeightsPlotProps) {
  const theme = usePlotTheme();
  const figure = useMemo(
    () => (weights && weights.N_rec > 0 ? weightsFigure(weights, theme) : null),
    [weights, theme],
  );
  return (
    <PlotlyChart
      testId="weights-plot"
      label="Recurrent weight matrix"
      figure={figure}
      empty="Appears after the first test batch."
      height={380}
    />
  );
}
