import { describe, expect, it } from 'vitest';
import { csvField, metricsCsv, stageOfPoints } from './metrics-csv.ts';

describe('metrics CSV', () => {
  it('writes a header and one row per point, stages from 1 with their names', () => {
    const csv = metricsCsv(
      {
        trials: [128, 256, 384, 512],
        loss: [0.25, 0.125, 0.0625, 0.03125],
        accuracy: [0.5, 0.75, 0.875, 1],
        stageChanges: [{ trials: 256, stage: 1 }],
      },
      ['coherence 0.7', 'coherence 0.1'],
    );
    expect(csv).toBe(
      [
        'trials,loss,accuracy,stage,stage_name',
        '128,0.25,0.5,1,coherence 0.7',
        '256,0.125,0.75,1,coherence 0.7', // recorded at the epoch that ended the stage: still trained in stage 1
        '384,0.0625,0.875,2,coherence 0.1',
        '512,0.03125,1,2,coherence 0.1',
        '',
      ].join('\n'),
    );
  });

  it('without a curriculum every point is stage 1; no names leave the name empty', () => {
    const csv = metricsCsv({ trials: [10, 20], loss: [1, 0.5], accuracy: [0, 1], stageChanges: [] });
    expect(csv.split('\n').slice(1, 3)).toEqual(['10,1,0,1,', '20,0.5,1,1,']);
  });

  it('an empty curve is the header alone', () => {
    expect(metricsCsv({ trials: [], loss: [], accuracy: [], stageChanges: [] })).toBe('trials,loss,accuracy,stage,stage_name\n');
  });

  it('keeps floats exact and writes a diverged loss as nan / inf', () => {
    const csv = metricsCsv({ trials: [1, 2, 3], loss: [0.1 + 0.2, NaN, Infinity], accuracy: [Math.fround(0.3), 0, -Infinity], stageChanges: [] });
    const rows = csv.trim().split('\n').slice(1).map((line) => line.split(','));
    expect(Number(rows[0][1])).toBe(0.1 + 0.2);
    expect(Number(rows[0][2])).toBe(Math.fround(0.3));
    expect(rows[1][1]).toBe('nan');
    expect(rows[2].slice(1, 3)).toEqual(['inf', '-inf']);
  });

  it('quotes names holding commas, quotes or line breaks (RFC 4180)', () => {
    expect(csvField('coherence 0.7')).toBe('coherence 0.7');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('follows several stage changes, skipping stages passed within one epoch', () => {
    expect(stageOfPoints([1, 2, 3, 4, 5], [{ trials: 1, stage: 1 }, { trials: 3, stage: 3 }])).toEqual([0, 1, 1, 3, 3]);
  });

  it('refuses columns of different lengths, saying which', () => {
    expect(() => metricsCsv({ trials: [1, 2], loss: [1], accuracy: [1, 1], stageChanges: [] })).toThrow('2 trials, 1 losses, 2 accuracies');
  });
});
