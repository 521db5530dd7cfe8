import { describe, expect, it } from 'vitest';
import type { Array3 } from '../array3.ts';
import { effectiveWeights } from '../model/constraints.ts';
import { gaussianSpectralRadius, lstmInitializer, weightInitializer } from '../model/initializers.ts';
import { ndarray, type BasicWeights, type LstmWeights } from '../model/weights.ts';
import { Rng } from '../rng.ts';
import { BasicSimulator, LSTMSimulator } from './simulator.ts';

function input3(shape: [number, number, number], values: number[]): Array3 {
  return { data: Float32Array.from(values), shape };
}

function randomInput(shape: [number, number, number], rng: Rng): Array3 {
  return { data: rng.fillNormal(new Float32Array(shape[0] * shape[1] * shape[2])), shape };
}

/** N_in = 1, N_rec = 2, N_out = 1, relu; every number chosen to make the hand computation short. */
function tinyNetwork(): BasicWeights {
  return weightInitializer(
    {
      N_in: 1,
      N_rec: 2,
      N_out: 1,
      W_in: ndarray([2, 1], [1, -1]),
      W_rec: ndarray([2, 2], [0.5, -1, 2, 0]),
      W_out: ndarray([1, 2], [1, -2]),
      b_rec: ndarray([2], [0.1, -0.2]),
      b_out: ndarray([1], [0.3]),
      init_state: ndarray([1, 2], [0.2, -0.4]),
    },
    new Rng(0),
  );
}

function randomNetwork(seed: number): BasicWeights {
  return effectiveWeights(gaussianSpectralRadius({ N_in: 3, N_rec: 6, N_out: 2, dale_ratio: 0.5 }, new Rng(seed)));
}

