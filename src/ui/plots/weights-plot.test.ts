/** The weights plot's figures: the trained W, its change W − W₀ (exact), and the masks marked at their cells. */
import { describe, expect, it } from 'vitest';
import { weightBaseline, weightMatrix } from '../../core/analysis/test-summary.ts';
import { ndarray } from '../../core/model/weights.ts';
import type { PlotTheme } from './plot-theme.ts';
import { weightsFigure } from './WeightsPlot.tsx';

const THEME: PlotTheme = {
  dark: false,
  font: 'sans-serif',
  text: '#111111',
  muted: '#666666',
  border: '#dddddd',
  surface: '#ffffff',
  accent: '#2f5bd3',
  target: '#d2581a',
  maskShade: '#eeeeee',
  palette: ['#2f5bd3'],
};

// 3 units: W[0][2] and W[1][0] forbidden (effective 0), W[2][1] and W[0][0] fixed (unchanged)
const W0 = Float32Array.from([0.5, 0.25, 0, 0, -0.3, 0.1, 0.7, 0.2, -0.6]);
const W = Float32Array.from([0.5, 0.3125, 0, 0, -0.1, 0.15, 0.55, 0.2, -0.35]);
const connectivity = ndarray([3, 3], Float32Array.from([1, 1, 0, 0, 1, 1, 1, 1, 1]));
const baseline = weightBaseline(ndarray([3, 3], W0), connectivity, [
  [1, 0, 0],
  [0, 0, 0],
  [0, 1, 0],
]);
const trained = weightMatrix(ndarray([3, 3], W), null);

type Trace = { type: string; name?: string; x?: number[]; y?: number[]; z?: number[][]; text?: string[][] };
const traces = (view: 'trained' | 'change' | 'masks', base = baseline) => weightsFigure(trained, THEME, view, base).data as Trace[];

describe('weightsFigure', () => {
  it('shows the trained W with a hover naming W, W₀ and the masks of each cell', () => {
    const [heatmap] = traces('trained');
    expect(heatmap.z).toEqual([Array.from(W.subarray(0, 3)), Array.from(W.subarray(3, 6)), Array.from(W.subarray(6, 9))]);
    expect(heatmap.text?.[0][2]).toBe('W[0][2] = 0.0000, W₀ = 0.0000 (ΔW = 0.0000), forbidden');
    expect(heatmap.text?.[2][1]).toBe('W[2][1] = 0.2000, W₀ = 0.2000 (ΔW = 0.0000), fixed');
    expect(heatmap.text?.[1][1]).toBe('W[1][1] = -0.1000, W₀ = -0.3000 (ΔW = 0.2000)');
  });

  it('change: z = W − W₀ exactly, 0 at every forbidden and fixed cell', () => {
    const [heatmap] = traces('change');
    const z = heatmap.z!.flat();
    expect(z).toEqual(Array.from(W, (w, k) => w - W0[k]));
    for (const k of [2, 3, 0, 7]) expect(z[k]).toBe(0);
  });

  it('masks: a marker on each forbidden cell and each fixed cell, at (x = j, y = i)', () => {
    const marks = traces('masks').slice(1);
    expect(marks.map((t) => t.name)).toEqual(['forbidden (rec_connectivity 0)', 'fixed (fixed_weights.W_rec 1)']);
    expect([marks[0].x, marks[0].y]).toEqual([[2, 0], [0, 1]]); // W[0][2] and W[1][0]
    expect([marks[1].x, marks[1].y]).toEqual([[0, 1], [0, 2]]); // W[0][0] and W[2][1]
    const noneFixed = weightBaseline(ndarray([3, 3], W0), connectivity, null);
    expect(traces('masks', noneFixed).slice(1).map((t) => t.name)).toEqual(['forbidden (rec_connectivity 0)']);
  });

  it('without a baseline of the same size, every view is the trained W', () => {
    const other = weightBaseline(ndarray([1, 1], Float32Array.from([1])), ndarray([1, 1], Float32Array.from([1])), null);
    for (const base of [null, other]) {
      const data = traces('change', base as typeof baseline);
      expect(data).toHaveLength(1);
      expect(data[0].z!.flat()).toEqual(Array.from(W));
      expect(data[0].text?.[1][1]).toBe('W[1][1] = -0.1000');
    }
  });

  it('a baseline whose masks do not fit W_rec is refused, naming the shapes', () => {
    expect(() => weightBaseline(ndarray([3, 3], W0), ndarray([2, 3], new Float32Array(6)), null)).toThrow(
      'weightBaseline: rec_connectivity must be [3, 3] like W_rec; got [2, 3]',
    );
    expect(() => weightBaseline(ndarray([3, 3], W0), connectivity, [[1, 0, 0], [0, 0]])).toThrow(/fixed_weights\.W_rec must be 3 rows of 3 like W_rec; got rows of 3, 2/);
  });
});
