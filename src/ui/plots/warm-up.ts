/**
 * Plotly's first drawing of a kind of chart sets up fonts, styles, measuring nodes and the mode bar (over
 * 100 ms), work that would otherwise land on the first live update during training. This draws the app's
 * own first charts — the loss plot and the weights heatmap, through the same theme, layout and config as
 * PlotlyChart — off screen once, when the page is idle.
 */
import { lossFigure } from './LossPlot.tsx';
import { type Figure, plotConfig, themedLayout } from './PlotlyChart.tsx';
import { currentPlotTheme } from './plot-theme.ts';
import { loadPlotly } from './plotly-loader.ts';
import { weightsFigure } from './WeightsPlot.tsx';

export async function warmUpPlotly(): Promise<void> {
  const plotly = await loadPlotly();
  const theme = currentPlotTheme();
  const figures: Figure[] = [
    lossFigure({ trials: [128, 256], loss: [0.2, 0.1], accuracy: [0.5, 0.9], stageChanges: [{ trials: 128, stage: 1 }] }, theme),
    weightsFigure({ N_rec: 2, W_rec: Float32Array.from([0, 1, -1, 0]), daleSigns: null }, theme),
  ];
  for (const figure of figures) {
    const host = document.createElement('div');
    host.style.cssText = 'position:absolute;left:-10000px;top:0;width:480px;height:260px;';
    document.body.append(host);
    try {
      await plotly.newPlot(host, figure.data, themedLayout(figure.layout, theme), plotConfig('warm-up'));
    } finally {
      plotly.purge(host);
      host.remove();
    }
  }
}
