/** One row per fixed point found: its index, q, largest |eigenvalue|, stability and how many starts reached it. */
import type { FixedPointSummary } from '../../worker/fixed-points-protocol.ts';
import { stabilityText } from './stability-text.ts';

export function FixedPointsTable({ points }: { points: readonly FixedPointSummary[] }) {
  return (
    <table className="fixed-points-table" data-testid="fixed-points-table">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">q</th>
          <th scope="col">max |λ|</th>
          <th scope="col">stability</th>
          <th scope="col">starts</th>
        </tr>
      </thead>
      <tbody>
        {points.map((p, k) => (
          <tr key={k} data-testid="fixed-point-row" data-q={p.q} data-max-eig={p.maxAbsEigenvalue} data-stability={p.stability} data-unstable={p.unstableCount}>
            <td>{k + 1}</td>
            <td>{p.q.toExponential(2)}</td>
            <td>{p.maxAbsEigenvalue.toFixed(4)}</td>
            <td>{stabilityText(p)}</td>
            <td>{p.count}</td>
          </tr>
        ))}
        {points.length === 0 && (
          <tr>
            <td colSpan={5}>No point reached the q tolerance: allow more iterations or starts, or a larger tolerance.</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
