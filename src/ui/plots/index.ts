export { LossPlot, type LossPlotProps } from './LossPlot.tsx';
export { TrialPlot, type TrialPlotProps } from './TrialPlot.tsx';
export { PsychometricPlot, type PsychometricPlotProps } from './PsychometricPlot.tsx';
export { UnitTracesPlot, type UnitTracesPlotProps } from './UnitTracesPlot.tsx';
export { PcaPlot, type PcaPlotProps } from './PcaPlot.tsx';
export { WeightsPlot, type WeightsPlotProps } from './WeightsPlot.tsx';
export { loadPlotly, type PlotlyLike } from './plotly-loader.ts';