describe('BasicSimulator', () => {
  it('matches a hand-computed two-step run (α = 0.5)', () => {
    const sim = new BasicSimulator(tinyNetwork(), { dt: 50, tau: 100 });
    const { outputs, states } = sim.runTrials(input3([2, 2, 1], [1, 0.5, 0, 0]));
    // trial 0, step 0: r0 = [0.2, 0]; x1 = 0.5·[0.2, −0.4] + 0.5·([0.1, 0.4] + [1, −1] + [0.1, −0.2]) = [0.7, −0.6]
    // y0 = [0.7, 0]·[1, −2] + 0.3 = 1.0
    // step 1: x2 = 0.5·[0.7, −0.6] + 0.5·([0.35, 1.4] + [0.5, −0.5] + [0.1, −0.2]) = [0.825, 0.05]; y1 = 0.825 − 0.1 + 0.3
    // trial 1, step 0 (u = 0): x1 = 0.5·[0.2, −0.4] + 0.5·[0.2, 0.2] = [0.2, −0.1]; y0 = 0.5
    const expectedStates = [0.7, -0.6, 0.825, 0.05, 0.2, -0.1];
    const expectedOutputs = [1.0, 1.025, 0.5];
    expectedStates.forEach((v, k) => expect(states.data[k]).toBeCloseTo(v, 6));
    expectedOutputs.forEach((v, k) => expect(outputs.data[k]).toBeCloseTo(v, 6));
    expect(states.shape).toEqual([2, 2, 2]);
    expect(outputs.shape).toEqual([2, 2, 1]);
    expect(sim.alpha).toBe(0.5);
  });

  it('takes alpha over dt/tau, and needs one of them', () => {
    expect(new BasicSimulator(tinyNetwork(), { alpha: 0.3, dt: 10, tau: 100 }).alpha).toBe(0.3);
    expect(() => new BasicSimulator(tinyNetwork(), { dt: 10 })).toThrow('needs alpha, or dt and tau');
  });

  it('uses the weights as given, without re-applying masks or Dale', () => {
    const w = tinyNetwork();
    w.dale_ratio = 0.5;
    w.rec_connectivity.data.fill(0);
    const u = input3([1, 2, 1], [1, 0.5]);
    expect(new BasicSimulator(w, { alpha: 0.5 }).runTrials(u)).toEqual(
      new BasicSimulator(tinyNetwork(), { alpha: 0.5 }).runTrials(u),
    );
  });

  it('rnnStep is one step of runTrials', () => {
    const w = randomNetwork(1);
    const sim = new BasicSimulator(w, { alpha: 0.1 });
    const u = randomInput([2, 1, 3], new Rng(2));
    const run = sim.runTrials(u);
    const state = [...w.init_state.data, ...w.init_state.data];
    const step = sim.rnnStep(state, u.data);
    step.state.forEach((v, k) => expect(v).toBeCloseTo(run.states.data[k], 6));
    step.output.forEach((v, k) => expect(v).toBeCloseTo(run.outputs.data[k], 6));
  });

  it('t_connectivity lesions act like removing a column of W_rec, from the lesion step on', () => {
    const w = randomNetwork(3);
    const [N_rec, T, lesioned, from] = [6, 20, 2, 10];
    const u = randomInput([1, T, 3], new Rng(4));
    const lesionFrom = (first: number) => {
      const conn = new Float32Array(T * N_rec * N_rec).fill(1);
      for (let t = first; t < T; t++) for (let i = 0; i < N_rec; i++) conn[(t * N_rec + i) * N_rec + lesioned] = 0;
      return conn;
    };
    const cut = structuredClone(w);
    for (let i = 0; i < N_rec; i++) cut.W_rec.data[i * N_rec + lesioned] = 0;
    const sim = new BasicSimulator(w, { alpha: 0.2 });
    const intact = sim.runTrials(u).states.data;
    const lesion = sim.runTrials(u, { t_connectivity: lesionFrom(from) }).states.data;

    // before the lesion: the intact trajectory
    expect(lesion.slice(0, from * N_rec)).toEqual(intact.slice(0, from * N_rec));
    // after: the cut network restarted from the last intact state
    const restart = new BasicSimulator(
      { ...cut, init_state: ndarray([1, N_rec], lesion.slice((from - 1) * N_rec, from * N_rec)) },
      { alpha: 0.2 },
    ).runTrials({ data: u.data.slice(from * 3), shape: [1, T - from, 3] });
    restart.states.data.forEach((v, k) => expect(lesion[from * N_rec + k]).toBeCloseTo(v, 6));
    expect(lesion[T * N_rec - 1]).not.toBeCloseTo(intact[T * N_rec - 1], 4);
    // lesioning every step is removing the column
    expect(sim.runTrials(u, { t_connectivity: lesionFrom(0) })).toEqual(
      new BasicSimulator(cut, { alpha: 0.2 }).runTrials(u),
    );
  });

  it('adds recurrent noise of std √(2α·σ²) around the deterministic step', () => {
    const zero = (shape: number[]) => ndarray(shape);
    const w = weightInitializer(
      {
        N_in: 1,
        N_rec: 2,
        N_out: 1,
        W_in: zero([2, 1]),
        W_rec: zero([2, 2]),
        W_out: zero([1, 2]),
        init_state: ndarray([1, 2], [0.5, 0.5]),
      },
      new Rng(0),
    );
    const [alpha, sigma, B] = [0.2, 0.3, 20000];
    const sim = new BasicSimulator(w, { alpha, rec_noise: sigma, rng: new Rng(9) });
    const x = sim.runTrials({ data: new Float32Array(B), shape: [B, 1, 1] }).states.data;
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length);
    expect(mean).toBeCloseTo((1 - alpha) * 0.5, 2); // deterministic part: (1−α)·x0
    expect(Math.abs(sd / Math.sqrt(2 * alpha * sigma ** 2) - 1)).toBeLessThan(0.02);
    expect(() => new BasicSimulator(w, { alpha, rec_noise: sigma })).toThrow('rec_noise = 0.3 needs an rng option');
  });

  it('float64 precision returns Float64Array data that rounds to the float32 result', () => {
    const w = randomNetwork(5);
    const u = randomInput([3, 15, 3], new Rng(6));
    const single = new BasicSimulator(w, { alpha: 0.1 }).runTrials(u);
    const double = new BasicSimulator(w, { alpha: 0.1, precision: 'float64' }).runTrials(u);
    expect(single.states.data).toBeInstanceOf(Float32Array);
    expect(double.states.data).toBeInstanceOf(Float64Array);
    expect(double.outputs.data).toBeInstanceOf(Float64Array);
    expect(Float32Array.from(double.states.data)).toEqual(single.states.data);
    expect(Float32Array.from(double.outputs.data)).toEqual(single.outputs.data);
    // float64 inputs are accepted too
    const u64 = { data: Float64Array.from(u.data), shape: u.shape };
    expect(new BasicSimulator(w, { alpha: 0.1, precision: 'float64' }).runTrials(u64)).toEqual(double);
  });

  it('explains bad inputs', () => {
    const sim = new BasicSimulator(tinyNetwork(), { alpha: 0.5 });
    expect(() => sim.runTrials(input3([1, 2, 2], [0, 0, 0, 0]))).toThrow(
      'input has shape [1, 2, 2]; its last axis must be N_in = 1',
    );
    expect(() => sim.runTrials(input3([1, 2, 1], [0, 0]), { t_connectivity: new Float32Array(4) })).toThrow(
      't_connectivity has 4 values; expected N_steps·N_rec·N_rec = 2·2·2 = 8',
    );
  });
});

