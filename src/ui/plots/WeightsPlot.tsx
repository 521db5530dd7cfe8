/**
 * The recurrent weight matrix after training, its change since the run began, and the spec's masks over it, so a
 * person sees that forbidden entries are exactly 0 and fixed entries did not move.
 */
import { useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';
import type { WeightBaseline, WeightMatrix } from '../../worker/protocol.ts';
import { useAppStore } from '../store.ts';
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

/**
 * The weights plot's views: the trained effective W_rec, its change W − W₀ since the run began (on the same
 * effective basis, so a forbidden entry changes by exactly 0 and so does a fixed one), and the trained W_rec with the
 * masks of the spec the run trained with drawn over it.
 */
export type WeightsView = 'trained' | 'change' | 'masks';

export const WEIGHTS_VIEWS: readonly { value: WeightsView; label: string }[] = [
  { value: 'trained', label: 'Trained W' },
  { value: 'change', label: 'Change W − W₀' },
  { value: 'masks', label: 'Masks' },
];

/** Row-major [N, N] values as Plotly's rows (row i is postsynaptic unit i). */
function rowsOf(values: ArrayLike<number>, N: number): number[][] {
  return Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => values[i * N + j]));
}

/** Each cell's hover line: "W[i][j] = …, W₀ = … (ΔW = …), forbidden / fixed". */
function cellTexts(W: Float32Array, N: number, baseline: WeightBaseline | null): string[][] {
  return Array.from({ length: N }, (_, i) =>
    Array.from({ length: N }, (_, j) => {
      const k = i * N + j;
      const parts = [`W[${i}][${j}] = ${W[k].toFixed(4)}`];
      if (baseline) {
        parts.push(`W₀ = ${baseline.W_rec0[k].toFixed(4)} (ΔW = ${(W[k] - baseline.W_rec0[k]).toFixed(4)})`);
        if (baseline.recConnectivity[k] === 0) parts.push('forbidden');
        if (baseline.fixed?.[k] === 1) parts.push('fixed');
      }
      return parts.join(', ');
    }),
  );
}

/** The cells (x = presynaptic j, y = postsynaptic i) where `mask` equals `value`. */
function cellsWhere(mask: Float32Array, N: number, value: number): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let k = 0; k < mask.length; k++) {
    if (mask[k] !== value) continue;
    x.push(k % N);
    y.push(Math.floor(k / N));
  }
  return { x, y };
}

/** Markers over the masked cells: a cross on each forbidden entry, a square around each fixed one. */
function maskTraces(baseline: WeightBaseline, theme: PlotTheme): Data[] {
  const N = baseline.N_rec;
  const size = Math.max(4, Math.min(16, Math.round(240 / N)));
  const traces: Data[] = [
    {
      type: 'scatter',
      mode: 'markers',
      name: 'forbidden (rec_connectivity 0)',
      ...cellsWhere(baseline.recConnectivity, N, 0),
      marker: { symbol: 'x-thin', size, line: { width: 1.5, color: theme.muted } },
      hoverinfo: 'skip',
    },
  ];
  if (baseline.fixed) {
    traces.push({
      type: 'scatter',
      mode: 'markers',
      name: 'fixed (fixed_weights.W_rec 1)',
      ...cellsWhere(baseline.fixed, N, 1),
      marker: { symbol: 'square-open', size, line: { width: 1.5 }, color: theme.text },
      hoverinfo: 'skip',
    });
  }
  return traces;
}

/**
 * The figure of `view`: without a baseline of the same size (none sent yet, or another run's), the trained W.
 * The change is computed from the float32 values as sent: z[i][j] = W[i][j] − W₀[i][j].
 */
export function weightsFigure(weights: WeightMatrix, theme: PlotTheme, view: WeightsView = 'trained', baseline: WeightBaseline | null = null): Figure {
  const { N_rec, W_rec, daleSigns } = weights;
  const base = baseline && baseline.N_rec === N_rec ? baseline : null;
  const shown: WeightsView = base ? view : 'trained';
  const values = shown === 'change' && base ? Float64Array.from(W_rec, (w, k) => w - base.W_rec0[k]) : W_rec;
  let bound = 0;
  for (const w of values) bound = Math.max(bound, Math.abs(w));
  if (bound === 0) bound = 1;
  const data: Data[] = [
    {
      type: 'heatmap',
      z: rowsOf(values, N_rec),
      text: cellTexts(W_rec, N_rec, base) as unknown as string[],
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
        title: { text: shown === 'change' ? 'ΔW' : 'W', font: { size: 11, color: theme.muted } },
      },
      hovertemplate: 'from j=%{x} to i=%{y}<br>%{text}<extra></extra>',
    },
  ];
  if (shown === 'masks' && base) data.push(...maskTraces(base, theme));
  const layout: Partial<Layout> = {
    margin: { t: shown === 'masks' ? 28 : 4 },
    showlegend: shown === 'masks',
    legend: { orientation: 'h', x: 0, y: 1, yanchor: 'bottom', font: { size: 10, color: theme.muted } },
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

/**
 * The effective recurrent weights W_rec (Fig. 4): red excitatory, blue inhibitory, row 0 on top; after the run's
 * baseline arrived, a switch to their change since the start and to the masks over them.
 */
export function WeightsPlot({ weights }: WeightsPlotProps) {
  const theme = usePlotTheme();
  const baseline = useAppStore((s) => s.weightBaseline);
  const [view, setView] = useState<WeightsView>('trained');
  const comparable = weights !== null && baseline !== null && baseline.N_rec === weights.N_rec;
  const shown = comparable ? view : 'trained';
  const figure = useMemo(
    () => (weights && weights.N_rec > 0 ? weightsFigure(weights, theme, shown, baseline) : null),
    [weights, theme, shown, baseline],
  );
  const select = (
    <label style={{ fontSize: '0.78rem' }} title={comparable ? undefined : 'The change and the masks appear with the first test batch of a run'}>
      View{' '}
      <select data-testid="weights-view" value={shown} disabled={!comparable} onChange={(e) => setView(e.target.value as WeightsView)}>
        {WEIGHTS_VIEWS.map(({ value, label }) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <PlotlyChart
      testId="weights-plot"
      label={shown === 'change' ? 'Change of the recurrent weights since the start' : 'Recurrent weight matrix'}
      figure={figure}
      empty="Appears after the first test batch."
      height={380}
      actions={select}
    />
  );
}
