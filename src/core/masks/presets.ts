/**
 * Mask presets: starting points painted into the masks as ordinary, editable cells (never a locked mode). Each is a
 * function of the network's shape, its options and a seed, returning the layers it touches and how each combines
 * with what is painted already: `replace`, `and` (forbids the preset's zeros, keeps the rest) or `or` (fixes the
 * preset's ones, keeps the rest).
 *
 * The constraints of the paper's Fig. 4 (Ehrlich, Stone et al. 2021; examples/constraint-*.json build the same),
 * each a preset plus a few strokes:
 *   A  all-to-all, unconstrained          → All-to-all
 *   B  no autapses (diagonal removed)      → No autapses
 *   C  structured, two regions             → k regions, k = 2: inputs reach region 1, region 2 drives the outputs,
 *                                            region 1 → 2 sparse, region 2 → 1 cut (constraint-two-regions.json)
 *   D  Dale's principle, 80 % excitatory   → Dale ordering (E units first, then I; dale_ratio 0.8)
 *   E  fixed (non-plastic) E→I and I→E     → Dale ordering, then Fixed E→I and I→E (constraint-dale-fixed.json)
 *   F  the constraints combined            → k regions, Dale ordering, No autapses, then strokes for any
 *                                            region-specific fixed block (the rectangle tool)
 * Random sparse (density p, seeded) is the unstructured alternative to C.
 * Our reference notes hold the figure's panels as examples/README.md lists them, not its caption's wording.
 */
import { Rng } from '../rng.ts';
import { createGrid, type MaskGrid } from './grid.ts';
import { MATRICES, type MaskSet, type MatrixName, matrixShape, type NetworkShape } from './mask-set.ts';

export interface LayerPaint {
  grid: MaskGrid;
  combine: 'replace' | 'and' | 'or';
}

/** What a preset paints: per matrix, per layer; and the Dale ratio it sets. */
export interface PresetPaint {
  layers: Partial<Record<MatrixName, { connectivity?: LayerPaint; plasticity?: LayerPaint }>>;
  daleRatio?: number;
}

export type PresetResult = { ok: true; paint: PresetPaint } | { ok: false; message: string };

const fail = (message: string): PresetResult => ({ ok: false, message });

function isDensity(p: number): boolean {
  return Number.isFinite(p) && p >= 0 && p <= 1;
}

/** Bernoulli(p) draws; p of exactly 0 or 1 draws nothing, so a dense or empty block needs no randomness. */
function connected(rng: Rng, p: number): 0 | 1 {
  if (p >= 1) return 1;
  if (p <= 0) return 0;
  return rng.uniform() < p ? 1 : 0;
}

/** All-to-all: every connection of W_rec, W_in and W_out allowed (plasticity untouched). */
export function allToAll(shape: NetworkShape): PresetResult {
  const layers: PresetPaint['layers'] = {};
  for (const name of MATRICES) {
    const [rows, cols] = matrixShape(name, shape);
    layers[name] = { connectivity: { grid: createGrid(rows, cols, 1), combine: 'replace' } };
  }
  return { ok: true, paint: { layers } };
}

/** No autapses: W_rec's diagonal (unit i onto itself) forbidden, every other cell as painted. */
export function noAutapses({ N_rec }: NetworkShape): PresetResult {
  const grid = createGrid(N_rec, N_rec, 1);
  for (let i = 0; i < N_rec; i++) grid.cells[i * N_rec + i] = 0;
  return { ok: true, paint: { layers: { rec: { connectivity: { grid, combine: 'and' } } } } };
}

/** Random sparse W_rec: each connection allowed with probability p, independently (seeded). */
export function randomSparse({ N_rec }: NetworkShape, p: number, seed: number): PresetResult {
  if (!isDensity(p)) return fail(`Density p must be a number from 0 to 1, got ${p}`);
  const rng = new Rng(seed).fork('mask-random-sparse');
  const grid = createGrid(N_rec, N_rec, 0);
  for (let k = 0; k < grid.cells.length; k++) grid.cells[k] = connected(rng, p);
  return { ok: true, paint: { layers: { rec: { connectivity: { grid, combine: 'replace' } } } } };
}

