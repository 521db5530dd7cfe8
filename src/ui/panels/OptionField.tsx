/**
 * A form field for one declared task option (`core/tasks/options.ts`): a number field, a select, a checkbox or a
 * list of numbers, labelled, bounded and explained by the declaration itself, so a new task needs no UI code.
 * A person's own task keeps its values in `task.options`, and its declarations come from the task worker, so the
 * spec cannot check them: the field checks the value against the declaration itself, in the spec's words.
 * The same fields edit a curriculum stage's options (`stage`): labelled and test-id'd by the stage, so a page
 * showing the task's and the stages' fields tells them apart.
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
  /** the curriculum stage (0-based) whose option this is; the spec's task when absent */
  stage?: number;
}

/** The task the field writes to in a draft: the spec's, or curriculum stage `stage`'s. */
function targetTask(spec: ExperimentSpec, stage: number | undefined): Record<string, unknown> {
  const task = stage === undefined ? spec.task : spec.curriculum!.stages[stage];
  return task as Record<string, unknown>;
}

/** Sets option `name` of the task in a draft (a custom task's in its `options`). */
const setOption = (name: string, custom = false, stage?: number) => (spec: ExperimentSpec, value: unknown) => {
  const task = targetTask(spec, stage);
  if (custom) task.options = { ...(task.options as object), [name]: value };
  else task[name] = value;
};

/** Where the option is in the spec, as its errors name it: `task.options.x` or `curriculum.stages[1].options.x`. */
const optionPath = (name: string, stage?: number) => `${stage === undefined ? 'task' : `curriculum.stages[${stage}]`}.options.${name}`;

/** A custom option's value the declaration does not allow, said as the spec says it; null when allowed. */
function declarationRefusal(path: string, option: TaskOption, value: unknown): string | null {
  if (optionAllows(option, value)) return null;
  return `${path}: got ${JSON.stringify(value)}; must be ${describeOption(option)}`;
}

/** The field's label and test id: the option's, or for a stage "Coherence (stage 2)" and `stage-2-option-coherence`. */
function fieldNames(name: string, option: TaskOption, stage?: number): { label: string; testId: string } {
  const label = option.label ?? name;
  if (stage === undefined) return { label, testId: `option-${name}` };
  return { label: `${label} (stage ${stage + 1})`, testId: `stage-${stage + 1}-option-${name}` };
}

/** The hint under a field: its help line, its unit and what an empty field means. */
function hintOf(option: TaskOption): string {
  const unit = 'unit' in option && option.unit ? ` (${option.unit})` : '';
  const empty = option.nullMeans ? ` Empty: ${option.nullMeans}.` : '';
  return `${option.help}${unit}${empty}`;
}

export function OptionField({ name, option, value, disabled, custom = false, stage }: OptionFieldProps) {
  const { label, testId } = fieldNames(name, option, stage);
  const editSpec = useAppStore((s) => s.editSpec);
  const set = setOption(name, custom, stage);
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
          testId={testId}
          check={custom ? (v) => declarationRefusal(optionPath(name, stage), option, v) : undefined}
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
          testId={testId}
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
              data-testid={testId}
              checked={value === true}
              disabled={disabled}
              onChange={(e) => editSpec((draft) => (set(draft, e.target.checked), draft))}
            />
            {label}
          </label>
        </div>
      );
    case 'numbers':
      return <NumberListField label={label} testId={testId} option={option} value={value as number[] | null} disabled={disabled} set={set} />;
  }
}

const listText = (value: readonly number[] | null) => (value === null ? '' : value.join(', '));

interface NumberListFieldProps {
  label: string;
  testId: string;
  option: NumberListOption;
  value: number[] | null;
  disabled: boolean;
  /** writes the list into a spec draft */
  set: (spec: ExperimentSpec, value: unknown) => void;
}

/** A comma-separated list of numbers; text the spec refuses stays, with the reason, and holds Train back. */
function NumberListField({ label, testId, option, value, disabled, set }: NumberListFieldProps) {
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
    const failure = editSpec((draft) => (set(draft, next), draft));
    setError(failure ? failure.split('\n')[0] : null);
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-testid={testId}
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
