import { describe, expect, it } from 'vitest';
import { cellAt, countOnes, createGrid, type MaskGrid } from './grid.ts';
import { masksFromConstraints, type MaskSet, type NetworkShape } from './mask-set.ts';
import { allToAll, applyPreset, daleOrdering, equalSizes, fixedExcitatoryInhibitory, noAutapses, type PresetResult, randomSparse, regionOfUnits, regions } from './presets.ts';
import { defaultSpec } from '../spec/spec.ts';

const SHAPE: NetworkShape = { N_rec: 10, N_in: 2, N_out: 2 };

function paintOf(result: PresetResult) {
  if (!result.ok) throw new Error(result.message);
  return result.paint;
}

function freshMasks(shape: NetworkShape): MaskSet {
  return masksFromConstraints(defaultSpec().model.constraints, shape);
}

/** Ones in rows r0..r1 × columns c0..c1 (inclusive). */
function onesIn(grid: MaskGrid, r0: number, r1: number, c0: number, c1: number): number {
  let n = 0;
  for (let i = r0; i <= r1; i++) for (let j = c0; j <= c1; j++) n += cellAt(grid, i, j);
  return n;
}

/** |observed − expected| within 4 binomial standard deviations (a false failure about once in 16 000 runs). */
function expectBinomial(ones: number, n: number, p: number) {
  expect(Math.abs(ones - n * p)).toBeLessThanOrEqual(4 * Math.sqrt(n * p * (1 - p)));
}

describe('mask presets', () => {
  it('no autapses forbids exactly the diagonal and keeps what was painted', () => {
    const masks = freshMasks(SHAPE);
    masks.rec.connectivity.cells[3] = 0; // (0, 3) forbidden beforehand
    const next = applyPreset(masks, paintOf(noAutapses(SHAPE)));
    for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) expect(cellAt(next.rec.connectivity, i, j)).toBe(i === j || (i === 0 && j === 3) ? 0 : 1);
    expect(countOnes(next.rec.plasticity)).toBe(0);
    expect(masks.rec.connectivity.cells[0]).toBe(1); // the input set is not changed
  });

  it('all-to-all allows every connection of the three matrices, leaving plasticity alone', () => {
    const masks = freshMasks(SHAPE);
    masks.rec.connectivity.cells.fill(0);
    masks.in.connectivity.cells.fill(0);
    masks.rec.plasticity.cells[5] = 1;
    const next = applyPreset(masks, paintOf(allToAll(SHAPE)));
    expect([countOnes(next.rec.connectivity), countOnes(next.in.connectivity), countOnes(next.out.connectivity)]).toEqual([100, 20, 20]);
    expect(countOnes(next.rec.plasticity)).toBe(1);
  });

  it('random sparse has density p within binomial tolerance, and the same seed gives the same mask', () => {
    const shape = { N_rec: 200, N_in: 2, N_out: 2 };
    for (const p of [0.1, 0.5, 0.9]) {
      const grid = paintOf(randomSparse(shape, p, 7)).layers.rec!.connectivity!.grid;
      expectBinomial(countOnes(grid), 40_000, p);
    }
    const a = paintOf(randomSparse(shape, 0.3, 11)).layers.rec!.connectivity!.grid;
    const b = paintOf(randomSparse(shape, 0.3, 11)).layers.rec!.connectivity!.grid;
    const c = paintOf(randomSparse(shape, 0.3, 12)).layers.rec!.connectivity!.grid;
    expect(a.cells).toEqual(b.cells);
    expect(a.cells).not.toEqual(c.cells);
    expect(countOnes(paintOf(randomSparse(shape, 0, 1)).layers.rec!.connectivity!.grid)).toBe(0);
    expect(countOnes(paintOf(randomSparse(shape, 1, 1)).layers.rec!.connectivity!.grid)).toBe(40_000);
  });

  it('random sparse refuses a density outside [0, 1]', () => {
    expect(randomSparse(SHAPE, 1.5, 1)).toEqual({ ok: false, message: 'Density p must be a number from 0 to 1, got 1.5' });
    expect(randomSparse(SHAPE, Number.NaN, 1).ok).toBe(false);
  });

  it('two regions: dense blocks within, per-direction densities between, inputs and outputs per region', () => {
    const shape = { N_rec: 200, N_in: 3, N_out: 2 };
    const options = { sizes: [120, 80], density: [[1, 0], [0.25, 0.5]], inputs: [true, false], outputs: [false, true] };
    const paint = paintOf(regions(shape, options, 3));
    const rec = paint.layers.rec!.connectivity!.grid;
    expect(onesIn(rec, 0, 119, 0, 119)).toBe(120 * 120); // region 1 within: density 1
    expect(onesIn(rec, 0, 119, 120, 199)).toBe(0); // region 2 → 1 (rows of 1, columns of 2): density 0
    expectBinomial(onesIn(rec, 120, 199, 0, 119), 80 * 120, 0.25); // region 1 → 2
    expectBinomial(onesIn(rec, 120, 199, 120, 199), 80 * 80, 0.5); // region 2 within
    const input = paint.layers.in!.connectivity!.grid;
    expect([onesIn(input, 0, 119, 0, 2), onesIn(input, 120, 199, 0, 2)]).toEqual([360, 0]);
    const output = paint.layers.out!.connectivity!.grid;
    expect([onesIn(output, 0, 1, 0, 119), onesIn(output, 0, 1, 120, 199)]).toEqual([0, 160]);
    expect(paintOf(regions(shape, options, 3)).layers.rec!.connectivity!.grid.cells).toEqual(rec.cells);
  });

  it('regions refuse sizes that do not add up to N_rec, bad densities, and no inputs or no outputs', () => {
    const ok = { sizes: [5, 5], density: [[1, 0], [0, 1]], inputs: [true, false], outputs: [false, true] };
    expect(regions(SHAPE, { ...ok, sizes: [3, 3] }, 1)).toEqual({ ok: false, message: 'Region sizes must add up to N_rec = 10; 3 + 3 = 6' });
    expect(regions(SHAPE, { ...ok, sizes: [10.5, -0.5] }, 1)).toEqual({ ok: false, message: 'Region sizes must be whole numbers ≥ 1, got 10.5' });
    expect(regions(SHAPE, { ...ok, density: [[1, 2], [0, 1]] }, 1)).toEqual({ ok: false, message: 'Density region 2 → region 1 must be a number from 0 to 1, got 2' });
    expect(regions(SHAPE, { ...ok, inputs: [false, false] }, 1).ok).toBe(false);
    expect(regions(SHAPE, { ...ok, outputs: [false, false] }, 1).ok).toBe(false);
  });

  it('equal sizes split N_rec with the remainder in the first regions', () => {
    expect(equalSizes(10, 3)).toEqual([4, 3, 3]);
    expect(equalSizes(8, 2)).toEqual([4, 4]);
  });

  it('Dale ordering sets the ratio only, and refuses one giving no excitatory unit', () => {
    const next = applyPreset(freshMasks(SHAPE), paintOf(daleOrdering(SHAPE, 0.8)));
    expect(next.daleRatio).toBe(0.8);
    expect(countOnes(next.rec.connectivity)).toBe(100);
    expect(daleOrdering(SHAPE, 0.05)).toEqual({ ok: false, message: 'A Dale ratio of 0.05 gives ⌊0.05·10⌋ = 0 excitatory units: use at least 0.1 (1/N_rec)' });
    expect(daleOrdering(SHAPE, 1).ok).toBe(false);
  });

  it('fixed E→I and I→E fix exactly those blocks of W_rec, added to cells already fixed', () => {
    const masks = freshMasks(SHAPE);
    masks.rec.plasticity.cells[0] = 1; // (0, 0): E→E, fixed by hand
    const eToI = applyPreset(masks, paintOf(fixedExcitatoryInhibitory(SHAPE, 0.8, { eToI: true, iToE: false })));
    // nE = 8: E→I is rows 8–9 (post I) × columns 0–7 (pre E)
    for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) expect(cellAt(eToI.rec.plasticity, i, j)).toBe((i >= 8 && j < 8) || (i === 0 && j === 0) ? 1 : 0);
    expect(eToI.daleRatio).toBe(0.8);
    const both = applyPreset(freshMasks(SHAPE), paintOf(fixedExcitatoryInhibitory(SHAPE, 0.8, { eToI: true, iToE: true })));
    expect([onesIn(both.rec.plasticity, 8, 9, 0, 7), onesIn(both.rec.plasticity, 0, 7, 8, 9), countOnes(both.rec.plasticity)]).toEqual([16, 16, 32]);
    expect(fixedExcitatoryInhibitory(SHAPE, 0.8, { eToI: false, iToE: false }).ok).toBe(false);
    // ⌊0.95·10⌋ = 9: one I unit, so E→I is row 9 × columns 0–8
    const one = applyPreset(freshMasks(SHAPE), paintOf(fixedExcitatoryInhibitory(SHAPE, 0.95, { eToI: true, iToE: false })));
    expect([onesIn(one.rec.plasticity, 9, 9, 0, 8), countOnes(one.rec.plasticity)]).toEqual([9, 9]);
    expect(fixedExcitatoryInhibitory(SHAPE, 0.05, { eToI: true, iToE: true }).ok).toBe(false);
  });

  it('applyPreset gives a new set and leaves the grids it does not touch as they were', () => {
    const masks = freshMasks(SHAPE);
    const before = createGrid(10, 10, 1);
    const next = applyPreset(masks, paintOf(noAutapses(SHAPE)));
    expect(masks.rec.connectivity.cells).toEqual(before.cells);
    expect(next.in).not.toBe(masks.in);
    expect(next.in.connectivity.cells).toEqual(masks.in.connectivity.cells);
  });

});

