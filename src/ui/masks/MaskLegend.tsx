/** The painter's legend: what each cell colour means, in the colours the active layer draws. */
import type { MaskLayer } from '../../core/masks/mask-set.ts';
import { CELL_COLOURS } from './render.ts';

const ENTRIES = [
  { index: 2, label: 'allowed · trained' },
  { index: 0, label: 'forbidden · trained' },
  { index: 3, label: 'allowed · fixed' },
  { index: 1, label: 'forbidden · fixed' },
] as const;

export function MaskLegend({ active }: { active: MaskLayer }) {
  return (
    <ul className="mask-legend" aria-label="Legend">
      {ENTRIES.map(({ index, label }) => {
        const [r, g, b] = CELL_COLOURS[active][index];
        return (
          <li key={index}>
            <span className={`mask-swatch${index % 2 === 1 ? ' fixed' : ''}`} style={{ background: `rgb(${r} ${g} ${b})` }} />
            {label}
          </li>
        );
      })}
      <li>
        <span className="mask-swatch" style={{ background: 'var(--mask-e)' }} /> E units
      </li>
      <li>
        <span className="mask-swatch" style={{ background: 'var(--mask-i)' }} /> I units (under Dale)
      </li>
    </ul>
  );
}
