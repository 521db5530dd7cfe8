/** Becoming an LSTM puts back what the LSTM does not use, says what, and gives a spec the spec check accepts. */
import { expect, test } from 'vitest';
import { defaultSpec, safeParseSpec } from '../../core/spec/spec.ts';
import { asLstm, lstmResetNote } from './AdvancedLstm.ts';

test('a rate network with Dale, no autapses, fixed W_rec and L1/L2 on W_in and W_rec becomes an accepted LSTM', () => {
  const spec = defaultSpec();
  spec.model.constraints.dale_ratio = 0.8;
  spec.model.constraints.autapses = false;
  spec.model.constraints.trainable.W_rec = false;
  spec.model.constraints.trainable.W_out = false;
  spec.regularization.L1_in = 0.1;
  spec.regularization.L2_rec = 0.2;
  spec.regularization.L2_out = 0.3;
  spec.regularization.L2_firing_rate = 0.4;
  expect(safeParseSpec({ ...spec, model: { ...spec.model, type: 'lstm' } }).ok).toBe(false);

  const { spec: lstm, reset } = asLstm(spec);
  expect(reset).toEqual(['dale_ratio', 'autapses', 'W_rec_train', 'L1_in', 'L2_rec']);
  expect(safeParseSpec(lstm).ok).toBe(true);
  expect(lstm.model.type).toBe('lstm');
  // what the LSTM uses is kept
  expect(lstm.model.constraints.trainable.W_out).toBe(false);
  expect(lstm.regularization).toMatchObject({ L1_in: 0, L2_rec: 0, L2_out: 0.3, L2_firing_rate: 0.4 });
  // the spec given is not touched
  expect(spec.model.constraints.dale_ratio).toBe(0.8);
  expect(lstmResetNote(reset)).toBe('The LSTM does not use dale_ratio, autapses, W_rec_train, L1_in, L2_rec: they were put back to their defaults.');
});

test('a network with nothing the LSTM refuses changes only its type, and nothing is said', () => {
  const spec = defaultSpec();
  spec.model.constraints.dale_ratio = 0; // no Dale rule, like null
  const { spec: lstm, reset } = asLstm(spec);
  expect(reset).toEqual([]);
  expect(lstmResetNote(reset)).toBeNull();
  expect({ ...lstm, model: { ...lstm.model, type: 'basic', constraints: { ...lstm.model.constraints, dale_ratio: 0 } } }).toEqual(spec);
});

test('one setting put back is said in the singular', () => {
  expect(lstmResetNote(['L2_in'])).toBe('The LSTM does not use L2_in: it was put back to its default.');
});

test('becoming a GRU puts back the same settings and says so with the GRU’s name', () => {
  const spec = defaultSpec();
  spec.model.constraints.dale_ratio = 0.8;
  spec.regularization.L2_in = 0.1;
  const { spec: gru, reset } = asLstm(spec, 'gru');
  expect(gru.model.type).toBe('gru');
  expect(safeParseSpec(gru).ok).toBe(true);
  expect(lstmResetNote(reset, 'gru')).toBe('The GRU does not use dale_ratio, L2_in: they were put back to their defaults.');
});
