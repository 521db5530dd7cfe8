/**
 * The app's colours and font, read from its CSS variables (app.css), for Plotly, which cannot read CSS.
 * One shared store: re-read when the colour scheme changes or the root element's class / style / data-theme
 * changes, so every chart follows light and dark mode.
 */
import { useSyncExternalStore } from 'react';

export interface PlotTheme {
  dark: boolean;
  font: string;
  text: string;
  muted: string;
  border: string;
  surface: string;
  accent: string;
  /** the second series colour (targets, accuracy) */
  target: string;
  /** shading of the steps the loss ignores (mask = 0) */
  maskShade: string;
  /** categorical colours for conditions and channels */
  palette: readonly string[];
}

// Colour-blind-friendly categorical palettes, tuned for contrast on the light and dark card surfaces.
const PALETTE_LIGHT = [
  '#2f5bd3', '#d2581a', '#16966f', '#c2338c', '#7650d0', '#a87c00', '#0b8aa3', '#d23c48', '#5c7a29', '#8a6a5e',
] as const;
const PALETTE_DARK = [
  '#7c9cff', '#ff9d5c', '#4fd1a5', '#f06cb4', '#b49cff', '#e8c14a', '#4cc9e0', '#ff7a85', '#a8c95e', '#c9a89c',
] as const;

/** [r, g, b] of a `#rgb`, `#rrggbb` or `rgb(a)(…)` colour, or null. */
export function parseColor(color: string): [number, number, number] | null {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const digits = hex[1].length === 3 ? [...hex[1]].map((d) => d + d).join('') : hex[1];
    return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16)) as [number, number, number];
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(color.trim());
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : null;
}

/** The colour with opacity `alpha`, as `rgba(…)`; unparseable colours pass through. */
export function withAlpha(color: string, alpha: number): string {
  const rgb = parseColor(color);
  return rgb ? `rgba(${rgb[0]}, ${rgb[1]}, ${rgb[2]}, ${alpha})` : color;
}

/** The colour of series `index` of `count`: the palette, or evenly spaced hues when there are more. */
export function seriesColor(theme: PlotTheme, index: number, count: number): string {
  if (count <= theme.palette.length) return theme.palette[index];
  const hue = Math.round((index * 360) / count);
  return theme.dark ? `hsl(${hue}, 70%, 68%)` : `hsl(${hue}, 65%, 42%)`;
}

function readTheme(): PlotTheme {
  const style = getComputedStyle(document.documentElement);
  const css = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const surface = css('--surface', '#ffffff');
  const [r, g, b] = parseColor(surface) ?? [255, 255, 255];
  const dark = 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
  const muted = css('--muted', '#5b6479');
  return {
    dark,
    font: style.fontFamily || 'system-ui, sans-serif',
    text: css('--text', '#1b2030'),
    muted,
    border: css('--border', '#e2e5ee'),
    surface,
    accent: css('--accent', '#2f5bd3'),
    target: css('--target-trace', '#d2581a'),
    maskShade: withAlpha(muted, dark ? 0.2 : 0.14),
    palette: dark ? PALETTE_DARK : PALETTE_LIGHT,
  };
}

let current: PlotTheme | null = null;
let currentKey = '';
const listeners = new Set<() => void>();
let stopWatching: (() => void) | null = null;

function refresh() {
  const next = readTheme();
  const key = JSON.stringify(next);
  if (key === currentKey) return;
  current = next;
  currentKey = key;
  for (const listener of listeners) listener();
}

function watch(): () => void {
  const scheme = window.matchMedia('(prefers-color-scheme: dark)');
  scheme.addEventListener('change', refresh);
  const observer = new MutationObserver(refresh);
  const attributeFilter = ['class', 'style', 'data-theme'];
  observer.observe(document.documentElement, { attributes: true, attributeFilter });
  observer.observe(document.body, { attributes: true, attributeFilter });
  return () => {
    scheme.removeEventListener('change', refresh);
    observer.disconnect();
  };
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!stopWatching) {
    stopWatching = watch();
    refresh();
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && stopWatching) {
      stopWatching();
      stopWatching = null;
    }
  };
}

function snapshot(): PlotTheme {
  if (!current) refresh();
  return current as PlotTheme;
}

/** The app's plot colours now, outside React. */
export function currentPlotTheme(): PlotTheme {
  return snapshot();
}

/** The app's plot colours; components re-render when they change. */
export function usePlotTheme(): PlotTheme {
  return useSyncExternalStore(subscribe, snapshot);
}
