import { useMemo } from 'react';
import type { Data, Shape } from 'plotly.js-dist-min';
import type { ExampleTrial } from '../../worker/protocol.ts';
import { PlotlyChart, type Figure } from './PlotlyChart.tsx';
import { seriesColor, usePlotTheme, type PlotTheme } from './plot-theme.ts';
import { column, timeAxisMs } from './series.ts';

export interface TrialPlotProps {
  example: ExampleTrial | null;
}

/** Maximal runs of steps [start, end) where the mask is 0 on every output channel. */
function maskedOffRuns({ mask, N_steps, N_out }: ExampleTrial): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let t = 0; t <= N_steps; t++) {
    let off = t < N_steps;
    for (let c = 0; off && c < N_out; c++) off = mask[t * N_out + c] === 0;
    if (off && start < 0) start = t;
    if (!off && start >= 0) {
      runs.push([start, t]);
      start = -1;
    }
  }
  return runs;
}

function trialFigure(example: ExampleTrial, theme: PlotTheme): Figure {
  const { dt, N_steps, N_in, N_out } = example;
  const time = timeAxisMs(N_steps, dt);
  const line = (color: string, dash?: 'dash') => ({ color, width: 1.6, dash });
  const inputs: Data[] = Array.from({ length: N_in }, (_, c) => ({
    type: 'scatter',
    mode: 'lines',
    name: `input u${c + 1}`,
    legendgroup: 'inputs',
    x: time,
    y: column(example.x, N_steps, N_in, c),
    yaxis: 'y',
    line: line(seriesColor(theme, c, N_in)),
  }));
  const outputTrace = (c: number, kind: 'target' | 'output', values: Float32Array): Data => ({
    type: 'scatter',
    mode: 'lines',
    name: `${kind} z${c + 1}`,
    legendgroup: `z${c + 1}`,
    x: time,
    y: column(values, N_steps, N_out, c),
    yaxis: 'y2',
    line: line(seriesColor(theme, c, N_out), kind === 'target' ? 'dash' : undefined),
  });
  const outputs = Array.from({ length: N_out }, (_, c) => [
    outputTrace(c, 'target', example.y),
    outputTrace(c, 'output', example.output),
  ]).flat();
  // Grey bands where the loss ignores the output, up to the next counted step (or the trial's last step).
  const shapes: Partial<Shape>[] = maskedOffRuns(example).map(([start, end]) => ({
    type: 'rect',
    xref: 'x',
    yref: 'y2 domain',
    x0: start * dt,
    x1: Math.min(end, N_steps - 1) * dt,
    y0: 0,
    y1: 1,
    layer: 'below',
    fillcolor: theme.maskShade,
    line: { width: 0 },
  }));
  return {
    data: [...inputs, ...outputs],
    layout: {
      title: { text: example.label, x: 0, xref: 'paper', xanchor: 'left', font: { size: 13, color: theme.text } },
      margin: { t: 34 },
      hovermode: 'x',
      legend: { x: 1.01, xanchor: 'left', y: 1, yanchor: 'top', tracegroupgap: 6 },
      xaxis: { anchor: 'y2', title: { text: 'time (ms)' }, range: [0, (N_steps - 1) * dt] },
      yaxis: { domain: [0.58, 1], title: { text: 'inputs' } },
      yaxis2: { domain: [0, 0.5], title: { text: 'outputs' } },
      shapes,
    },
  };
}

/** One trial of the test batch (Fig. 2A): inputs above; targets (dashed) and outputs (solid) below. */
export function TrialPlot({ example }: TrialPlotProps) {
  const theme = usePlotTheme();
  const figure = useMemo(() => example && trialFigure(example, theme), [example, theme]);
  return (
    <PlotlyChart
      testId="trial-plot"
      label={example ? `Example trial: ${example.label}` : 'Example trial'}
      figure={figure}
      empty="Appears after the first test batch."
      height={340}
    />
  );
}
