/** The task worker's answers about a person's task file: declarations, shapes, rules, previews, and every error with its line. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeTask, PREVIEW_TRIALS, previewTrials, type TaskValues } from './task-service.ts';

const VALUES: TaskValues = { dt: 10, tau: 100, T: 300, N_batch: 128, options: {} };

/** One noisy input whose mean's sign is reported on two outputs after a go cue. */
const MEAN_SIGN = `import { defineTask, inPeriod } from 'cogrnn';

export default defineTask({
  name: 'MeanSign',
  title: 'Mean sign',
  description: 'report the sign of a noisy input after a go cue',
  options: {
    mean: { type: 'number', label: 'Mean', min: 0, max: 2, default: 0.5, help: 'size of the mean' },
    channels: { type: 'number', integer: true, min: 1, max: 4, default: 1, help: 'copies of the input' },
  },
  N_in: (task) => task.channels + 1,
  N_out: 2,
  rules: (task) => (task.T < 150 ? [{ key: 'T', message: 'must hold the stimulus and the go cue (150 ms)' }] : []),
  timing: { stimulus: 100, go: 50 },
  generateTrialParams: (rng) => ({ sign: rng.int(2) === 1 ? 1 : -1 }),
  trialFunction(time, p, step, rng, task) {
    if (inPeriod(time, p.periods, 'stimulus')) step.x[0] = p.sign * task.mean + 0.1 * rng.normal();
    if (inPeriod(time, p.periods, 'go')) {
      step.x[task.channels] = 1;
      step.y[p.sign > 0 ? 1 : 0] = 1;
      step.mask.fill(1);
    }
  },
  condition: (p) => ({ label: p.sign > 0 ? '+' : '-', evidence: p.sign }),
});
`;

/** MEAN_SIGN with `line` of its trial function replaced. */
const withTrialLine = (line: string) => MEAN_SIGN.replace("    if (inPeriod(time, p.periods, 'go')) {", `    ${line}\n    if (inPeriod(time, p.periods, 'go')) {`);
const preview = (source: string, values = VALUES, shape = { N_in: 2, N_out: 2 }) => previewTrials(source, 'mean-sign.ts', values, shape, 1);

describe('describeTask', () => {
  it('answers the declarations, the values resolved against them and the shapes they give', () => {
    const answer = describeTask(MEAN_SIGN, 'mean-sign.ts', { ...VALUES, options: { channels: 3, colour: 'red' } });
    expect(answer).toMatchObject({ ok: true, N_in: 4, N_out: 2, problems: [], replaced: [] });
    if (!answer.ok) return;
    expect(answer.task).toMatchObject({ name: 'MeanSign', title: 'Mean sign', evidenceAxis: null });
    expect(answer.task.options.mean).toEqual({ type: 'number', label: 'Mean', help: 'size of the mean', min: 0, max: 2, default: 0.5 });
    // a key the code does not declare is dropped, a declared one absent takes its default
    expect(answer.values).toEqual({ dt: 10, tau: 100, T: 300, N_batch: 128, options: { mean: 0.5, channels: 3 } });
    // the answer is plain data (it crosses to the page)
    expect(structuredClone(answer)).toEqual(answer);
  });

  it('replaces a value out of its declared bounds by the default, and says so', () => {
    const answer = describeTask(MEAN_SIGN, 'mean-sign.ts', { ...VALUES, options: { mean: 5, channels: 2.5 } });
    expect(answer.ok && answer.replaced).toEqual([
      { key: 'mean', message: 'mean = 5 is not a number in [0, 2]; its default 0.5 is used' },
      { key: 'channels', message: 'channels = 2.5 is not an integer in [1, 4]; its default 1 is used' },
    ]);
  });

  it('reports the rules the values break, at their key', () => {
    const answer = describeTask(MEAN_SIGN, 'mean-sign.ts', { ...VALUES, T: 100 });
    expect(answer.ok && answer.problems).toEqual([{ key: 'T', message: 'must hold the stimulus and the go cue (150 ms)' }]);
  });

  it('takes the timing the definition declares when asked (a new or opened file)', () => {
    const source = MEAN_SIGN.replace("  N_out: 2,\n", '  N_out: 2,\n  defaults: { T: 400, dt: 5 },\n');
    expect(describeTask(source, 'a.ts', VALUES, true)).toMatchObject({ ok: true, values: { dt: 5, T: 400, tau: 100 } });
    expect(describeTask(source, 'a.ts', VALUES, false)).toMatchObject({ ok: true, values: { dt: 10, T: 300 } });
  });

  it('gives a syntax error its line and column', () => {
    const answer = describeTask(MEAN_SIGN.replace('N_out: 2,', 'N_out: 2 +,'), 'mean-sign.ts', VALUES);
    expect(answer).toEqual({ ok: false, error: { message: 'syntax error: Unexpected token', line: 12, column: 13 } });
  });

  it('names a channel function that throws, with its line', () => {
    const answer = describeTask(MEAN_SIGN.replace('N_in: (task) => task.channels + 1,', 'N_in: (task) => { throw new Error("no"); },'), 'mean-sign.ts', VALUES);
    expect(answer).toEqual({ ok: false, error: { message: 'MeanSign: N_in threw no', line: 11, column: 27 } });
  });

  it('names a definition problem', () => {
    const answer = describeTask(MEAN_SIGN.replace("name: 'MeanSign',", "name: 'Mean Sign',"), 'mean-sign.ts', VALUES);
    expect(answer.ok === false && answer.error.message).toMatch(/name must be an identifier/);
  });
});