export interface RegionOptions {
  /** units per region, in order: region r holds the next sizes[r] units */
  sizes: number[];
  /** density[to][from]: the probability that a unit of region `from` connects onto one of region `to` (the diagonal: within) */
  density: number[][];
  /** per region: whether the task's inputs reach it */
  inputs: boolean[];
  /** per region: whether its units drive the outputs */
  outputs: boolean[];
  /**
   * Under Dale's principle, the number of excitatory units (the first ones): each region then takes its share of the
   * E units and of the I units (E 0 … nE − 1 and I nE … N_rec − 1 each split in region order), so every region has
   * both populations. Absent or null: regions are consecutive runs of units.
   */
  excitatory?: number | null;
}

function checkRegions(N_rec: number, o: RegionOptions): string | null {
  const k = o.sizes.length;
  if (k === 0) return 'Give at least one region size';
  const bad = o.sizes.find((s) => !Number.isInteger(s) || s < 1);
  if (bad !== undefined) return `Region sizes must be whole numbers ≥ 1, got ${bad}`;
  const total = o.sizes.reduce((a, b) => a + b, 0);
  if (total !== N_rec) return `Region sizes must add up to N_rec = ${N_rec}; ${o.sizes.join(' + ')} = ${total}`;
  if (o.density.length !== k || o.density.some((row) => row.length !== k)) return `Densities must be a ${k} × ${k} table, one per pair of regions`;
  for (let to = 0; to < k; to++)
    for (let from = 0; from < k; from++)
      if (!isDensity(o.density[to][from])) return `Density region ${from + 1} → region ${to + 1} must be a number from 0 to 1, got ${o.density[to][from]}`;
  if (o.inputs.length !== k || !o.inputs.some(Boolean)) return 'At least one region must get the inputs: with none, no input reaches the network';
  if (o.outputs.length !== k || !o.outputs.some(Boolean)) return 'At least one region must drive the outputs: with none, every output is the constant b_out';
  return null;
}

/** The region of each unit: consecutive runs of `sizes`, or with `excitatory` units each region's share of E and of I. */
export function regionOfUnits(sizes: number[], excitatory?: number | null): number[] {
  const runs = (counts: number[]) => counts.flatMap((count, r) => new Array<number>(count).fill(r));
  const N_rec = sizes.reduce((a, b) => a + b, 0);
  if (!excitatory || excitatory >= N_rec) return runs(sizes);
  const e = shareOf(sizes, excitatory, N_rec);
  return [...runs(e), ...runs(sizes.map((size, r) => size - e[r]))];
}

/** Each region's share of `part` of the N_rec units, in proportion to its size (largest remainders), never above its size. */
function shareOf(sizes: number[], part: number, N_rec: number): number[] {
  const exact = sizes.map((size) => (size * part) / N_rec);
  const share = exact.map(Math.floor);
  const order = exact.map((x, r) => [x - Math.floor(x), r] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, left = part - share.reduce((a, b) => a + b, 0); left > 0; k = (k + 1) % order.length) {
    const r = order[k][1];
    if (share[r] < sizes[r]) {
      share[r]++;
      left--;
    }
  }
  return share;
}

/**
 * k regions: W_rec in blocks (row region `to`, column region `from`), each cell allowed with that block's density;
 * W_in reaches only the rows of regions that get inputs; W_out reads only the columns of regions that drive outputs.
 */
export function regions(shape: NetworkShape, options: RegionOptions, seed: number): PresetResult {
  const problem = checkRegions(shape.N_rec, options);
  if (problem) return fail(problem);
  const { N_rec, N_in, N_out } = shape;
  const region = regionOfUnits(options.sizes, options.excitatory);
  const rng = new Rng(seed).fork('mask-regions');
  const rec = createGrid(N_rec, N_rec, 0);
  for (let i = 0; i < N_rec; i++)
    for (let j = 0; j < N_rec; j++) rec.cells[i * N_rec + j] = connected(rng, options.density[region[i]][region[j]]);
  const input = createGrid(N_rec, N_in, 0);
  for (let i = 0; i < N_rec; i++) if (options.inputs[region[i]]) input.cells.fill(1, i * N_in, (i + 1) * N_in);
  const output = createGrid(N_out, N_rec, 0);
  for (let o = 0; o < N_out; o++) for (let j = 0; j < N_rec; j++) output.cells[o * N_rec + j] = options.outputs[region[j]] ? 1 : 0;
  const replace = (grid: MaskGrid): LayerPaint => ({ grid, combine: 'replace' });
  return { ok: true, paint: { layers: { rec: { connectivity: replace(rec) }, in: { connectivity: replace(input) }, out: { connectivity: replace(output) } } } };
}

