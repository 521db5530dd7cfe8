/**
 * The painter's presets: choose one, set its options, Apply. A preset paints editable cells into the masks (one
 * undoable edit); options it cannot take are refused with a sentence naming the option and what is allowed.
 */
import { type ReactNode, useEffect, useId, useState } from 'react';
import type { NetworkShape } from '../../core/masks/mask-set.ts';
import { allToAll, daleOrdering, equalSizes, fixedExcitatoryInhibitory, noAutapses, type PresetResult, randomSparse, regions } from '../../core/masks/presets.ts';
import { parseNumberText } from '../number-text.ts';
import type { MaskPainter } from './painter.ts';

const PRESETS = {
  '': { label: 'Choose a preset…', hint: 'Presets paint ordinary cells: edit them afterwards with the tools.' },
  'all-to-all': { label: 'All-to-all', hint: 'Allows every connection of W_rec, W_in and W_out; fixed cells stay fixed.' },
  'no-autapses': { label: 'No autapses', hint: "Forbids W_rec's diagonal (unit i onto itself); every other cell stays as painted." },
  regions: {
    label: 'k regions',
    hint: 'Replaces the connectivity of W_rec, W_in and W_out: consecutive regions of units, a density for each pair (from the column region onto the row region), and which regions get the inputs or drive the outputs.',
  },
  'random-sparse': { label: 'Random sparse', hint: "Replaces W_rec's connectivity: each connection allowed with probability p, drawn from the seed." },
  dale: { label: 'Dale ordering (E then I)', hint: 'Sets dale_ratio: the first ⌊ratio·N_rec⌋ units are excitatory (E), the rest inhibitory (I), as marked on the axes.' },
  'fixed-ei': { label: 'Fixed E→I and I→E', hint: "Fixes W_rec's E→I block (E columns onto I rows) and/or I→E block at their initial values, under Dale ordering." },
} as const;
type PresetId = keyof typeof PRESETS;

const MAX_REGIONS = 8;

type Read = { ok: true; value: number } | { ok: false; message: string };

function readNumber(text: string, label: string): Read {
  const parsed = parseNumberText(text, label);
  return parsed.ok ? { ok: true, value: parsed.value as number } : parsed;
}

interface RegionTexts {
  k: string;
  sizes: string;
  /** [to][from] */
  density: string[][];
  inputs: boolean[];
  outputs: boolean[];
}

/** k regions in a chain: dense inside, sparse forwards (region r → r + 1), none backwards; inputs to the first, outputs from the last. */
function defaultRegions(N_rec: number, k: number): RegionTexts {
  const density = Array.from({ length: k }, (_, to) => Array.from({ length: k }, (_, from) => (to === from ? '1' : to === from + 1 ? '0.2' : '0')));
  return { k: String(k), sizes: equalSizes(N_rec, k).join(', '), density, inputs: density.map((_, r) => r === 0), outputs: density.map((_, r) => r === k - 1) };
}

function readRegions(shape: NetworkShape, texts: RegionTexts, seed: number, excitatory: number | null): PresetResult {
  const sizes: number[] = [];
  for (const part of texts.sizes.split(',')) {
    const size = readNumber(part, 'Region sizes');
    if (!size.ok) return size;
    sizes.push(size.value);
  }
  if (sizes.length !== texts.density.length) return { ok: false, message: `Region sizes: give ${texts.density.length} sizes, one per region; got ${sizes.length}` };
  const density: number[][] = [];
  for (const [to, row] of texts.density.entries()) {
    const values: number[] = [];
    for (const [from, text] of row.entries()) {
      const d = readNumber(text, `Density region ${from + 1} → region ${to + 1}`);
      if (!d.ok) return d;
      values.push(d.value);
    }
    density.push(values);
  }
  return regions(shape, { sizes, density, inputs: texts.inputs, outputs: texts.outputs, excitatory }, seed);
}

