import { useMemo, useState } from 'react';
import type { Data } from 'plotly.js-dist-min';
import type { PcaTrajectories } from '../../worker/protocol.ts';
import { PlotlyChart, type Figure } from './PlotlyChart.tsx';
import { seriesColor, usePlotTheme, type PlotTheme } from './plot-theme.ts';
import { column } from './series.ts';
import { ThreeDToggle } from './ThreeDToggle.tsx';

export interface PcaPlotProps {
  pca: PcaTrajectories | null;
}

/** "PC1 (42.0%)" */
function pcTitle(pca: PcaTrajectories, pc: number): string {
  const explained = pca.explained[pc];
  return explained === undefined ? `PC${pc + 1}` : `PC${pc + 1} (${(explained * 100).toFixed(1)}%)`;
}

/** [condition][pc] → that condition's trajectory along PC pc, [N_steps]. */
function trajectories(pca: PcaTrajectories): Float32Array[][] {
  const { N_steps, conditions, projections } = pca;
  return conditions.map((_, c) => [0, 1, 2].map((pc) => column(projections, N_steps, 3, pc, c * N_steps * 3)));
}

function pcaFigure(pca: PcaTrajectories, paths: Float32Array[][], threeD: boolean, theme: PlotTheme): Figure {
  const data: Data[] = [];
  pca.conditions.forEach((condition, c) => {
    const [pc1, pc2, pc3] = paths[c];
    const color = seriesColor(theme, c, pca.conditions.length);
    const start = { color, line: { color: theme.surface, width: 1.5 } };
    const common = { name: condition, legendgroup: condition };
    const type = threeD ? 'scatter3d' : 'scatter';
    const path = threeD ? { x: pc1, y: pc2, z: pc3 } : { x: pc1, y: pc2 };
    const first = threeD ? { x: [pc1[0]], y: [pc2[0]], z: [pc3[0]] } : { x: [pc1[0]], y: [pc2[0]] };
    data.push(
      { ...common, type, mode: 'lines', ...path, line: { color, width: threeD ? 4 : 2 } },
      {
        ...common,
        type,
        mode: 'markers',
        showlegend: false,
        ...first,
        marker: { ...start, size: threeD ? 5 : 9 },
        hovertemplate: `${condition}: start<extra></extra>`,
      },
    );
  });
  const legend = { orientation: 'h', x: 0, y: 1.02, xanchor: 'left', yanchor: 'bottom' } as const;
  if (threeD) {
    return {
      data,
      layout: {
        margin: { t: 28, b: 0, l: 0, r: 0 },
        legend,
        scene: {
          xaxis: { title: { text: pcTitle(pca, 0) } },
          yaxis: { title: { text: pcTitle(pca, 1) } },
          zaxis: { title: { text: pcTitle(pca, 2) } },
          aspectmode: 'cube',
          // Further out than Plotly's default eye (1.25, 1.25, 1.25), so the whole cube fits the short panel.
          camera: { eye: { x: 1.9, y: 1.9, z: 1.2 } },
        },
      },
    };
  }
  return {
    data,
    layout: {
      margin: { t: 28 },
      legend,
      xaxis: { title: { text: pcTitle(pca, 0) } },
      yaxis: { title: { text: pcTitle(pca, 1) } },
    },
  };
}

/** Trial-averaged state trajectories per condition on the top principal components (Fig. 2D), 2-D or 3-D. */
export function PcaPlot({ pca }: PcaPlotProps) {
  const theme = usePlotTheme();
  const [threeD, setThreeD] = useState(false);
  const paths = useMemo(() => pca && trajectories(pca), [pca]);
  const figure = useMemo(
    () => (pca && paths && pca.conditions.length > 0 ? pcaFigure(pca, paths, threeD, theme) : null),
    [pca, paths, threeD, theme],
  );
  const toggle = <ThreeDToggle testId="pca-3d-toggle" on={threeD} disabled={!figure} onToggle={() => setThreeD((on) => !on)} />;
  return (
    <PlotlyChart
      testId="pca-plot"
      label={threeD ? 'State trajectories on PC1 to PC3' : 'State trajectories on PC1 and PC2'}
      figure={figure}
      empty="Appears after the first test batch."
      height={340}
      actions={toggle}
    />
  );
}
