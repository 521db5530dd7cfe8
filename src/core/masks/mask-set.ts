/**
 * The painter's masks: for each weight matrix (W_rec, W_in, W_out) a connectivity layer (1 = allowed) and a
 * plasticity layer (1 = fixed at its initial value), plus the Dale ratio that orders units E then I — all read from
 * and written back to the spec's constraints (reference §3.1):
 *   rec → rec_connectivity [N_rec][N_rec], fixed_weights.W_rec
 *   in  → input_connectivity [N_rec][N_in], fixed_weights.W_in
 *   out → output_connectivity [N_out][N_rec], fixed_weights.W_out
 * PsychRNN's convention throughout: W[i][j] connects presynaptic j to postsynaptic i (rows post, columns pre).
 */
import type { ConstraintsSpec } from '../spec/spec.ts';
import { cloneGrid, connectivityToSpec, fixedToSpec, gridFromMatrix, gridsEqual, type MaskGrid } from './grid.ts';

export const MATRICES = ['rec', 'in', 'out'] as const;
export type MatrixName = (typeof MATRICES)[number];
export type MaskLayer = 'connectivity' | 'plasticity';

export interface MatrixMasks {
  /** 1 = the connection exists (PsychRNN's *_connectivity) */
  connectivity: MaskGrid;
  /** 1 = the weight keeps its initial value (PsychRNN's fixed_weights) */
  plasticity: MaskGrid;
}

export interface MaskSet {
  rec: MatrixMasks;
  in: MatrixMasks;
  out: MatrixMasks;
  /** the spec's dale_ratio as it is (null or 0: no Dale rule) */
  daleRatio: number | null;
}

export interface NetworkShape {
  N_rec: number;
  N_in: number;
  N_out: number;
}

/** The spec's names for each matrix's two layers. */
export const SPEC_KEYS = {
  rec: { connectivity: 'rec_connectivity', fixed: 'W_rec' },
  in: { connectivity: 'input_connectivity', fixed: 'W_in' },
  out: { connectivity: 'output_connectivity', fixed: 'W_out' },
} as const;

/** [rows, cols] of a matrix: rows are postsynaptic (recurrent units, or outputs), columns presynaptic. */
export function matrixShape(name: MatrixName, { N_rec, N_in, N_out }: NetworkShape): [number, number] {
  if (name === 'rec') return [N_rec, N_rec];
  return name === 'in' ? [N_rec, N_in] : [N_out, N_rec];
}

export function masksFromConstraints(constraints: ConstraintsSpec, shape: NetworkShape): MaskSet {
  const matrix = (name: MatrixName): MatrixMasks => {
    const [rows, cols] = matrixShape(name, shape);
    const keys = SPEC_KEYS[name];
    return {
      connectivity: gridFromMatrix(constraints[keys.connectivity], rows, cols, 1),
      plasticity: gridFromMatrix(constraints.fixed_weights?.[keys.fixed], rows, cols, 0),
    };
  };
  return { rec: matrix('rec'), in: matrix('in'), out: matrix('out'), daleRatio: constraints.dale_ratio };
}

/**
 * The constraints with the masks written in: all-allowed connectivity as null, all-trained plasticity as an absent
 * key (and fixed_weights null once it holds nothing); the other fields (autapses, trainable, the biases' fixed masks)
 * as they were. `changed` (all layers by default) names the layers to write; the others must match the spec already.
 */
export function constraintsWithMasks(constraints: ConstraintsSpec, masks: MaskSet, changed: (name: MatrixName, layer: MaskLayer) => boolean = () => true): ConstraintsSpec {
  const fixed: NonNullable<ConstraintsSpec['fixed_weights']> = { ...constraints.fixed_weights };
  const next: ConstraintsSpec = { ...constraints, dale_ratio: masks.daleRatio };
  // layers `changed` says are as the spec has them keep the spec's matrix: converting 65 536 cells costs milliseconds
  for (const name of MATRICES) {
    const keys = SPEC_KEYS[name];
    if (changed(name, 'connectivity')) next[keys.connectivity] = connectivityToSpec(masks[name].connectivity);
    if (!changed(name, 'plasticity')) continue;
    const matrix = fixedToSpec(masks[name].plasticity);
    if (matrix) fixed[keys.fixed] = matrix;
    else delete fixed[keys.fixed];
  }
  const anyFixed = Object.values(fixed).some((value) => value !== undefined);
  return { ...next, fixed_weights: anyFixed ? fixed : null };
}

/** The spec's six mask matrices, in a fixed order (compared by identity to tell whether the masks changed at all). */
export function specMatrices(constraints: ConstraintsSpec): unknown[] {
  return MATRICES.flatMap((name) => [constraints[SPEC_KEYS[name].connectivity], constraints.fixed_weights?.[SPEC_KEYS[name].fixed]]);
}

export function cloneMasks(masks: MaskSet): MaskSet {
  const matrix = (m: MatrixMasks): MatrixMasks => ({ connectivity: cloneGrid(m.connectivity), plasticity: cloneGrid(m.plasticity) });
  return { rec: matrix(masks.rec), in: matrix(masks.in), out: matrix(masks.out), daleRatio: masks.daleRatio };
}

/** Whether the grids agree (the Dale ratio is compared apart: see the painter's history). */
export function gridsOfMasksEqual(a: MaskSet, b: MaskSet): boolean {
  return MATRICES.every((name) => gridsEqual(a[name].connectivity, b[name].connectivity) && gridsEqual(a[name].plasticity, b[name].plasticity));
}

/** The number of excitatory units, ⌊dale_ratio·N_rec⌋, or null without a Dale rule (0 counts as none, as in PsychRNN). */
export function excitatoryCount(daleRatio: number | null, N_rec: number): number | null {
  return daleRatio ? Math.floor(daleRatio * N_rec) : null;
}

/**
 * The masks of `constraints` whose size depends on N_rec (connectivity and fixed weights, the biases' and initial
 * state's included), with the N_rec they were made for; null when none is set. A network of another N_rec cannot take
 * them: the page says so at N_rec rather than dropping what was painted.
 */
export function recurrentSizedMasks(constraints: ConstraintsSpec): { N_rec: number; names: string[] } | null {
  const f = constraints.fixed_weights ?? {};
  const sized: [string, number | undefined][] = [
    ['rec_connectivity', constraints.rec_connectivity?.length],
    ['input_connectivity', constraints.input_connectivity?.length],
    ['output_connectivity', constraints.output_connectivity?.[0]?.length],
    ['fixed_weights.W_rec', f.W_rec?.length],
    ['fixed_weights.W_in', f.W_in?.length],
    ['fixed_weights.W_out', f.W_out?.[0]?.length],
    ['fixed_weights.b_rec', f.b_rec?.length],
    ['fixed_weights.init_state', f.init_state?.[0]?.length],
  ];
  const set = sized.filter((entry): entry is [string, number] => entry[1] !== undefined);
  return set.length === 0 ? null : { N_rec: set[0][1], names: set.map(([name]) => name) };
}
