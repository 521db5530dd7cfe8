/** A point's stability in words, for the table and the plot's hover text. */
import type { FixedPointSummary } from '../../worker/fixed-points-protocol.ts';

/** "stable", "saddle (2 unstable)", "unstable", "marginal" */
export function stabilityText(point: Pick<FixedPointSummary, 'stability' | 'unstableCount'>): string {
  return point.stability === 'saddle' ? `saddle (${point.unstableCount} unstable)` : point.stability;
}
