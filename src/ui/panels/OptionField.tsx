/**
 * A form field for one declared task option (`core/tasks/options.ts`): a number field, a select, a checkbox or a
 * list of numbers, labelled, bounded and explained by the declaration itself, so a new task needs no UI code.
 * A person's own task keeps its values in `task.options`, and its declarations come from the task worker, so the
 * spec cannot check them: the field checks the value against the declaration itself, in the spec's words.
 */
import { useEffect, useId, useState } from 'react';
import type { ExperimentSpec } from '../../core/spec/spec.ts';
import { describeOption, optionAllows, type NumberListOption, type TaskOption } from '../../core/tasks/options.ts';
import { useAppStore } from '../store.ts';
import { FieldMessage, NumberField, SelectField, useFieldRegistration } from './fields.tsx';

interface OptionFieldProps {
  name: string;
  option: TaskOption;
  value: unknown;
  disabled: boolean;
  /** a custom task's option: its value lives in `task.options` */
  custom?: boolean;
}

/** Sets option `name` of the spec's task in a draft (a custom task's in `task.options`). */
const setOption = (name: string, custom = false) => (spec: ExperimentSpec, value: unknown) => {
  const task = spec.task as Record<string, unknown>;
  if (custom) task.options = { ...(task.options as object), [name]: value };
  else task[name] = value;
};

/** A custom option's value the declaration does not allow, said as the spec says it; null when allowed. */
function declarationRefusal(name: string, option: TaskOption, value: unknown): string | null {
  if (optionAllows(option, value)) return null;
  return `task.options.${name}: got ${JSON.stringify(value)}; must be ${describeOption(option)}`;
}

/** The hint under a field: its help line, its unit and what an empty field means. */
function hintOf(option: TaskOption): string {
  const unit = 'unit' in option && option.unit ? ` (${option.unit})` : '';
  const empty = option.nullMeans ? ` Empty: ${option.nullMeans}.` : '';
  return `${option.help}${unit}${empty}`;
}

export function OptionField({ name, option, value, disabled, custom = false }: OptionFieldProps) {
  const label = option.label ?? name;
  const editSpec = useAppStore((s) => s.editSpec);
  const set = setOption(name, custom);
  switch (option.type) {
    case 'number':
      return (
        <NumberField
          label={label}
          value={value as number | null}
          emptyMeans={option.nullMeans && (/drawn|random/.test(option.nullMeans) ? 'random' : 'none')}
          disabled={disabled}
          edit={set}
          hint={hintOf(option)}
          testId={`option-${name}`}
          check={custom ? (v) => declarationRefusal(name, option, v) : undefined}
        />
      );
    case 'choice': {
      const NULL = '\u0000null';
      const choices = [
        ...(option.nullMeans ? [{ value: NULL, label: option.nullMeans }] : []),
        ...option.values.map((v) => ({ value: JSON.stringify(v), label: String(v) })),
      ];
      return (
        <SelectField
          label={label}
          value={value === null ? NULL : JSON.stringify(value)}
          options={choices}
          disabled={disabled}
          testId={`option-${name}`}
          onChange={(text) => editSpec((draft) => (set(draft, text === NULL ? null : JSON.parse(text)), draft))}
        />
      );
    }
    case 'boolean':
      return (
        <div className="field checkbox">
          <label title={option.help}>
            <input
              type="checkbox"
              data-testid={`option-${name}`}
              checked={value === true}
              disabled={disabled}
              onChange={(e) => editSpec((draft) => (set(draft, e.target.checked), draft))}
            />
            {label}
          </label>
        </div>
      );
    case 'numbers':
      return <NumberListField name={name} label={label} option={option} value={value as number[] | null} disabled={disabled} custom={custom} />;
  }
}

const listText = (value: readonly number[] | null) => (value === null ? '' : value.join(', '));

/** A comma-separated list of numbers; text the spec refuses stays, with the reason, and holds Train back. */
function NumberListField({ name, label, option, value, disabled, custom }: { name: string; label: string; option: NumberListOption; value: number[] | null; disabled: boolean; custom: boolean }) {
  const id = useId();
  const editSpec = useAppStore((s) => s.editSpec);
  const [text, setText] = useState(listText(value));
  const [error, setError] = useState<string | null>(null);
  useFieldRegistration(id, label, error);
  useEffect(() => {
    if (error === null) setText(listText(value));
    // only a new value from elsewhere resets the text
  }, [value]);

  const commit = (raw: string) => {
    setText(raw);
    const parts = raw.trim() === '' ? [] : raw.split(/[,\s]+/).filter((p) => p !== '');
    const numbers = parts.map(Number);
    const bad = parts.find((p, i) => !Number.isFinite(numbers[i]));
    if (bad !== undefined) return setError(`${label}: "${bad}" is not a number; write numbers separated by commas`);
    const next = raw.trim() === '' && option.nullMeans ? null : numbers;
    if (next !== null && !optionAllows(option, next)) return setError(`${label} must be ${describeOption(option)}`);
    const failure = editSpec((draft) => (setOption(name, custom)(draft, next), draft));
    setError(failure ? failure.split('\n')[0] : null);
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-testid={`option-${name}`}
        type="text"
        value={text}
        disabled={disabled}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
        onChange={(e) => commit(e.target.value)}
      />
      <FieldMessage id={id} error={error} hint={hintOf(option)} />
    </div>
  );
}
