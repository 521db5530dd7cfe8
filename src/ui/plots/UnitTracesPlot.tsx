import { useMemo } from 'react';
import type { Annotation, Data, Layout, XAxisName, YAxisName } from 'plotly.js-dist-min';
import type { UnitTraces } from '../../worker/protocol.ts';
import { PlotlyChart, type Figure } from './PlotlyChart.tsx';
import { seriesColor, usePlotTheme, type PlotTheme } from './plot-theme.ts';
import { column, timeAxisMs } from './series.ts';

export interface UnitTracesPlotProps {
  traces: UnitTraces | null;
}

const MAX_UNITS = 8;
const COLUMNS = 4;

/** Axis id suffix of subplot k (0-based): '', '2', '3', … */
const axisSuffix = (k: number) => (k === 0 ? '' : String(k + 1));

function unitTracesFigure(unitTraces: UnitTraces, theme: PlotTheme): Figure {
  const { dt, N_steps, conditions, units, traces } = unitTraces;
  const shown = Math.min(units.length, MAX_UNITS);
  const columns = Math.min(shown, COLUMNS);
  const rows = Math.ceil(shown / columns);
  const time = timeAxisMs(N_steps, dt);
  const data: Data[] = [];
  const annotations: Partial<Annotation>[] = [];
  const layout: Partial<Layout> = {
    grid: { rows, columns, pattern: 'independent', xgap: 0.12, ygap: 0.3 },
    margin: { t: 30 },
    hovermode: 'closest',
    legend: { orientation: 'h', x: 0, y: 1.04, xanchor: 'left', yanchor: 'bottom' },
  };
  for (let k = 0; k < shown; k++) {
    const suffix = axisSuffix(k);
    const bottomRow = k + columns >= shown;
    layout[`xaxis${suffix}` as 'xaxis'] = {
      matches: k === 0 ? undefined : 'x',
      showticklabels: bottomRow,
      nticks: 3,
      tickangle: 0,
      title: { text: bottomRow && k % columns === 0 ? 'time (ms)' : '' },
    };
    layout[`yaxis${suffix}` as 'yaxis'] = {
      title: { text: k % columns === 0 ? 'activity' : '' },
      nticks: 3,
    };
    annotations.push({
      xref: `x${suffix} domain` as XAxisName,
      yref: `y${suffix} domain` as YAxisName,
      x: 0,
      y: 1,
      xanchor: 'left',
      yanchor: 'bottom',
      showarrow: false,
      text: `unit ${units[k]}`,
      font: { size: 11, color: theme.text },
    });
    conditions.forEach((condition, c) => {
      data.push({
        type: 'scatter',
        mode: 'lines',
        name: condition,
        legendgroup: condition,
        showlegend: k === 0,
        x: time,
        y: column(traces, N_steps, units.length, k, c * N_steps * units.length),
        xaxis: `x${suffix}`,
        yaxis: `y${suffix}`,
        line: { color: seriesColor(theme, c, conditions.length), width: 1.5 },
        hovertemplate: `${condition}<br>unit ${units[k]}, %{x} ms: %{y:.3f}<extra></extra>`,
      });
    });
  }
  layout.annotations = annotations;
  return { data, layout };
}

/** Mean activity of up to 8 units per condition over correct trials (Fig. 2C), one small plot per unit. */
export function UnitTracesPlot({ traces }: UnitTracesPlotProps) {
  const theme = usePlotTheme();
  const figure = useMemo(
    () => (traces && traces.units.length > 0 ? unitTracesFigure(traces, theme) : null),
    [traces, theme],
  );
  const rows = traces && traces.units.length <= COLUMNS ? 1 : 2;
  return (
    <PlotlyChart
      testId="unit-traces-plot"
      label="Mean activity of recurrent units per condition"
      figure={figure}
      empty="Appears after the first test batch."
      height={rows === 2 ? 380 : 230}
    />
  );
}
