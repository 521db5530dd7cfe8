import { memo, useId } from 'react';
import type { Array3 } from '../core/array3.ts';
import type { Periods } from '../core/tasks/periods.ts';

interface TrialArrays {
  /** Inputs, [N_batch, N_steps, N_in] */
  x: Array3;
  /** Targets, [N_batch, N_steps, N_out] */
  y: Array3;
  /** Output mask, [N_batch, N_steps, N_out] */
  mask: Array3;
}

const WIDTH = 640;
const LABEL_WIDTH = 40;
const AXIS_HEIGHT = 24;
const ROW_GAP = 4;
const TICK_MS = 500;
/** More channels than this (a large ring of inputs) are not all drawn: an evenly spaced subset is. */
const MAX_DRAWN_CHANNELS = 32;
/** A longer trial is drawn through every k-th step, so a path never has more points than this. */
const MAX_POINTS = 2000;
/** The band above the rows that names the declared periods. */
const PERIOD_LABEL_HEIGHT = 16;

/** The channels to draw: all of them, or MAX_DRAWN_CHANNELS spread evenly from the first to the last. */
function drawnChannels(channels: number): number[] {
  if (channels <= MAX_DRAWN_CHANNELS) return Array.from({ length: channels }, (_, c) => c);
  return Array.from({ length: MAX_DRAWN_CHANNELS }, (_, k) => Math.round((k * (channels - 1)) / (MAX_DRAWN_CHANNELS - 1)));
}

/** Channel `channel` of trial `trial` as a [N_steps] series. */
function series(a: Array3, trial: number, channel: number): Float32Array {
  const [, steps, n] = a.shape;
  const out = new Float32Array(steps);
  for (let t = 0; t < steps; t++) out[t] = a.data[(trial * steps + t) * n + channel];
  return out;
}

/** Maximal runs of steps [start, end) where the mask is > 0. */
function maskRuns(mask: Float32Array): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let t = 0; t <= mask.length; t++) {
    const on = t < mask.length && mask[t] > 0;
    if (on && start < 0) start = t;
    if (!on && start >= 0) {
      runs.push([start, t]);
      start = -1;
    }
  }
  return runs;
}

interface ChartProps {
  title: string;
  kind: 'input' | 'target';
  arrays: Array3;
  mask?: Array3;
  dt: number;
  /** which trial of the arrays to draw */
  trial: number;
  /** the trial's declared periods, shaded behind the rows and named above them */
  periods?: Periods;
}