describe('regions under Dale', () => {
  it('give every region its share of the E units and of the I units, in region order', () => {
    const region = regionOfUnits([25, 25], 40);
    expect(region.slice(0, 20).every((r) => r === 0) && region.slice(20, 40).every((r) => r === 1)).toBe(true);
    expect(region.slice(40, 45).every((r) => r === 0) && region.slice(45).every((r) => r === 1)).toBe(true);
    // uneven: 3 and 7 units, 8 excitatory — E split 2 / 6 (largest remainder), I 1 / 1
    expect(regionOfUnits([3, 7], 8)).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 0, 1]);
    // a region too small for its share gives the rest away; without Dale, consecutive runs
    expect(regionOfUnits([1, 9], 9)).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(regionOfUnits([2, 3], null)).toEqual([0, 0, 1, 1, 1]);
  });

  it('paint the blocks of the mixed layout: a region 2 → 1 density of 0 cuts exactly those cells', () => {
    const shape = { N_rec: 10, N_in: 2, N_out: 2 };
    const options = { sizes: [5, 5], density: [[1, 0], [1, 1]], inputs: [true, false], outputs: [false, true], excitatory: 8 };
    const { rec, in: input } = paintOf(regions(shape, options, 1)).layers;
    const region = regionOfUnits([5, 5], 8);
    for (let i = 0; i < 10; i++) {
      for (let j = 0; j < 10; j++) expect(rec!.connectivity!.grid.cells[i * 10 + j], `[${i}][${j}]`).toBe(region[i] === 0 && region[j] === 1 ? 0 : 1);
      expect(input!.connectivity!.grid.cells[i * 2]).toBe(region[i] === 0 ? 1 : 0);
    }
  });
});

