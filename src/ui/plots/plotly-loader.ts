/**
 * Plotly is 4.8 MB of JavaScript: it is fetched on demand, in its own chunk, the first time a plot has data,
 * so the page is interactive long before any chart is drawn. One download serves every plot.
 */
import type PlotlyModule from 'plotly.js-dist-min';

export type PlotlyLike = typeof PlotlyModule;

let pending: Promise<PlotlyLike> | null = null;
let loaded: PlotlyLike | null = null;

/** Plotly, imported once; a failed import is retried on the next call. */
export function loadPlotly(): Promise<PlotlyLike> {
  pending ??= import('plotly.js-dist-min').then(
    (module) => {
      // The bundle is CommonJS (UMD): bundlers expose module.exports as the default export.
      loaded = (module.default ?? module) as PlotlyLike;
      return loaded;
    },
    (error: unknown) => {
      pending = null;
      throw error;
    },
  );
  return pending;
}

/** Plotly if it has already arrived, so a chart mounted later draws in its first effect. */
export function loadedPlotly(): PlotlyLike | null {
  return loaded;
}

/**
 * Loads Plotly and draws one small throw-away chart off screen: Plotly's first drawing sets up fonts,
 * styles and measuring nodes (over 100 ms), work that would otherwise land on the first live update.
 */
export async function warmUpPlotly(): Promise<void> {
  const plotly = await loadPlotly();
  const host = document.createElement('div');
  host.style.cssText = 'position:absolute;left:-10000px;top:0;width:320px;height:200px;';
  document.body.append(host);
  try {
    // the app's font and a log axis with a second y axis, like the loss plot, the first chart to get data
    const font = { family: getComputedStyle(document.body).fontFamily, size: 12 };
    await plotly.newPlot(
      host,
      [
        { type: 'scatter', mode: 'lines', x: [1, 2], y: [0.1, 0.2] },
        { type: 'scatter', mode: 'lines', x: [1, 2], y: [0.5, 1], yaxis: 'y2' },
        // and a heatmap, like the weights plot: the second chart type with a costly first draw
        { type: 'heatmap', z: [[0, 1], [1, 0]], xaxis: 'x2', yaxis: 'y3', zmid: 0, colorscale: 'RdBu' },
      ],
      {
        font,
        grid: { rows: 1, columns: 2, pattern: 'independent' },
        yaxis: { type: 'log', title: { text: 'loss' } },
        yaxis2: { overlaying: 'y', side: 'right' },
        xaxis: { title: { text: 'trials' } },
        xaxis2: { anchor: 'y3' },
        yaxis3: { anchor: 'x2', autorange: 'reversed' },
      },
      { displayModeBar: false },
    );
  } finally {
    plotly.purge(host);
    host.remove();
  }
}
