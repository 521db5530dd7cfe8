import { describe, expect, it } from 'vitest';
import { EditHistory } from './history.ts';

describe('EditHistory', () => {
  it('undoes and redoes steps in order, exactly', () => {
    const history = new EditHistory<string>();
    history.record({ before: 'a', after: 'b' });
    history.record({ before: 'b', after: 'c' });
    expect(history.undo()).toEqual({ before: 'b', after: 'c' });
    expect(history.undo()).toEqual({ before: 'a', after: 'b' });
    expect(history.undo()).toBeNull();
    expect(history.canUndo).toBe(false);
    expect(history.redo()).toEqual({ before: 'a', after: 'b' });
    expect(history.redo()).toEqual({ before: 'b', after: 'c' });
    expect(history.redo()).toBeNull();
  });

  it('a new edit drops what had been undone', () => {
    const history = new EditHistory<number>();
    history.record({ before: 0, after: 1 });
    history.record({ before: 1, after: 2 });
    history.undo();
    history.record({ before: 1, after: 5 });
    expect(history.canRedo).toBe(false);
    expect(history.undo()).toEqual({ before: 1, after: 5 });
    expect(history.undo()).toEqual({ before: 0, after: 1 });
  });

  it('keeps the newest `limit` steps', () => {
    const history = new EditHistory<number>(3);
    for (let k = 0; k < 5; k++) history.record({ before: k, after: k + 1 });
    const undone: number[] = [];
    for (let step = history.undo(); step; step = history.undo()) undone.push(step.before);
    expect(undone).toEqual([4, 3, 2]);
  });

  it('puts back a step whose undo or redo was refused', () => {
    const history = new EditHistory<number>();
    history.record({ before: 0, after: 1 });
    history.undo();
    history.cancelUndo();
    expect(history.canUndo).toBe(true);
    expect(history.canRedo).toBe(false);
    history.undo();
    history.redo();
    history.cancelRedo();
    expect(history.canRedo).toBe(true);
    expect(history.canUndo).toBe(false);
  });
});
