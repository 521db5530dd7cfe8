/** Form fields bound to the spec: the text a person typed is kept, and a bad value shows why it was refused. */
import { useEffect, useId, useState } from 'react';
import type { ExperimentSpec } from '../../core/spec.ts';
import { useAppStore } from '../store.ts';

type Edit = (spec: ExperimentSpec, value: number | null) => void;

interface NumberFieldProps {
  label: string;
  value: number | null;
  /** writes the parsed value into the spec draft */
  edit: Edit;
  /** allow an empty field meaning null (e.g. "random coherence") */
  emptyMeans?: string;
  step?: number;
  disabled?: boolean;
  testId?: string;
  hint?: string;
}

/** The part of a spec error message about this field, without the path prefix noise. */
function firstLine(message: string): string {
  return message.split('\n')[0];
}

export function NumberField({ label, value, edit, emptyMeans, step, disabled, testId, hint }: NumberFieldProps) {
  const id = useId();
  const editSpec = useAppStore((s) => s.editSpec);
  const [text, setText] = useState(value === null ? '' : String(value));
  const [error, setError] = useState<string | null>(null);
  // follow the spec when it changes elsewhere (a new task, a reset), but keep what is being typed ("0.")
  useEffect(() => {
    setText((typed) => ((typed.trim() === '' ? null : Number(typed)) === value ? typed : value === null ? '' : String(value)));
  }, [value]);

  const commit = (raw: string) => {
    setText(raw);
    if (raw.trim() === '' && emptyMeans === undefined) {
      setError(`${label} needs a number`);
      return;
    }
    const parsed = raw.trim() === '' ? null : Number(raw);
    if (parsed !== null && !Number.isFinite(parsed)) {
      setError(`${label}: "${raw}" is not a number`);
      return;
    }
    const failure = editSpec((spec) => {
      edit(spec as ExperimentSpec, parsed);
      return spec;
    });
    setError(failure ? firstLine(failure) : null);
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
        step={step}
        disabled={disabled}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        onChange={(e) => commit(e.target.value)}
      />
      {error ? (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : hint ? (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  disabled?: boolean;
  testId?: string;
}

export function SelectField<T extends string>({ label, value, options, onChange, disabled, testId }: SelectFieldProps<T>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} data-testid={testId} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
