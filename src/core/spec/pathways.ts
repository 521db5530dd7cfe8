/**
 * Whether the masks leave a path from the inputs to each output. Unit j drives unit i when rec_connectivity[i][j] is 1
 * (presynaptic j → postsynaptic i, PsychRNN's W[i][j]); input k reaches unit i when input_connectivity[i][k] is 1; unit
 * i drives output o when output_connectivity[o][i] is 1 and, under Dale's principle, i is excitatory (PsychRNN's
 * Dale_out). A null mask allows every connection. An output no path reaches is the same function of b_out and the
 * recurrent drift on every trial: no stimulus can change it, so no task can be learnt.
 */

export interface Masks {
  N_in: number;
  N_rec: number;
  N_out: number;
  /** [N_rec][N_in] or null */
  input: number[][] | null;
  /** [N_rec][N_rec] or null */
  rec: number[][] | null;
  /** [N_out][N_rec] or null */
  output: number[][] | null;
  /** units 0 … excitatory − 1 may drive the outputs (N_rec without Dale's principle) */
  excitatory: number;
}

/** The units some input reaches, directly or through the recurrent connections (1 = reached). */
export function unitsReachedFromInputs(m: Masks): Uint8Array {
  const reached = new Uint8Array(m.N_rec);
  const queue: number[] = [];
  for (let i = 0; i < m.N_rec; i++) {
    if (m.input === null ? m.N_in > 0 : m.input[i].some((v) => v === 1)) {
      reached[i] = 1;
      queue.push(i);
    }
  }
  // without a recurrent mask every unit drives every other: one reached unit reaches all
  if (m.rec === null) return queue.length > 0 ? reached.fill(1) : reached;
  for (let head = 0; head < queue.length; head++) {
    const j = queue[head];
    for (let i = 0; i < m.N_rec; i++) {
      if (!reached[i] && m.rec[i][j] === 1) {
        reached[i] = 1;
        queue.push(i);
      }
    }
  }
  return reached;
}

/** The outputs no input can reach through the masks (their indices, ascending). */
export function unreachableOutputs(m: Masks): number[] {
  const reached = unitsReachedFromInputs(m);
  const cut: number[] = [];
  for (let o = 0; o < m.N_out; o++) {
    let driven = false;
    for (let i = 0; i < m.excitatory && !driven; i++) driven = reached[i] === 1 && (m.output === null || m.output[o][i] === 1);
    if (!driven) cut.push(o);
  }
  return cut;
}
