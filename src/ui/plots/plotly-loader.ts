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
