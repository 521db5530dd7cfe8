import { describe, expect, it } from 'vitest';
import { defaultSpec, parseSpec } from '../spec/spec.ts';
import { connectivityToSpec, fixedToSpec, gridFromMatrix, gridToMatrix } from './grid.ts';
import { cloneMasks, constraintsWithMasks, excitatoryCount, gridsOfMasksEqual, masksFromConstraints, matrixShape } from './mask-set.ts';

const SHAPE = { N_rec: 4, N_in: 2, N_out: 1 };

describe('masks ⇄ spec', () => {
  it('all ones ⇄ null for connectivity, all zeros ⇄ absent for fixed weights', () => {
    const ones = gridFromMatrix(null, 2, 3, 1);
    expect(Array.from(ones.cells)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(connectivityToSpec(ones)).toBeNull();
    const none = gridFromMatrix(undefined, 2, 3, 0);
    expect(fixedToSpec(none)).toBeUndefined();
    none.cells[4] = 1;
    expect(fixedToSpec(none)).toEqual([[0, 0, 0], [0, 1, 0]]);
    expect(gridToMatrix(gridFromMatrix([[1, 0], [0, 1]], 2, 2, 1))).toEqual([[1, 0], [0, 1]]);
  });

  it('a matrix of another shape reads as the default', () => {
    expect(Array.from(gridFromMatrix([[0, 0]], 2, 2, 1).cells)).toEqual([1, 1, 1, 1]);
  });

  it('shapes: W_rec [N_rec][N_rec], W_in [N_rec][N_in], W_out [N_out][N_rec]', () => {
    expect([matrixShape('rec', SHAPE), matrixShape('in', SHAPE), matrixShape('out', SHAPE)]).toEqual([[4, 4], [4, 2], [1, 4]]);
  });

  it('a default spec has all-allowed, all-trained masks and writes back unchanged', () => {
    const constraints = defaultSpec().model.constraints;
    const masks = masksFromConstraints(constraints, { N_rec: 50, N_in: 2, N_out: 2 });
    expect(constraintsWithMasks(constraints, masks)).toEqual(constraints);
  });

  it('painted masks round-trip through a parsed spec exactly, keeping the fixed biases', () => {
    const spec = defaultSpec();
    spec.model.N_rec = 4;
    spec.model.constraints.fixed_weights = { b_rec: [1, 0, 0, 0] };
    const masks = masksFromConstraints(spec.model.constraints, { N_rec: 4, N_in: 2, N_out: 2 });
    masks.rec.connectivity.cells[1] = 0; // W_rec[0][1]: pre 1 → post 0 forbidden
    masks.in.connectivity.cells[7] = 0; // W_in[3][1]
    masks.out.plasticity.cells[6] = 1; // W_out[1][2] fixed
    masks.daleRatio = 0.5;
    const constraints = constraintsWithMasks(spec.model.constraints, masks);
    expect(constraints.rec_connectivity).toEqual([[1, 0, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]);
    expect(constraints.input_connectivity).toEqual([[1, 1], [1, 1], [1, 1], [1, 0]]);
    expect(constraints.output_connectivity).toBeNull();
    expect(constraints.fixed_weights).toEqual({ b_rec: [1, 0, 0, 0], W_out: [[0, 0, 0, 0], [0, 0, 1, 0]] });
    const parsed = parseSpec({ ...spec, model: { ...spec.model, constraints } });
    const back = masksFromConstraints(parsed.model.constraints, { N_rec: 4, N_in: 2, N_out: 2 });
    expect(gridsOfMasksEqual(back, masks)).toBe(true);
    expect(back.daleRatio).toBe(0.5);
  });

  it('fixed_weights becomes null once nothing in it is fixed', () => {
    const spec = defaultSpec();
    spec.model.constraints.fixed_weights = { W_rec: new Array(50).fill(0).map(() => new Array(50).fill(1)) };
    const masks = masksFromConstraints(spec.model.constraints, { N_rec: 50, N_in: 2, N_out: 2 });
    masks.rec.plasticity.cells.fill(0);
    expect(constraintsWithMasks(spec.model.constraints, masks).fixed_weights).toBeNull();
  });

  it('clones share no cells with the original', () => {
    const masks = masksFromConstraints(defaultSpec().model.constraints, SHAPE);
    const copy = cloneMasks(masks);
    copy.rec.connectivity.cells[0] = 0;
    expect(masks.rec.connectivity.cells[0]).toBe(1);
    expect(gridsOfMasksEqual(copy, masks)).toBe(false);
  });

  it('excitatory units: ⌊dale_ratio·N_rec⌋, none for null or 0', () => {
    expect([excitatoryCount(0.8, 50), excitatoryCount(0.8, 5), excitatoryCount(null, 5), excitatoryCount(0, 5)]).toEqual([40, 4, null, null]);
  });
});