describe('previewTrials', () => {
  it('generates a few trials with their periods, summaries and conditions, as plain data', () => {
    const answer = preview(MEAN_SIGN);
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    const { x, y, mask, trials, dt } = answer.preview;
    expect([x.shape, y.shape, mask.shape, dt]).toEqual([[3, 30, 2], [3, 30, 2], [3, 30, 2], 10]);
    expect(trials[0].periods).toEqual({ stimulus: [0, 100], go: [100, 150] });
    expect(trials[0].summary).toMatch(/^sign -?1$/);
    expect(['+', '-']).toContain(trials[0].condition);
    expect(structuredClone(answer)).toEqual(answer);
  });

  it('names a trial function that throws, the time step and the line', () => {
    const answer = preview(withTrialLine("if (time === 50) throw new Error('boom');"));
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.message).toMatch(/^MeanSign: trialFunction threw boom \(t = 50 ms, batch 1, trial 0\)$/);
    expect([answer.error.line, answer.error.column]).toEqual([18, 28]);
  });

  it.each([
    ['NaN', 'step.x[0] = NaN;', /^MeanSign: trialFunction wrote NaN into step\.x\[0\]; expected N_in = 2 finite numbers \(t = 0 ms, batch 1, trial 0\)$/],
    ['Infinity', 'step.y[1] = Infinity;', /trialFunction wrote Infinity into step\.y\[1\]; expected N_out = 2 finite numbers \(t = 0 ms/],
    ['a string', "(step.x as unknown as string[])[1] = 'a';", /trialFunction wrote NaN into step\.x\[1\]/],
    ['a shorter array', 'step.y = new Float32Array(1);', /trialFunction wrote an array of length 1 into step\.y; expected N_out = 2 finite numbers \(t = 0 ms/],
    ['a non-number', "(step as { mask: unknown }).mask = 'all';", /trialFunction wrote string into step\.mask; expected N_out = 2 finite numbers/],
  ])('names a trial function that writes %s, the time step and what was expected', (_what, line, message) => {
    const answer = preview(withTrialLine(line));
    expect(answer.ok === false && answer.error.message).toMatch(message);
  });

  it('names a write past the channels (which a Float32Array would drop), with its line', () => {
    const answer = preview(withTrialLine('step.y[2] = 1;'));
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.message).toBe(
      'MeanSign: trialFunction threw RangeError: wrote step.y[2], but step.y has N_out = 2 entries (indices 0 to 1) (t = 0 ms, batch 1, trial 0)',
    );
    expect([answer.error.line, answer.error.column]).toEqual([18, 15]);
  });

  it('names generateTrialParams and accuracyFunction when they throw', () => {
    const params = preview(MEAN_SIGN.replace("generateTrialParams: (rng) => ({", "generateTrialParams: (rng) => (rng.int(2) < 9 ? null! : {"));
    expect(params.ok === false && params.error.message).toMatch(/generateTrialParams (threw|must return an object)/);
    const accuracy = preview(MEAN_SIGN.replace('  condition:', '  accuracyFunction: () => { throw new Error("acc"); },\n  condition:'));
    expect(accuracy).toEqual({ ok: false, error: { message: 'MeanSign: accuracyFunction threw acc', line: 24, column: 35 } });
  });

  it('refuses a task whose mask is never 1, as the training worker would', () => {
    const answer = preview(MEAN_SIGN.replace('step.mask.fill(1);', ''));
    expect(answer.ok === false && answer.error.message).toMatch(new RegExp(`^MeanSign: trialFunction never sets step\\.mask to 1 \\(checked ${PREVIEW_TRIALS} trials`));
  });

  it('does not generate a trial too long to draw', () => {
    const answer = preview(MEAN_SIGN, { ...VALUES, T: 2e6, dt: 1 });
    expect(answer).toMatchObject({ ok: false, tooLong: true, error: { message: expect.stringMatching(/2,000,000 time steps is too long to preview/) } });
  });

  it('previews the built-in tasks forked as files, and the New task template', () => {
    const sources = ['../core/tasks/perceptual-discrimination.ts', '../core/tasks/match-to-category.ts', '../ui/templates/new-task.ts'].map((path) =>
      readFileSync(new URL(path, import.meta.url), 'utf8').replace(/from '[./a-z]*api\.ts'/, "from 'cogrnn'"),
    );
    for (const source of sources) {
      const described = describeTask(source, 'fork.ts', { ...VALUES, T: 2000 });
      expect(described.ok, JSON.stringify(described)).toBe(true);
      if (!described.ok) continue;
      expect(described.problems).toEqual([]);
      const answer = previewTrials(source, 'fork.ts', described.values, described, 1);
      expect(answer.ok, JSON.stringify(answer)).toBe(true);
    }
  });
});