/** The declared periods as alternating translucent bands over the rows, each named above them. */
function PeriodBands({ periods, xOf, dt, steps, height }: { periods: Periods; xOf: (t: number) => number; dt: number; steps: number; height: number }) {
  const last = (steps - 1) * dt;
  return (
    <g className="periods" data-testid="period-bands">
      {Object.entries(periods).map(([name, [start, end]], k) => {
        if (end <= start || start > last) return null;
        const x0 = xOf(start / dt);
        const x1 = xOf(Math.min(end, last) / dt);
        return (
          <g key={name} data-testid="period" data-name={name}>
            <rect className={`period period-${k % 2}`} x={x0} y={0} width={Math.max(x1 - x0, 1)} height={height} />
            <text className="period-label" x={x0 + 3} y={PERIOD_LABEL_HEIGHT - 5}>
              {name}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** Stacked line charts, one row per channel, sharing a time axis and a value range. */
function ChannelChart({ title, kind, arrays, mask, dt, trial, periods }: ChartProps) {
  const titleId = useId();
  const [, steps, total] = arrays.shape;
  const drawn = drawnChannels(total);
  const channels = drawn.length;
  const rowHeight = channels <= 4 ? 56 : 22;
  const plotWidth = WIDTH - LABEL_WIDTH;
  const top0 = periods ? PERIOD_LABEL_HEIGHT : 0;
  const height = top0 + channels * (rowHeight + ROW_GAP) + AXIS_HEIGHT;
  const rows = drawn.map((c) => series(arrays, trial, c));
  // every stride-th step and the last
  const stride = Math.ceil(steps / MAX_POINTS);
  const drawnSteps = Array.from({ length: Math.ceil(steps / stride) }, (_, k) => k * stride);
  if (drawnSteps.at(-1) !== steps - 1) drawnSteps.push(steps - 1);

  // One range for all rows, from 0, so channels compare by height (MatchToCategory's bumps peak near 0.4).
  let lo = 0;
  let hi = 0;
  for (const row of rows) {
    for (const v of row) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (hi - lo < 1e-6) hi = lo + 1;
  const xOf = (t: number) => LABEL_WIDTH + (t / Math.max(steps - 1, 1)) * plotWidth;
  const yOf = (row: number, v: number) =>
    top0 + row * (rowHeight + ROW_GAP) + 2 + (1 - (v - lo) / (hi - lo)) * (rowHeight - 4);
  const durationMs = steps * dt;
  const ticks = Array.from({ length: Math.floor(durationMs / TICK_MS) + 1 }, (_, i) => i * TICK_MS);
  const axisY = top0 + channels * (rowHeight + ROW_GAP);
  const prefix = kind === 'input' ? 'u' : 'z';

  return (
    <figure className={`chart chart-${kind}`}>
      <figcaption id={titleId}>
        {title}
        {channels < total && (
          <span className="hidden-channels" data-testid={`${kind}-channels-hidden`}>
            {' '}
            — {channels} of {total} drawn, evenly spaced; {total - channels} hidden
          </span>
        )}
      </figcaption>
      <svg
        data-testid={`preview-${kind}s`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-labelledby={titleId}
      >
        {rows.map((row, c) => {
          const top = top0 + c * (rowHeight + ROW_GAP);
          const d = drawnSteps.map((t, k) => `${k === 0 ? 'M' : 'L'}${xOf(t).toFixed(1)} ${yOf(c, row[t]).toFixed(1)}`);
          const channel = drawn[c];
          return (
            <g key={channel} data-testid={`${kind}-channel`}>
              <rect className="row-bg" x={LABEL_WIDTH} y={top} width={plotWidth} height={rowHeight} />
              {mask &&
                maskRuns(series(mask, trial, channel)).map(([start, end]) => (
                  <rect
                    key={start}
                    data-testid="mask-region"
                    className="mask"
                    x={xOf(start)}
                    y={top}
                    width={Math.max(xOf(Math.min(end, steps - 1)) - xOf(start), 1)}
                    height={rowHeight}
                  />
                ))}
              <text className="channel-label" x={LABEL_WIDTH - 6} y={top + rowHeight / 2}>
                {prefix}
                {channel + 1}
              </text>
              <path className="trace" d={d.join('')} />
            </g>
          );
        })}
        {periods && <PeriodBands periods={periods} xOf={xOf} dt={dt} steps={steps} height={axisY} />}
        <g className="axis">
          {ticks.map((ms) => {
            const x = xOf(Math.min(ms / dt, steps - 1));
            return (
              <g key={ms}>
                <line x1={x} x2={x} y1={axisY} y2={axisY + 4} />
                <text x={x} y={axisY + 16} textAnchor={ms === 0 ? 'start' : ms >= durationMs ? 'end' : 'middle'}>
                  {ms === 0 ? '0 ms' : ms}
                </text>
              </g>
            );
          })}
        </g>
      </svg>
    </figure>
  );
}

interface TaskPreviewProps {
  batch: TrialArrays;
  dt: number;
  /** which trial of the batch to draw (the first when absent) */
  trial?: number;
  /** the trial's declared periods, shaded */
  periods?: Periods;
}

/** One generated trial: inputs per channel, and targets per channel over the shaded output mask. */
/** memo: the page re-renders on every spec edit, and the charts only change with the trial drawn */
export const TaskPreview = memo(function TaskPreview({ batch, dt, trial = 0, periods }: TaskPreviewProps) {
  return (
    <div className="task-preview">
      <ChannelChart title={`Inputs (${batch.x.shape[2]} channels)`} kind="input" arrays={batch.x} dt={dt} trial={trial} periods={periods} />
      <ChannelChart
        title={`Targets (${batch.y.shape[2]} channels) — shaded where the mask counts the loss`}
        kind="target"
        arrays={batch.y}
        mask={batch.mask}
        dt={dt}
        trial={trial}
        periods={periods}
      />
    </div>
  );
});
