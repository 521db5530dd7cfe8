/**
 * Trials to threshold per condition, as in the paper's Fig. 5C: each run a point (seed order, spread sideways so
 * none hides another), over a box from the first to the third quartile with the median across it and whiskers to
 * the extremes. A run censored at the trial cap is a hollow point on the cap line: it reached no threshold, so its
 * true value is at least that. Drawn as SVG: a few dozen marks need no plotting library.
 */
import type { ComparisonSummary } from '../../core/comparison/summary.ts';
import { quantile } from '../../core/comparison/summary.ts';

const WIDTH = 520;
const HEIGHT = 280;
const M = { left: 64, right: 16, top: 16, bottom: 44 };

/** Round tick values from 0 to at least `top`: steps of 1, 2 or 5 × 10ⁿ, about five of them. */
export function ticks(top: number): number[] {
  if (!(top > 0)) return [0];
  const raw = top / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw) as number;
  return Array.from({ length: Math.ceil(top / step) + 1 }, (_, k) => k * step);
}

interface Props {
  summary: ComparisonSummary;
  cap: number;
}

export function ComparisonPlot({ summary, cap }: Props) {
  const all = summary.conditions.flatMap((c) => c.trials);
  const axis = ticks(Math.max(...all, 1));
  const anyCensored = summary.conditions.some((c) => c.censored.includes(true));
  const top = axis[axis.length - 1];
  const y = (v: number) => M.top + (HEIGHT - M.top - M.bottom) * (1 - v / top);
  const band = (WIDTH - M.left - M.right) / Math.max(summary.conditions.length, 1);
  return (
    <svg className="comparison-plot" data-testid="sweep-plot" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="Trials to threshold per condition">
      {axis.map((t) => (
        <g key={t}>
          <line className="grid" x1={M.left} x2={WIDTH - M.right} y1={y(t)} y2={y(t)} />
          <text className="tick" x={M.left - 6} y={y(t) + 4} textAnchor="end">
            {t.toLocaleString()}
          </text>
        </g>
      ))}
      {anyCensored && (
        <g className="cap">
          <line x1={M.left} x2={WIDTH - M.right} y1={y(cap)} y2={y(cap)} />
          <text className="tick" x={WIDTH - M.right} y={y(cap) - 4} textAnchor="end">
            cap: hollow points never reached the threshold
          </text>
        </g>
      )}
      <text className="axis-title" transform={`translate(14 ${(HEIGHT - M.bottom + M.top) / 2}) rotate(-90)`} textAnchor="middle">
        trials to threshold
      </text>
      {summary.conditions.map((condition, c) => {
        const cx = M.left + band * (c + 0.5);
        const [q1, q2, q3] = [0.25, 0.5, 0.75].map((q) => quantile(condition.trials, q));
        const half = Math.min(band * 0.3, 40);
        return (
          <g key={condition.label} data-condition={condition.label}>
            {q1 !== null && q3 !== null && q2 !== null && (
              <g className="box">
                <line x1={cx} x2={cx} y1={y(Math.min(...condition.trials))} y2={y(Math.max(...condition.trials))} />
                <rect x={cx - half} width={2 * half} y={y(q3)} height={Math.max(y(q1) - y(q3), 1)} />
                <line className="median" x1={cx - half} x2={cx + half} y1={y(q2)} y2={y(q2)} />
              </g>
            )}
            {condition.trials.map((trials, k) => (
              <circle
                key={condition.seeds[k]}
                className={condition.censored[k] ? 'point censored' : 'point'}
                data-testid="sweep-point"
                data-censored={condition.censored[k]}
                cx={cx + (k - (condition.trials.length - 1) / 2) * Math.min(8, (2 * half) / Math.max(condition.trials.length, 1))}
                cy={y(trials)}
                r={4.5}
              >
                <title>{`seed ${condition.seeds[k]}: ${condition.censored[k] ? `censored at the cap (${trials.toLocaleString()} trials)` : `${trials.toLocaleString()} trials`}`}</title>
              </circle>
            ))}
            <text className="tick" x={cx} y={HEIGHT - M.bottom + 18} textAnchor="middle">
              {condition.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