interface PresetControlsProps {
  painter: MaskPainter;
  shape: NetworkShape;
  daleRatio: number | null;
  seed: number;
  disabled: boolean;
}

export function PresetControls({ painter, shape, daleRatio, seed, disabled }: PresetControlsProps) {
  const id = useId();
  const [preset, setPreset] = useState<PresetId>('');
  const [p, setP] = useState('0.2');
  const [seedText, setSeedText] = useState(String(seed));
  const [ratio, setRatio] = useState(String(daleRatio || 0.8));
  const [blocks, setBlocks] = useState({ eToI: true, iToE: true });
  /** under Dale: every region takes its share of the E units and of the I units */
  const [mixed, setMixed] = useState(true);
  const [region, setRegion] = useState(() => defaultRegions(shape.N_rec, 2));

  // the defaults follow the network: sizes split the new N_rec, the ratio is the spec's
  useEffect(() => setRegion((r) => defaultRegions(shape.N_rec, r.density.length)), [shape.N_rec]);
  useEffect(() => setRatio(String(daleRatio || 0.8)), [daleRatio]);
  useEffect(() => setSeedText(String(seed)), [seed]);

  const setK = (text: string) => {
    const k = Number(text);
    setRegion(Number.isInteger(k) && k >= 1 && k <= MAX_REGIONS && k <= shape.N_rec ? defaultRegions(shape.N_rec, k) : { ...region, k: text });
  };

  const compute = (): PresetResult => {
    const seedRead = readNumber(seedText, 'Preset seed');
    const ratioRead = readNumber(ratio, 'Preset Dale ratio');
    switch (preset) {
      case '':
        return { ok: false, message: 'Choose a preset first' };
      case 'all-to-all':
        return allToAll(shape);
      case 'no-autapses':
        return noAutapses(shape);
      case 'random-sparse': {
        const pRead = readNumber(p, 'Density p');
        if (!pRead.ok) return pRead;
        return seedRead.ok ? randomSparse(shape, pRead.value, seedRead.value) : seedRead;
      }
      case 'regions': {
        if (String(region.density.length) !== region.k.trim()) return { ok: false, message: `Regions: "${region.k}" is not allowed; give a whole number from 1 to ${Math.min(MAX_REGIONS, shape.N_rec)}` };
        return seedRead.ok ? readRegions(shape, region, seedRead.value, daleRatio && mixed ? Math.floor(daleRatio * shape.N_rec) : null) : seedRead;
      }
      case 'dale':
        return ratioRead.ok ? daleOrdering(shape, ratioRead.value) : ratioRead;
      case 'fixed-ei':
        return ratioRead.ok ? fixedExcitatoryInhibitory(shape, ratioRead.value, blocks) : ratioRead;
    }
  };

  const apply = () => {
    const result = compute();
    if (result.ok) painter.applyPreset(result.paint);
    else painter.say(result.message);
  };

  const text = (label: string, value: string, set: (v: string) => void, testId: string) => (
    <label className="mask-option">
      {label}
      <input type="text" inputMode="decimal" value={value} disabled={disabled} data-testid={testId} onChange={(e) => set(e.target.value)} />
    </label>
  );

  return (
    <div className="mask-presets">
      <div className="field">
        <label htmlFor={id}>Preset</label>
        <select id={id} data-testid="mask-preset" value={preset} disabled={disabled} aria-describedby={`${id}-hint`} onChange={(e) => setPreset(e.target.value as PresetId)}>
          {Object.entries(PRESETS).map(([value, { label }]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <span id={`${id}-hint`} className="field-hint">
          {PRESETS[preset].hint}
        </span>
      </div>
      {preset === 'random-sparse' && (
        <div className="mask-options">
          {text('Density p', p, setP, 'mask-preset-p')}
          {text('Preset seed', seedText, setSeedText, 'mask-preset-seed')}
        </div>
      )}
      {(preset === 'dale' || preset === 'fixed-ei') && (
        <div className="mask-options">
          {text('Preset Dale ratio', ratio, setRatio, 'mask-preset-ratio')}
          {preset === 'fixed-ei' &&
            (['eToI', 'iToE'] as const).map((block) => (
              <label key={block} className="mask-option checkbox">
                <input type="checkbox" checked={blocks[block]} disabled={disabled} onChange={(e) => setBlocks({ ...blocks, [block]: e.target.checked })} />
                {block === 'eToI' ? 'E→I' : 'I→E'}
              </label>
            ))}
        </div>
      )}
      {preset === 'regions' && <RegionOptions region={region} setRegion={setRegion} setK={setK} disabled={disabled} seed={text('Preset seed', seedText, setSeedText, 'mask-preset-seed')} />}
      {preset === 'regions' && daleRatio ? (
        <label className="mask-option checkbox" title="Off: regions are consecutive runs of units, so the I units (the last ones) all fall in the last regions">
          <input type="checkbox" data-testid="mask-preset-mixed" checked={mixed} disabled={disabled} onChange={(e) => setMixed(e.target.checked)} />
          E and I units in every region (each takes its share of E {`0–${Math.floor(daleRatio * shape.N_rec) - 1}`} and of I)
        </label>
      ) : null}
      <button type="button" data-testid="mask-preset-apply" disabled={disabled || preset === ''} onClick={apply}>
        Apply preset
      </button>
    </div>
  );
}

interface RegionOptionsProps {
  region: RegionTexts;
  setRegion: (region: RegionTexts) => void;
  setK: (text: string) => void;
  disabled: boolean;
  seed: ReactNode;
}

/** k, the sizes, the k × k density table (rows: onto region, columns: from region), and inputs/outputs per region. */
function RegionOptions({ region, setRegion, setK, disabled, seed }: RegionOptionsProps) {
  const setDensity = (to: number, from: number, value: string) =>
    setRegion({ ...region, density: region.density.map((row, r) => (r === to ? row.map((d, c) => (c === from ? value : d)) : row)) });
  const toggle = (key: 'inputs' | 'outputs', r: number, on: boolean) => setRegion({ ...region, [key]: region[key].map((v, i) => (i === r ? on : v)) });
  return (
    <div className="mask-options regions">
      <label className="mask-option">
        Regions k
        <input type="text" inputMode="numeric" value={region.k} disabled={disabled} data-testid="mask-preset-k" onChange={(e) => setK(e.target.value)} />
      </label>
      <label className="mask-option">
        Sizes (units per region)
        <input type="text" value={region.sizes} disabled={disabled} data-testid="mask-preset-sizes" onChange={(e) => setRegion({ ...region, sizes: e.target.value })} />
      </label>
      {seed}
      <table className="mask-density">
        <caption>Density from region (column) onto region (row)</caption>
        <thead>
          <tr>
            <th scope="col">onto ↓ from →</th>
            {region.density.map((_, from) => (
              <th key={from} scope="col">
                {from + 1}
              </th>
            ))}
            <th scope="col">inputs</th>
            <th scope="col">outputs</th>
          </tr>
        </thead>
        <tbody>
          {region.density.map((row, to) => (
            <tr key={to}>
              <th scope="row">{to + 1}</th>
              {row.map((d, from) => (
                <td key={from}>
                  <input
                    type="text"
                    inputMode="decimal"
                    aria-label={`Density region ${from + 1} → region ${to + 1}`}
                    value={d}
                    disabled={disabled}
                    onChange={(e) => setDensity(to, from, e.target.value)}
                  />
                </td>
              ))}
              {(['inputs', 'outputs'] as const).map((key) => (
                <td key={key}>
                  <input
                    type="checkbox"
                    aria-label={`Region ${to + 1} ${key === 'inputs' ? 'gets the inputs' : 'drives the outputs'}`}
                    checked={region[key][to]}
                    disabled={disabled}
                    onChange={(e) => toggle(key, to, e.target.checked)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
