/**
 * Form fields bound to the spec. The text a person typed is kept, a bad value shows why it was refused, and a field
 * whose text is not in the spec registers itself in the store (Train waits until it is fixed or unmounted). Selects
 * and checkboxes always show the spec's value: a refused choice is said under them and changes nothing.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { ExperimentSpec } from '../../core/spec/spec.ts';
import { parseNumberText } from '../number-text.ts';
import { useAppStore } from '../store.ts';

type Edit = (spec: ExperimentSpec, value: number | null) => void;

interface NumberFieldProps {
  label: string;
  value: number | null;
  /** writes the parsed value into the spec draft */
  edit: Edit;
  /** allow an empty field meaning null (e.g. "random coherence") */
  emptyMeans?: string;
  disabled?: boolean;
  testId?: string;
  hint?: string;
  /** why a parsed value is refused before the spec is asked (bounds the spec itself cannot check), or null */
  check?: (value: number | null) => string | null;
}

const shown = (value: number | null) => (value === null ? '' : String(value));

/** The first line of a spec error (the field's own issue). */
function firstLine(message: string): string {
  return message.split('\n')[0];
}

/** Edits a draft of the spec in place; the store keeps it only if the spec accepts it, and returns its refusal or null. */
export function useSpecEdit(): (edit: (spec: ExperimentSpec) => void) => string | null {
  const editSpec = useAppStore((s) => s.editSpec);
  return (edit) =>
    editSpec((draft) => {
      edit(draft);
      return draft;
    });
}

/** Registers `error` for field `id` while it is set and the field is mounted. */
export function useFieldRegistration(id: string, label: string, error: string | null) {
  const setFieldError = useAppStore((s) => s.setFieldError);
  useEffect(() => setFieldError(id, error === null ? null : { label, message: error }), [setFieldError, id, label, error]);
  useEffect(() => () => setFieldError(id, null), [setFieldError, id]);
}

export function NumberField({ label, value, edit, emptyMeans, disabled, testId, hint, check }: NumberFieldProps) {
  const id = useId();
  const editSpec = useAppStore((s) => s.editSpec);
  const [text, setText] = useState(shown(value));
  const [error, setError] = useState<string | null>(null);
  // the spec matters only to a field whose text it refused (to try again): the others do not redraw on every edit,
  // such as each stroke painted on a 256 × 256 mask
  const spec = useAppStore((s) => (error !== null ? s.spec : null));
  const seenValue = useRef(value);
  useFieldRegistration(id, label, error);

  /** Puts `parsed` into the spec; returns the field's or the spec check's refusal, or null. */
  const tryEdit = (parsed: number | null): string | null => {
    const refused = check?.(parsed);
    if (refused) return refused;
    const failure = editSpec((draft) => {
      edit(draft as ExperimentSpec, parsed);
      return draft;
    });
    return failure ? firstLine(failure) : null;
  };

  // The value or the spec changed. If this field's value changed elsewhere (a new task, a restored spec), the field
  // shows it; otherwise text the spec refused is checked again, since the rest of the spec may now allow it.
  useEffect(() => {
    const parsed = parseNumberText(text, label, emptyMeans);
    if (seenValue.current !== value) {
      seenValue.current = value;
      if (!(parsed.ok && parsed.value === value)) {
        setText(shown(value));
        setError(null);
      }
    } else if (error !== null && parsed.ok) {
      setError(tryEdit(parsed.value));
    }
    // only a change of the value or (while refused) of the spec re-runs this; text and error are read as they are then
  }, [spec, value]);

  // A field that stops applying (the LSTM has no Dale ratio) drops text the spec never took, so it cannot block Train.
  useEffect(() => {
    if (!disabled || error === null) return;
    setText(shown(value));
    setError(null);
    // only disabling re-runs this
  }, [disabled]);

  const commit = (raw: string) => {
    setText(raw);
    const parsed = parseNumberText(raw, label, emptyMeans);
    setError(parsed.ok ? tryEdit(parsed.value) : parsed.message);
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-testid={testId}
        type="text"
        inputMode="decimal"
        value={text}
        placeholder={emptyMeans}
        disabled={disabled}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        onChange={(e) => commit(e.target.value)}
      />
      <FieldMessage id={id} error={error} hint={hint} />
    </div>
  );
}

export function FieldMessage({ id, error, hint }: { id: string; error: string | null; hint?: string }) {
  if (error) {
    return (
      <span id={`${id}-error`} className="field-error" role="alert">
        {error}
      </span>
    );
  }
  return hint ? (
    <span id={`${id}-hint`} className="field-hint">
      {hint}
    </span>
  ) : null;
}

/** Select options that show their values (PsychRNN's names, e.g. "adam", "glorot_gauss"). */
export const namedOptions = <T extends string>(values: readonly T[]) => values.map((value) => ({ value, label: value }));

interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  /** returns why the choice was refused (the select keeps showing the spec's value), or nothing */
  onChange: (value: T) => string | null | void;
  disabled?: boolean;
  testId?: string;
  hint?: string;
}

export function SelectField<T extends string>({ label, value, options, onChange, disabled, testId, hint }: SelectFieldProps<T>) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        data-testid={testId}
        value={value}
        disabled={disabled}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        onChange={(e) => setError(onChange(e.target.value as T) ?? null)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessage id={id} error={error && firstLine(error)} hint={hint} />
    </div>
  );
}

interface CheckboxFieldProps {
  label: string;
  checked: boolean;
  /** returns why the change was refused (the box keeps showing the spec's value), or nothing */
  onChange: (checked: boolean) => string | null | void;
  disabled?: boolean;
  testId?: string;
  hint?: string;
}

export function CheckboxField({ label, checked, onChange, disabled, testId, hint }: CheckboxFieldProps) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="field checkbox">
      <label>
        <input
          type="checkbox"
          id={id}
          data-testid={testId}
          checked={checked}
          disabled={disabled}
          aria-invalid={error !== null}
          aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
          onChange={(e) => setError(onChange(e.target.checked) ?? null)}
        />
        {label}
      </label>
      <FieldMessage id={id} error={error && firstLine(error)} hint={hint} />
    </div>
  );
}
