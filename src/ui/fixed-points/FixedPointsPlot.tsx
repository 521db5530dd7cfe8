/**
 * The searched condition's trajectories on their top principal components with its fixed points in the same basis:
 * stable points filled, saddles hollow with a short line along each unstable direction, unstable points as crosses
 * and marginal ones as hollow diamonds; 2-D (PC1, PC2) or 3-D.
 */
import { useMemo, useState } from 'react';
import type { Data } from 'plotly.js-dist-min';
import type { FixedPointsResult, Vector3 } from '../../worker/fixed-points-protocol.ts';
import { PlotlyChart, type Figure } from '../plots/PlotlyChart.tsx';
import { type PlotTheme, usePlotTheme, withAlpha } from '../plots/plot-theme.ts';
import { stabilityText } from './stability-text.ts';
import { ThreeDToggle } from '../plots/ThreeDToggle.tsx';

const MARKERS = {
  stable: { symbol: 'circle', name: 'stable' },
  saddle: { symbol: 'circle-open', name: 'saddle' },
  unstable: { symbol: 'x', name: 'unstable' },
  marginal: { symbol: 'diamond-open', name: 'marginal' },
} as const;

type Axes = { x: (number | null)[]; y: (number | null)[]; z?: (number | null)[] };

/** Coordinates of `points` on PC1..PC2 (or PC3), a null after each run of `breakEvery` to break a line. */
function axes(points: readonly Vector3[], threeD: boolean, breakEvery = 0): Axes {
  const out: Axes = threeD ? { x: [], y: [], z: [] } : { x: [], y: [] };
  points.forEach((p, k) => {
    out.x.push(p[0]);
    out.y.push(p[1]);
    out.z?.push(p[2]);
    if (breakEvery > 0 && (k + 1) % breakEvery === 0) {
      out.x.push(null);
      out.y.push(null);
      out.z?.push(null);
    }
  });
  return out;
}

function trajectoryPoints(result: FixedPointsResult): Vector3[] {
  const { projections } = result.trajectories;
  return Array.from({ length: projections.length / 3 }, (_, r): Vector3 => [projections[3 * r], projections[3 * r + 1], projections[3 * r + 2]]);
}

function pcTitle(result: FixedPointsResult, pc: number): string {
  return `PC${pc + 1} (${(result.explained[pc] * 100).toFixed(1)}%)`;
}

function figureOf(result: FixedPointsResult, threeD: boolean, theme: PlotTheme): Figure {
  const type = threeD ? 'scatter3d' : 'scatter';
  const { N_steps } = result.trajectories;
  const trials = { ...axes(trajectoryPoints(result), threeD, N_steps) };
  const data: Data[] = [
    { type, mode: 'lines', name: 'trials', ...trials, line: { color: withAlpha(theme.muted, 0.55), width: threeD ? 2 : 1 }, hoverinfo: 'skip' } as Data,
  ];
  const lines = result.points.flatMap((p) => p.unstableLines.flat());
  if (lines.length > 0) {
    data.push({ type, mode: 'lines', name: 'unstable directions', ...axes(lines, threeD, 2), line: { color: theme.target, width: 2 }, hoverinfo: 'skip' } as Data);
  }
  for (const [stability, marker] of Object.entries(MARKERS)) {
    const points = result.points.map((p, index) => ({ p, index })).filter(({ p }) => p.stability === stability);
    if (points.length === 0) continue;
    data.push({
      type,
      mode: 'markers',
      name: `${marker.name} (${points.length})`,
      ...axes(points.map(({ p }) => p.position), threeD),
      text: points.map(({ p, index }) => `point ${index + 1}: ${stabilityText(p)}, q ${p.q.toExponential(2)}, max |λ| ${p.maxAbsEigenvalue.toFixed(4)}`),
      hovertemplate: '%{text}<extra></extra>',
      marker: { symbol: marker.symbol, size: threeD ? 6 : 11, color: theme.accent, line: { color: theme.accent, width: 2 } },
    } as Data);
  }
  const legend = { orientation: 'h', x: 0, y: 1.02, xanchor: 'left', yanchor: 'bottom' } as const;
  if (threeD) {
    const scene = { xaxis: { title: { text: pcTitle(result, 0) } }, yaxis: { title: { text: pcTitle(result, 1) } }, zaxis: { title: { text: pcTitle(result, 2) } } };
    return { data, layout: { margin: { t: 28, b: 0, l: 0, r: 0 }, legend, scene: { ...scene, aspectmode: 'cube', camera: { eye: { x: 1.9, y: 1.9, z: 1.2 } } } } };
  }
  return { data, layout: { margin: { t: 28 }, legend, xaxis: { title: { text: pcTitle(result, 0) } }, yaxis: { title: { text: pcTitle(result, 1) } } } };
}

export function FixedPointsPlot({ result }: { result: FixedPointsResult | null }) {
  const theme = usePlotTheme();
  const [threeD, setThreeD] = useState(false);
  const figure = useMemo(() => (result ? figureOf(result, threeD, theme) : null), [result, threeD, theme]);
  const toggle = <ThreeDToggle testId="fixed-points-3d-toggle" on={threeD} disabled={!figure} onToggle={() => setThreeD((on) => !on)} />;
  return (
    <PlotlyChart
      testId="fixed-points-plot"
      label={threeD ? 'Trajectories and fixed points on PC1 to PC3' : 'Trajectories and fixed points on PC1 and PC2'}
      figure={figure}
      empty="Appears after a search."
      height={340}
      actions={toggle}
    />
  );
}
