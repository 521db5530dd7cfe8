/** The loss plot's figure: a dashed line and the stage's name at every curriculum stage change. */
import { describe, expect, it } from 'vitest';
import { lossFigure } from './LossPlot.tsx';
import type { PlotTheme } from './plot-theme.ts';

const THEME: PlotTheme = {
  dark: false,
  font: 'sans-serif',
  text: '#111111',
  muted: '#666666',
  border: '#cccccc',
  surface: '#ffffff',
  accent: '#2f5bd3',
  target: '#d2581a',
  maskShade: '#eeeeee',
  palette: ['#2f5bd3'],
};

const curve = { trials: [8, 16, 24, 32], loss: [0.3, 0.2, 0.1, 0.05], accuracy: [0.5, 0.6, 0.8, 0.9] };
const changes = [
  { trials: 16, stage: 1 },
  { trials: 24, stage: 2 },
];

describe('lossFigure', () => {
  it("marks each stage change with a line at its trial and the stage's name", () => {
    const names = ['Stage 1 · coherence 0.7', 'Stage 2 · coherence 0.5', 'Stage 3 · coherence 0.3'];
    const { layout } = lossFigure({ ...curve, stageChanges: changes, stageNames: names }, THEME);
    expect(layout.shapes?.map((s) => [s.x0, s.x1, s.yref])).toEqual([
      [16, 16, 'paper'],
      [24, 24, 'paper'],
    ]);
    expect(layout.annotations?.map((a) => [a.x, a.text])).toEqual([
      [16, 'Stage 2 · coherence 0.5'],
      [24, 'Stage 3 · coherence 0.3'],
    ]);
  });

  it('a stage without a name reads "stage k" (1-based); no changes, no marks', () => {
    const { layout } = lossFigure({ ...curve, stageChanges: changes, stageNames: ['Stage 1 · coherence 0.7'] }, THEME);
    expect(layout.annotations?.map((a) => a.text)).toEqual(['stage 2', 'stage 3']);
    const plain = lossFigure({ ...curve, stageChanges: [] }, THEME).layout;
    expect([plain.shapes, plain.annotations]).toEqual([[], []]);
  });
});
