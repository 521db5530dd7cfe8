/**
 * The fixed-points search settings: the condition (the task's, as the plots group its trials, or zero input over
 * all of them), the constant input u it implies (its strongest input, a declared period, zero, or typed), the
 * number of starts, the q tolerance and the iteration limit; Find fixed points and Cancel, with the progress line.
 */
import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FixedPointChoices } from '../../worker/fixed-points-protocol.ts';
import { inputKey, vectorText, type FixedPointForm } from './form.ts';
import { cancel, runSearch } from './search.ts';
import { useFixedPoints } from './store.ts';

/** Select value standing for "zero input over every condition". */
const ZERO_CONDITION = '';

interface TextFieldProps {
  label: string;
  field: 'startCount' | 'qTolerance' | 'maxIterations' | 'customU';
  testId: string;
  disabled: boolean;
}

function TextField({ label, field, testId, disabled }: TextFieldProps) {
  const id = useId();
  const value = useFixedPoints((s) => s.form[field]);
  const editForm = useFixedPoints((s) => s.editForm);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" inputMode="decimal" data-testid={testId} disabled={disabled} value={value} onChange={(e) => editForm({ [field]: e.target.value })} />
    </div>
  );
}

/** What the chosen condition and input search at, in words. */
function impliedText(choices: FixedPointChoices, form: FixedPointForm): string {
  if (form.condition === null) return `u = ${vectorText(new Array<number>(choices.N_in).fill(0))}, starts along the trials of every condition`;
  if (form.inputKey === 'custom') return 'u as typed';
  const offer = choices.conditions.find((c) => c.label === form.condition)?.inputs.find((i) => inputKey(i.choice) === form.inputKey);
  if (!offer) return '';
  return offer.u ? `u = ${vectorText(offer.u)}` : (offer.problem ?? '');
}

function ConditionFields({ choices, disabled }: { choices: FixedPointChoices; disabled: boolean }) {
  const form = useFixedPoints((s) => s.form);
  const editForm = useFixedPoints((s) => s.editForm);
  const conditionId = useId();
  const inputId = useId();
  const condition = choices.conditions.find((c) => c.label === form.condition);
  return (
    <>
      <div className="field">
        <label htmlFor={conditionId}>Condition</label>
        <select
          id={conditionId}
          data-testid="fixed-points-condition"
          disabled={disabled}
          value={form.condition ?? ZERO_CONDITION}
          onChange={(e) => editForm({ condition: e.target.value === ZERO_CONDITION ? null : e.target.value })}
        >
          {choices.conditions.map((c) => (
            <option key={c.label} value={c.label}>
              {c.label} ({c.trials} trials)
            </option>
          ))}
          <option value={ZERO_CONDITION}>zero input (all conditions)</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={inputId}>Constant input u</label>
        <select id={inputId} data-testid="fixed-points-input" disabled={disabled || !condition} value={condition ? form.inputKey : 'zero'} onChange={(e) => editForm({ inputKey: e.target.value })}>
          {(condition?.inputs ?? []).map((i) => (
            <option key={inputKey(i.choice)} value={inputKey(i.choice)}>
              {i.label}
            </option>
          ))}
          {!condition && <option value="zero">zero input</option>}
          {condition && <option value="custom">custom u</option>}
        </select>
      </div>
      {condition && form.inputKey === 'custom' && <TextField label={`u (${choices.N_in} numbers)`} field="customU" testId="fixed-points-custom-u" disabled={disabled} />}
      <p className="field-hint fixed-points-implied" data-testid="fixed-points-implied">
        {impliedText(choices, form)}
      </p>
    </>
  );
}

function Progress() {
  const { searching, progress } = useFixedPoints(useShallow((s) => ({ searching: s.searching, progress: s.progress })));
  if (!searching) return null;
  return (
    <p className="status-message" data-testid="fixed-points-progress" role="status">
      {progress
        ? `Iteration ${progress.iteration.toLocaleString()} / ${progress.maxIterations.toLocaleString()}: best q ${progress.bestQ.toExponential(2)}, ${progress.kept} start${progress.kept === 1 ? '' : 's'} below the tolerance`
        : 'Running the trials and starting the search…'}
    </p>
  );
}

export function FixedPointsForm({ choices, lockedReason }: { choices: FixedPointChoices; lockedReason: string | null }) {
  const searching = useFixedPoints((s) => s.searching);
  const disabled = lockedReason !== null || searching;
  return (
    <div className="fixed-points-form">
      <div className="field-grid">
        <ConditionFields choices={choices} disabled={disabled} />
        <TextField label="Starts" field="startCount" testId="fixed-points-starts" disabled={disabled} />
        <TextField label="q tolerance" field="qTolerance" testId="fixed-points-tolerance" disabled={disabled} />
        <TextField label="Max iterations" field="maxIterations" testId="fixed-points-iterations" disabled={disabled} />
      </div>
      <div className="fixed-points-actions">
        <button type="button" data-testid="fixed-points-button" disabled={disabled} title={lockedReason ?? (searching ? 'A search is under way' : 'Search for fixed points of the held network')} onClick={() => void runSearch()}>
          Find fixed points
        </button>
        <button type="button" data-testid="fixed-points-cancel" disabled={!searching} onClick={cancel}>
          Cancel
        </button>
      </div>
      <Progress />
    </div>
  );
}
