import { useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { Config, Data, Layout, LayoutAxis } from 'plotly.js-dist-min';
import { useErrorBoundary } from 'react-error-boundary';
import { cancelDraw, scheduleDraw } from './draw-queue.ts';
import { loadPlotly, loadedPlotly, type PlotlyLike } from './plotly-loader.ts';
import { usePlotTheme, withAlpha, type PlotTheme } from './plot-theme.ts';
import './plots.css';

export interface Figure {
  data: Data[];
  layout: Partial<Layout>;
}

interface PlotlyChartProps {
  /** `data-testid` of the container, present in every state */
  testId: string;
  /** accessible name of the chart */
  label: string;
  /** null: the empty state, showing `empty` */
  figure: Figure | null;
  /** a short sentence for the empty state, e.g. "Appears after the first test batch." */
  empty: string;
  /** height of the plot area in px */
  height: number;
  /** controls shown above the plot, right-aligned */
  actions?: ReactNode;
}

/** Axis defaults, applied to every x and y axis through the layout template. */
function axisStyle(theme: PlotTheme): Partial<LayoutAxis> {
  return {
    color: theme.muted,
    gridcolor: withAlpha(theme.border, theme.dark ? 0.9 : 1),
    linecolor: theme.border,
    zerolinecolor: withAlpha(theme.muted, 0.35),
    tickcolor: theme.border,
    ticklen: 4,
    // fixed margins (below) instead of automargin: its extra layout passes made each redraw ~30 % slower
    automargin: false,
    title: { font: { size: 11, color: theme.muted }, standoff: 6 },
  };
}

function sceneAxisStyle(theme: PlotTheme) {
  return {
    color: theme.muted,
    gridcolor: theme.border,
    zerolinecolor: withAlpha(theme.muted, 0.35),
    showbackground: false,
    title: { font: { size: 11, color: theme.muted } },
  };
}

/** The figure's layout over the app's look: transparent, the app's font and colours, compact margins. */
export function themedLayout(layout: Partial<Layout>, theme: PlotTheme): Partial<Layout> {
  const axis = axisStyle(theme);
  const sceneAxis = sceneAxisStyle(theme);
  return {
    autosize: true,
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    colorway: [...theme.palette],
    hovermode: 'closest',
    uirevision: 'keep',
    template: {
      layout: {
        xaxis: axis,
        yaxis: axis,
        scene: { xaxis: sceneAxis, yaxis: sceneAxis, zaxis: sceneAxis },
      },
    },
    ...layout,
    font: { family: theme.font, size: 12, color: theme.text, ...layout.font },
    margin: { t: 10, r: 12, b: 42, l: 54, pad: 0, ...layout.margin },
    hoverlabel: {
      bgcolor: theme.surface,
      bordercolor: theme.border,
      font: { family: theme.font, size: 12, color: theme.text },
      ...layout.hoverlabel,
    },
    legend: { bgcolor: 'rgba(0,0,0,0)', font: { size: 11, color: theme.muted }, ...layout.legend },
    modebar: { bgcolor: 'rgba(0,0,0,0)', color: theme.muted, activecolor: theme.accent, ...layout.modebar },
  };
}

export function plotConfig(filename: string): Partial<Config> {
  return {
    displaylogo: false,
    modeBarButtons: [['toImage']],
    toImageButtonOptions: { format: 'png', filename, scale: 2 },
    responsive: false,
  };
}

/**
 * Draws `figure` with Plotly once it has loaded, redraws incrementally with `Plotly.react` when the figure
 * changes, follows the container's size and purges the plot on unmount. A failed load or drawing goes to the
 * nearest error boundary (its Retry loads and draws again).
 */
function usePlotly(canvas: RefObject<HTMLDivElement | null>, figure: Figure | null, testId: string) {
  const theme = usePlotTheme();
  const { showBoundary } = useErrorBoundary();
  const [plotly, setPlotly] = useState<PlotlyLike | null>(loadedPlotly);
  const drawn = useRef(false);
  const wanted = figure !== null;

  useEffect(() => {
    if (plotly || !wanted) return;
    let live = true;
    loadPlotly().then(
      (module) => live && setPlotly(() => module),
      (error: Error) => live && showBoundary(new Error(`the plotting library could not be loaded (${error.message})`)),
    );
    return () => {
      live = false;
    };
  }, [plotly, wanted, showBoundary]);

  const layout = useMemo(() => figure && themedLayout(figure.layout, theme), [figure, theme]);
  const config = useMemo(() => plotConfig(testId), [testId]);

  useEffect(() => {
    const element = canvas.current;
    if (!plotly || !element) return;
    if (!figure || !layout) {
      cancelDraw(element);
      if (drawn.current) plotly.purge(element);
      drawn.current = false;
      return;
    }
    drawn.current = true;
    scheduleDraw(element, async () => {
      try {
        await plotly.react(element, figure.data, layout, config);
      } catch (error) {
        showBoundary(error);
      }
    });
  }, [plotly, canvas, figure, layout, config, showBoundary]);

  useEffect(() => {
    const element = canvas.current;
    if (!plotly || !element) return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (!drawn.current || element.clientWidth === 0) return;
        // Plots.resize returns a promise at run time; it rejects for a plot that is hidden meanwhile.
        Promise.resolve(plotly.Plots.resize(element)).catch(() => undefined);
      });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
      cancelDraw(element);
      plotly.purge(element);
      drawn.current = false;
    };
  }, [plotly, canvas]);

  return { loading: wanted && !plotly };
}

/** A Plotly chart in the app's look: an empty state without data, "loading plot…" until Plotly arrives. */
export function PlotlyChart({ testId, label, figure, empty, height, actions }: PlotlyChartProps) {
  const canvas = useRef<HTMLDivElement>(null);
  const { loading } = usePlotly(canvas, figure, testId);
  const message = !figure ? empty : loading ? 'loading plot…' : null;

  return (
    <figure className="plot" data-testid={testId} aria-label={label} aria-busy={loading}>
      {actions && <div className="plot-actions">{actions}</div>}
      <div className="plot-area" style={{ height }}>
        <div ref={canvas} className="plot-canvas" />
        {message && (
          <p className={`plot-message${loading ? ' plot-loading' : ''}`} role="status">
            {message}
          </p>
        )}
      </div>
    </figure>
  );
}