describe('LSTMSimulator', () => {
  function lstmNetwork(N_batch: number): LstmWeights {
    const base = weightInitializer(
      { N_in: 1, N_rec: 1, N_out: 1, W_out: ndarray([1, 1], [2]), b_out: ndarray([1], [-1]) },
      new Rng(0),
    );
    return { ...base, ...lstmInitializer({ N_in: 1, N_rec: 1, N_out: 1, N_batch }, new Rng(1)), model: 'lstm' };
  }

  it('matches a hand-computed step, with h first in z = [h, u] and h′ = o ⊙ σ(c′)', () => {
    const w = lstmNetwork(1);
    w.init_hidden = ndarray([1, 1], [0.5]);
    w.init_cell = ndarray([1, 1], [-0.2]);
    w.W_f = ndarray([2, 1], [0.1, 0.2]);
    w.W_i = ndarray([2, 1], [-0.3, 0.1]);
    w.W_c = ndarray([2, 1], [0.5, -0.6]);
    w.W_o = ndarray([2, 1], [0.7, 0.8]);
    w.b_c = ndarray([1], [0]);
    const { outputs, states } = new LSTMSimulator(w).runTrials(input3([1, 1, 1], [1]));
    const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
    const f = sigmoid(0.1 * 0.5 + 0.2 + 1);
    const i = sigmoid(-0.3 * 0.5 + 0.1 + 1);
    const cTilde = Math.tanh(0.5 * 0.5 - 0.6);
    const o = sigmoid(0.7 * 0.5 + 0.8 + 1);
    const h = o * sigmoid(f * -0.2 + i * cTilde);
    expect(states.data[0]).toBeCloseTo(h, 6);
    expect(outputs.data[0]).toBeCloseTo(2 * h - 1, 6);
  });

  it('starts trial b from row b when the batch matches init_hidden, else every trial from row 0', () => {
    const w = lstmNetwork(2);
    const zeros = (B: number) => input3([B, 3, 1], new Array(B * 3).fill(0));
    const sim = new LSTMSimulator(w, { precision: 'float64' });
    const matched = sim.runTrials(zeros(2)).states.data;
    const other = sim.runTrials(zeros(3)).states.data;
    expect(matched.slice(0, 3)).not.toEqual(matched.slice(3, 6));
    for (const b of [0, 1, 2]) expect(other.slice(b * 3, b * 3 + 3)).toEqual(matched.slice(0, 3));
  });

  it('explains an input of the wrong width', () => {
    expect(() => new LSTMSimulator(lstmNetwork(1)).runTrials(input3([1, 1, 2], [0, 0]))).toThrow(
      'its last axis must be N_in = 1',
    );
  });
});

