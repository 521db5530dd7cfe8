/**
 * PNG and SVG of a plot, by Plotly's own exporter (`Plotly.toImage`, which redraws the figure off-screen at the
 * size shown): small buttons on the plot's caption, saving `<experiment>-<plot>.png|svg`. The picture gets the
 * card's background, so its text stays readable outside the page in light and dark mode alike (the page draws
 * plots on a transparent background). Disabled while the plot is empty.
 */
import { type RefObject, useState } from 'react';
import { fileStem, saveBlob } from '../files/downloads.ts';
import { useAppStore } from '../store.ts';
import { loadedPlotly } from './plotly-loader.ts';
import { currentPlotTheme } from './plot-theme.ts';
import './plot-export.css';

type Format = 'png' | 'svg';

/** The bytes of a data URL (`data:image/png;base64,…` or `data:image/svg+xml,<percent-encoded>`). */
export function dataUrlBlob(url: string): Blob {
  const comma = url.indexOf(',');
  const header = url.slice(5, comma);
  const body = url.slice(comma + 1);
  const type = header.split(';')[0];
  if (!header.endsWith(';base64')) return new Blob([decodeURIComponent(body)], { type });
  const binary = atob(body);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}

interface PlotDiv extends HTMLElement {
  _fullLayout?: { _paper?: { style(name: string, value: string): void } };
}

async function exportPlot(root: HTMLElement, plot: string, format: Format): Promise<void> {
  const graph = root.querySelector<PlotDiv>('.js-plotly-plot');
  const plotly = loadedPlotly();
  if (!graph || !plotly) throw new Error('the plot has not been drawn yet');
  const surface = currentPlotTheme().surface;
  const url = await plotly.toImage(graph, {
    format,
    width: graph.clientWidth,
    height: graph.clientHeight,
    scale: format === 'png' ? 2 : 1,
    // Plotly's own background hook, given the card's colour instead of the transparent paper
    setBackground: (gd: PlotDiv) => gd._fullLayout?._paper?.style('background', surface),
  });
  saveBlob(dataUrlBlob(url), `${fileStem(useAppStore.getState().spec)}-${plot}.${format}`);
}

/** `plot`: the file-name and test-id part (`loss` → `plot-png-loss`); `target`: the element holding the plot. */
export function PlotExport({ plot, label, empty, target }: { plot: string; label: string; empty: boolean; target: RefObject<HTMLElement | null> }) {
  const [failure, setFailure] = useState<string | null>(null);
  const save = (format: Format) => () => {
    setFailure(null);
    if (target.current) exportPlot(target.current, plot, format).catch((error: Error) => setFailure(`${format.toUpperCase()} not saved: ${error.message}`));
  };
  const title = (format: Format) => (empty ? `The ${label} plot is empty` : `Save the ${label} plot as ${format.toUpperCase()}`);
  return (
    <span className="plot-export">
      {(['png', 'svg'] as const).map((format) => (
        <button key={format} type="button" className="plot-export-button" data-testid={`plot-${format}-${plot}`} disabled={empty} title={title(format)} onClick={save(format)}>
          {format.toUpperCase()}
        </button>
      ))}
      {failure && (
        <span className="plot-export-failure" role="alert">
          {failure}
        </span>
      )}
    </span>
  );
}