/** Equal region sizes for k regions of N_rec units (the first regions take one more when k does not divide N_rec). */
export function equalSizes(N_rec: number, k: number): number[] {
  return Array.from({ length: k }, (_, r) => Math.floor(N_rec / k) + (r < N_rec % k ? 1 : 0));
}

function checkDaleRatio(N_rec: number, ratio: number): string | null {
  if (!(Number.isFinite(ratio) && ratio > 0 && ratio < 1)) return `The Dale ratio must be a number above 0 and below 1, got ${ratio}`;
  const nE = Math.floor(ratio * N_rec);
  if (nE < 1) return `A Dale ratio of ${ratio} gives ⌊${ratio}·${N_rec}⌋ = 0 excitatory units: use at least ${Number((1 / N_rec).toPrecision(3))} (1/N_rec)`;
  return null;
}

/** Dale ordering: the first ⌊ratio·N_rec⌋ units excitatory, the rest inhibitory (PsychRNN's dale_ratio); no cell changes. */
export function daleOrdering({ N_rec }: NetworkShape, ratio: number): PresetResult {
  const problem = checkDaleRatio(N_rec, ratio);
  return problem ? fail(problem) : { ok: true, paint: { layers: {}, daleRatio: ratio } };
}

/**
 * Fixed E→I and/or I→E blocks of W_rec (under Dale ordering with `ratio`): E→I is columns j < nE (presynaptic E)
 * × rows i ≥ nE (postsynaptic I); I→E the reverse. Fixed cells are added to those already fixed.
 */
export function fixedExcitatoryInhibitory({ N_rec }: NetworkShape, ratio: number, blocks: { eToI: boolean; iToE: boolean }): PresetResult {
  const problem = checkDaleRatio(N_rec, ratio);
  if (problem) return fail(problem);
  if (!blocks.eToI && !blocks.iToE) return fail('Choose E→I, I→E or both to fix');
  // 0 < nE < N_rec: checkDaleRatio gives nE ≥ 1, and ratio < 1 gives nE < N_rec
  const nE = Math.floor(ratio * N_rec);
  const grid = createGrid(N_rec, N_rec, 0);
  for (let i = 0; i < N_rec; i++) {
    const postE = i < nE;
    for (let j = 0; j < N_rec; j++) {
      const preE = j < nE;
      if ((blocks.eToI && preE && !postE) || (blocks.iToE && !preE && postE)) grid.cells[i * N_rec + j] = 1;
    }
  }
  return { ok: true, paint: { layers: { rec: { plasticity: { grid, combine: 'or' } } }, daleRatio: ratio } };
}

function combineInto(target: MaskGrid, paint: LayerPaint): MaskGrid {
  if (paint.combine === 'replace') return paint.grid;
  const cells = target.cells.slice();
  for (let k = 0; k < cells.length; k++) cells[k] = paint.combine === 'and' ? cells[k] & paint.grid.cells[k] : cells[k] | paint.grid.cells[k];
  return { rows: target.rows, cols: target.cols, cells };
}

/** The masks with a preset painted in (a new set; `masks` is not changed). */
export function applyPreset(masks: MaskSet, paint: PresetPaint): MaskSet {
  const next: MaskSet = { ...masks, rec: { ...masks.rec }, in: { ...masks.in }, out: { ...masks.out } };
  for (const name of MATRICES) {
    const layers = paint.layers[name];
    if (layers?.connectivity) next[name].connectivity = combineInto(masks[name].connectivity, layers.connectivity);
    if (layers?.plasticity) next[name].plasticity = combineInto(masks[name].plasticity, layers.plasticity);
  }
  if (paint.daleRatio !== undefined) next.daleRatio = paint.daleRatio;
  return next;
}
