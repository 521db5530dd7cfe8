import { describe, expect, it } from 'vitest';
import { markedMasks, packMasks, unpackMasks } from './mask-bits.ts';

const specWith = (constraints: Record<string, unknown>) => ({ version: 2, model: { N_rec: 3, constraints } });

describe('mask bits', () => {
  const rec = [
    [1, 0, 1],
    [0, 1, 1],
    [1, 1, 0],
  ];

  it('packs each mask eight entries to a byte, most significant first, and leaves a marker with its shape', () => {
    const { json, bits, cells } = packMasks(specWith({ rec_connectivity: rec, fixed_weights: { b_rec: [0, 0, 1] } }));
    // 101 011 110 → 1010 1111 | 0(…) ; b_rec 001 → 0010 0000 on a byte of its own
    expect(Array.from(bits)).toEqual([0b10101111, 0b00000000, 0b00100000]);
    expect(cells).toBe(12);
    expect(json).toEqual(specWith({ rec_connectivity: { $bits: [3, 3] }, fixed_weights: { b_rec: { $bits: [3] } } }));
  });

  it('unpacks what it packed, and leaves null, ragged or non-0/1 values in the JSON as they were', () => {
    const spec = specWith({ input_connectivity: null, rec_connectivity: rec, output_connectivity: [[1, 0], [1]], fixed_weights: { W_rec: [[2, 0, 0]], b_out: [1, 1] } });
    const { json, bits } = packMasks(spec);
    expect(markedMasks(json)).toEqual([
      { key: 'rec_connectivity', cells: 9 },
      { key: 'b_out', cells: 2 },
    ]);
    expect(unpackMasks(json, bits)).toBeNull();
    expect(json).toEqual(spec);
  });

  it('says when the bits are too few or too many for the marked masks, or a marker has no shape', () => {
    const { json, bits } = packMasks(specWith({ rec_connectivity: rec }));
    expect(unpackMasks(structuredClone(json), bits.subarray(0, 1))).toBe('its mask rec_connectivity needs 2 bytes of bits but only 1 remain');
    expect(unpackMasks(structuredClone(json), new Uint8Array([...bits, 0]))).toBe('1 byte of mask bits belongs to no mask');
    expect(markedMasks(specWith({ rec_connectivity: { $bits: [3, -1] } }))).toBe('its mask rec_connectivity has no readable shape ([3,-1])');
  });

  it("packs the perturbation's cut connections after the constraints' masks", () => {
    const cut = [
      [0, 0, 0],
      [1, 0, 0],
      [0, 0, 1],
    ];
    const spec = { ...specWith({ rec_connectivity: rec }), perturbation: { silence: [0], cut_connections: cut } };
    const { json, bits, cells } = packMasks(spec);
    // rec 101 011 110 → 1010 1111 | 0(…); cut 000 100 001 → 0001 0000 | 1(…)
    expect(Array.from(bits)).toEqual([0b10101111, 0b00000000, 0b00010000, 0b10000000]);
    expect(cells).toBe(18);
    expect((json as { perturbation: unknown }).perturbation).toEqual({ silence: [0], cut_connections: { $bits: [3, 3] } });
    expect(markedMasks(json)).toEqual([
      { key: 'rec_connectivity', cells: 9 },
      { key: 'cut_connections', cells: 9 },
    ]);
    expect(unpackMasks(json, bits)).toBeNull();
    expect(json).toEqual(spec);
  });
});
