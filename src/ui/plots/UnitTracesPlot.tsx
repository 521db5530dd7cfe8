import { useMemo } from 'react';
import type { Data } from 'plotly.js-dist-min';
import type { UnitTraces } from '../../worker/protocol.ts';
import { PlotlyChart, type Figure } from './PlotlyChart.tsx';
import { seriesColor, usePlotTheme, type PlotTheme } from './plot-theme.ts';
import { column, timeAxisMs } from './series.ts';

export interface UnitTracesPlotProps {
  traces: UnitTraces | null;
}

const MAX_UNITS = 8;
const COLUMNS = 4;

/** One unit's mean activity per condition. Each unit is its own small chart, so each redraw stays short. */
function unitFigure(unitTraces: UnitTraces, k: number, theme: PlotTheme, showTimeAxis: boolean): Figure {
  const { dt, N_steps, conditions, units, traces } = unitTraces;
  const time = timeAxisMs(N_steps, dt);
  const data: Data[] = conditions.map((condition, c) => ({
    type: 'scatter',
    mode: 'lines',
    name: condition,
    x: time,
    y: column(traces, N_steps, units.length, k, c * N_steps * units.length),
    line: { color: seriesColor(theme, c, conditions.length), width: 1.5 },
    hovertemplate: `${condition}<br>unit ${units[k]}, %{x} ms: %{y:.3f}<extra></extra>`,
  }));
  return {
    data,
    layout: {
      showlegend: false,
      margin: { t: 20, b: showTimeAxis ? 38 : 8, l: 34, r: 6 },
      xaxis: { nticks: 3, showticklabels: showTimeAxis, title: { text: showTimeAxis ? 'time (ms)' : '' } },
      yaxis: { nticks: 3 },
      annotations: [
        {
          xref: 'paper',
          yref: 'paper',
          x: 0,
          y: 1,
          xanchor: 'left',
          yanchor: 'bottom',
          showarrow: false,
          text: `unit ${units[k]}`,
          font: { size: 11, color: theme.text },
        },
      ],
    },
  };
}

/** Mean activity of up to 8 units per condition over correct trials (Fig. 2C), one small plot per unit. */
export function UnitTracesPlot({ traces }: UnitTracesPlotProps) {
  const theme = usePlotTheme();
  const figures = useMemo(() => {
    if (!traces || traces.units.length === 0) return null;
    const shown = Math.min(traces.units.length, MAX_UNITS);
    return Array.from({ length: shown }, (_, k) => unitFigure(traces, k, theme, k + COLUMNS >= shown));
  }, [traces, theme]);

  if (!traces || !figures) {
    return (
      <PlotlyChart
        testId="unit-traces-plot"
        label="Mean activity of recurrent units per condition"
        figure={null}
        empty="Appears after the first test batch."
        height={230}
      />
    );
  }
  return (
    <div className="unit-traces" data-testid="unit-traces-plot" aria-label="Mean activity of recurrent units per condition">
      <ul className="unit-legend" aria-label="Conditions">
        {traces.conditions.map((condition, c) => (
          <li key={condition}>
            <span className="swatch" style={{ background: seriesColor(theme, c, traces.conditions.length) }} />
            {condition}
          </li>
        ))}
      </ul>
      <div className="unit-grid">
        {figures.map((figure, k) => (
          <PlotlyChart key={k} testId={`unit-trace-${k}`} label={`unit ${traces.units[k]}`} figure={figure} empty="" height={150} />
        ))}
      </div>
    </div>
  );
}
