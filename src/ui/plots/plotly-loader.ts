/**
 * Plotly is 4.8 MB of JavaScript: it is fetched on demand, as a classic script, the first time a plot has data,
 * so the page is interactive long before any chart is drawn. One download serves every plot.
 * Not a dynamic import(): a browser keeps a failed import() failed for the page's lifetime (its module map), so a
 * dropped connection would need a reload; a script element that failed is removed and the next call fetches again.
 */
import type PlotlyModule from 'plotly.js-dist-min';
import plotlyUrl from 'plotly.js-dist-min/plotly.min.js?url';

export type PlotlyLike = typeof PlotlyModule;

let pending: Promise<PlotlyLike> | null = null;
let loaded: PlotlyLike | null = null;

function fetchPlotly(): Promise<PlotlyLike> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = plotlyUrl;
    script.async = true;
    script.onload = () => {
      // the bundle is UMD: as a classic script it defines window.Plotly
      const plotly = (globalThis as { Plotly?: PlotlyLike }).Plotly;
      if (plotly) resolve(plotly);
      else reject(new Error(`${plotlyUrl} loaded but defined no Plotly`));
    };
    script.onerror = () => {
      script.remove();
      reject(new Error(`could not fetch ${plotlyUrl}`));
    };
    document.head.append(script);
  });
}

/** Plotly, fetched once; a failed fetch is tried again on the next call. */
export function loadPlotly(): Promise<PlotlyLike> {
  pending ??= fetchPlotly().then(
    (plotly) => (loaded = plotly),
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