describe('RunOptions: per-step perturbations', () => {
  it('unit_gain 0 silences a unit\'s output f(x) for the readout and the next step, hand-computed (α = 0.5)', () => {
    const sim = new BasicSimulator(tinyNetwork(), { dt: 50, tau: 100, precision: 'float64' });
    // unit 0 silenced at step 0 only: gain [T = 2, N_rec = 2]
    const { outputs, states } = sim.runTrials(input3([1, 2, 1], [1, 0.5]), { unit_gain: Float32Array.from([0, 1, 1, 1]) });
    // step 0: x1 = [0.7, −0.6] as unperturbed; r = [0·0.7, 0] so y0 = b_out = 0.3
    // step 1: x2 = 0.5·[0.7, −0.6] + 0.5·(W_rec·[0, 0] + [0.5, −0.5] + [0.1, −0.2]) = [0.65, −0.65]; y1 = 0.65 + 0.3
    [0.7, -0.6, 0.65, -0.65].forEach((v, k) => expect(states.data[k]).toBeCloseTo(v, 6));
    [0.3, 0.95].forEach((v, k) => expect(outputs.data[k]).toBeCloseTo(v, 6));
  });

  it('state_noise adds std[t]·N(0, 1) per unit at the steps where std > 0, drawn from its own rng', () => {
    const sim = new BasicSimulator(tinyNetwork(), { alpha: 0.5, precision: 'float64' });
    const u = input3([1, 2, 1], [1, 0.5]);
    const std = 0.01;
    const { outputs, states } = sim.runTrials(u, { state_noise: { std: Float32Array.from([0, std]), rng: new Rng(5) } });
    const draws = new Rng(5);
    const [n0, n1] = [draws.normal(), draws.normal()];
    // step 0 is untouched; step 1's x2 = [0.825, 0.05] (the hand computation above) plus the noise
    const x2 = [0.825 + Math.fround(std) * n0, 0.05 + Math.fround(std) * n1];
    [0.7, -0.6, ...x2].forEach((v, k) => expect(states.data[k]).toBeCloseTo(v, 6));
    expect(outputs.data[1]).toBeCloseTo(Math.max(x2[0], 0) - 2 * Math.max(x2[1], 0) + 0.3, 6);
  });

  it('all-ones gain and connectivity and zero noise give the unperturbed run exactly', () => {
    const w = randomNetwork(7);
    const [T, N_rec] = [12, 6];
    const u = randomInput([2, T, 3], new Rng(8));
    const sim = new BasicSimulator(w, { alpha: 0.2 });
    const options = {
      t_connectivity: new Float32Array(T * N_rec * N_rec).fill(1),
      unit_gain: new Float32Array(T * N_rec).fill(1),
      state_noise: { std: new Float32Array(T), rng: new Rng(1) },
    };
    expect(sim.runTrials(u, options)).toEqual(sim.runTrials(u));
  });

  it('explains options of the wrong length', () => {
    const sim = new BasicSimulator(tinyNetwork(), { alpha: 0.5 });
    const u = input3([1, 2, 1], [0, 0]);
    expect(() => sim.runTrials(u, { unit_gain: new Float32Array(3) })).toThrow('unit_gain has 3 values; expected N_steps·N_rec = 2·2 = 4');
    expect(() => sim.runTrials(u, { state_noise: { std: new Float32Array(1), rng: new Rng(0) } })).toThrow('state_noise.std has 1 values; expected N_steps = 2 = 2');
  });

  describe('on the LSTM', () => {
    const [N_in, N_rec, N_out, T] = [2, 3, 2, 6];
    function lstm(): LstmWeights {
      const base = weightInitializer({ N_in, N_rec, N_out }, new Rng(10));
      return { ...base, ...lstmInitializer({ N_in, N_rec, N_out, N_batch: 1 }, new Rng(11)), model: 'lstm' };
    }
    const u = randomInput([1, T, N_in], new Rng(12));

    it('t_connectivity scales h_k\'s weight onto unit j in all four gates, like editing W_f, W_i, W_c, W_o', () => {
      const w = lstm();
      const C = Float32Array.from({ length: N_rec * N_rec }, (_, k) => [0, 1, 0.5][k % 3]);
      const edited = structuredClone(w);
      for (const g of ['W_f', 'W_i', 'W_c', 'W_o'] as const)
        for (let k = 0; k < N_rec; k++) for (let j = 0; j < N_rec; j++) edited[g].data[k * N_rec + j] *= C[j * N_rec + k];
      const perStep = new Float32Array(T * N_rec * N_rec);
      for (let t = 0; t < T; t++) perStep.set(C, t * N_rec * N_rec);
      const got = new LSTMSimulator(w, { precision: 'float64' }).runTrials(u, { t_connectivity: perStep });
      const want = new LSTMSimulator(edited, { precision: 'float64' }).runTrials(u);
      got.states.data.forEach((v, k) => expect(v).toBeCloseTo(want.states.data[k], 12));
      got.outputs.data.forEach((v, k) => expect(v).toBeCloseTo(want.outputs.data[k], 12));
    });

    it('unit_gain 0 sets h to 0 (the readout is b_out), and noise is added to h', () => {
      const w = lstm();
      const sim = new LSTMSimulator(w, { precision: 'float64' });
      const silenced = sim.runTrials(u, { unit_gain: new Float32Array(T * N_rec) });
      expect(Array.from(silenced.states.data).every((v) => v === 0)).toBe(true);
      for (let t = 0; t < T; t++) for (let o = 0; o < N_out; o++) expect(silenced.outputs.data[t * N_out + o]).toBe(w.b_out.data[o]);
      const std = Float32Array.from([0.5, 0, 0, 0, 0, 0]);
      const noisy = sim.runTrials(u, { state_noise: { std, rng: new Rng(3) } });
      const intact = sim.runTrials(u);
      const draws = new Rng(3);
      for (let j = 0; j < N_rec; j++) expect(noisy.states.data[j]).toBeCloseTo(intact.states.data[j] + 0.5 * draws.normal(), 12);
    });
  });
});
