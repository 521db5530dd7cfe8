/**
 * PsychRNN's accuracy rule, shared by its built-in tasks (reference §2): a trial's choice is the output channel
 * with the largest masked time-average, and a trial is correct when it chooses the target's channel.
 */
import type { Array3 } from '../array3.ts';

function checkSameShape(what: string, a: Array3, b: Array3): void {
  if (a.shape[0] !== b.shape[0] || a.shape[1] !== b.shape[1] || a.shape[2] !== b.shape[2]) {
    throw new Error(`${what}: shapes differ, [${a.shape.join(', ')}] vs [${b.shape.join(', ')}]`);
  }
}

/**
 * The channel each trial "chooses": argmax_c mean_t(output·mask), ties to the first index (numpy's
 * argmax). Summing instead of averaging over t gives the same argmax. Returns `[N_batch]`.
 */
export function perTrialChoices(output: Array3, mask: Array3): Int32Array {
  checkSameShape('perTrialChoices(output, mask)', output, mask);
  const [nBatch, nSteps, nOut] = output.shape;
  const sums = new Float64Array(nOut);
  const choices = new Int32Array(nBatch);
  for (let b = 0; b < nBatch; b++) {
    sums.fill(0);
    for (let t = 0; t < nSteps; t++) {
      const row = (b * nSteps + t) * nOut;
      for (let c = 0; c < nOut; c++) sums[c] += output.data[row + c] * mask.data[row + c];
    }
    let best = 0;
    for (let c = 1; c < nOut; c++) if (sums[c] > sums[best]) best = c;
    choices[b] = best;
  }
  return choices;
}

/** The fraction of trials where the chosen channel of `output` equals that of the target `correct`. */
export function argmaxAccuracy(correct: Array3, output: Array3, mask: Array3): number {
  checkSameShape('argmaxAccuracy(correct, output)', correct, output);
  if (correct.shape[0] === 0) throw new Error('argmaxAccuracy: the batch is empty (N_batch = 0)');
  const truth = perTrialChoices(correct, mask);
  const chosen = perTrialChoices(output, mask);
  let hits = 0;
  for (let b = 0; b < truth.length; b++) if (truth[b] === chosen[b]) hits++;
  return hits / truth.length;
}
