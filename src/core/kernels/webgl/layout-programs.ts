/**
 * Layout changes of the fused WebGL RNN, each one draw: batch-major [B·T, n] sequences (the model's layout)
 * to the step draws' time-major "full" layout [(T+1)·Bp, nc] (block t + 1 holds step t, block 0 is zero, and
 * the padding rows and columns are zero), and back. See ./step-programs.ts.
 */
import { PackedProgram } from './step-programs.ts';

/** Sizes of a sequence: trials B (padded to Bp), steps T, values per step n (padded to nc). */
export interface SequenceDims {
  B: number;
  Bp: number;
  T: number;
  n: number;
  nc: number;
}

/** A [B·T, n] → full [(T+1)·Bp, nc], packed. Input A. */
export class ToTimeMajorProgram extends PackedProgram {
  variableNames = ['A'];

  constructor({ B, Bp, T, n, nc }: SequenceDims) {
    super([(T + 1) * Bp, nc], {}, `
float value(int row, int col) {
  int t = row / ${Bp} - 1;
  int b = row - (t + 1) * ${Bp};
  if (t < 0 || b >= ${B} || col >= ${n}) return 0.0;
  int r = b * ${T} + t;
  return getChannel(getA(r, col), vec2(r, col));
}
void main() {
  ivec2 rc = getOutputCoords();
  setOutput(vec4(value(rc.x, rc.y), value(rc.x, rc.y + 1), value(rc.x + 1, rc.y), value(rc.x + 1, rc.y + 1)));
}`);
  }
}

/** Full [(T+1)·Bp, nc] → [B, T·n] (steps 0 … T−1, that is blocks 1 … T), unpacked. Input A. */
export class ToBatchMajorProgram extends PackedProgram {
  variableNames = ['A'];

  constructor({ B, Bp, T, n }: SequenceDims) {
    super([B, T * n], {}, `
void main() {
  ivec2 rc = getOutputCoords();
  int t = rc.y / ${n};
  int i = rc.y - t * ${n};
  int r = (t + 1) * ${Bp} + rc.x;
  setOutput(getChannel(getA(r, i), vec2(r, i)));
}`, false);
  }
}
