/**
 * The curriculum (PsychRNN's Curriculum, reference §8): a preset or stages of one's own, each a copy of the task with
 * its options changed or another task with the network's channels, and the threshold that ends it; the metric and
 * how often it is tested. Every edit goes through the store's `editSpec`, so the spec's check refuses what cannot
 * train (a stage of other channels, a threshold outside what the metric allows) and the field says why.
 */
import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CurriculumSpec, ExperimentSpec, TaskSpec } from '../../core/spec/spec.ts';
import { CURRICULUM_METRICS } from '../../core/spec/spec.ts';
import { isCustomTask } from '../../core/tasks/custom-task.ts';
import type { TaskOptions } from '../../core/tasks/options.ts';
import { taskDefinition, taskShape } from '../../core/tasks/registry.ts';
import type { CurriculumMetricName } from '../../core/train/curriculum.ts';
import {
  addStage,
  changeMetric,
  CURRICULUM_PRESETS,
  curriculumStageNames,
  type CurriculumPresetId,
  moveStage,
  presetCurriculum,
  presetOf,
  removeStage,
  stageName,
  stageTaskChoices,
  stageTaskDrafts,
  untilText,
} from '../curriculum-edit.ts';
import { useAppStore } from '../store.ts';
import { NumberField, SelectField } from './fields.tsx';
import { OptionField } from './OptionField.tsx';
import './curriculum.css';

/** The names of the spec's stages, as the loss plot's marks and the run bar show them. */
export function useStageNames(): string[] {
  return useAppStore(useShallow((s) => curriculumStageNames(s.spec)));
}

const METRIC_LABELS: Record<CurriculumMetricName, string> = {
  accuracy: 'Accuracy ≥ threshold (PsychRNN)',
  loss: 'Loss ≤ threshold',
  iterations: 'Training steps in the stage ≥ threshold',
};

/** Replaces the curriculum; returns the spec's refusal or null. */
function setCurriculum(curriculum: (spec: ExperimentSpec) => CurriculumSpec | null): string | null {
  return useAppStore.getState().editSpec((spec) => ({ ...spec, curriculum: curriculum(spec) }));
}

/** The value the preset select shows for a curriculum that is no preset. */
const EDITED = 'edited';

function PresetSelect({ locked, onNote }: { locked: boolean; onNote: (note: string | null) => void }) {
  // the whole spec: whether the curriculum is a preset depends on the task it copies
  const spec = useAppStore((s) => s.spec);
  // the stages of one's own, kept while a preset is tried, so choosing them again brings them back
  const [own, setOwn] = useState<CurriculumSpec | null>(null);
  const preset = useMemo(() => presetOf(spec.curriculum, spec), [spec]);
  const options = [
    ...CURRICULUM_PRESETS.map((p) => ({ value: p.id as string, label: p.label })),
    ...(preset === null || own ? [{ value: EDITED, label: `Your stages (${(preset === null ? spec.curriculum : own)!.stages.length})` }] : []),
  ];
  const choose = (id: string): string | null => {
    onNote(null);
    if (id === EDITED) return own ? setCurriculum(() => own) : null;
    if (preset === null) setOwn(spec.curriculum);
    return setCurriculum((draft) => presetCurriculum(id as CurriculumPresetId, draft));
  };
  return <SelectField label="Preset" testId="curriculum-preset" value={preset ?? EDITED} options={options} disabled={locked} onChange={choose} />;
}

function MetricFields({ curriculum, locked, onNote }: { curriculum: CurriculumSpec; locked: boolean; onNote: (note: string | null) => void }) {
  const chooseMetric = (metric: CurriculumMetricName) => {
    const { curriculum: next, note } = changeMetric(curriculum, metric);
    const refusal = setCurriculum(() => next);
    onNote(refusal ? null : note);
    return refusal;
  };
  return (
    <div className="field-grid">
      <SelectField<CurriculumMetricName>
        label="Metric"
        testId="curriculum-metric"
        value={curriculum.metric}
        options={CURRICULUM_METRICS.map((m) => ({ value: m, label: METRIC_LABELS[m] }))}
        disabled={locked}
        onChange={chooseMetric}
      />
      <NumberField
        label="Metric epoch"
        testId="curriculum-metric-epoch"
        value={curriculum.metric_epoch}
        disabled={locked}
        hint="The metric is tested on a fresh batch every this many training steps (PsychRNN's metric_epoch)."
        edit={(spec, v) => (spec.curriculum!.metric_epoch = v as number)}
      />
    </div>
  );
}

/** The stage's task: the built-in tasks, those of other channels said so (the spec refuses them, naming the shapes). */
function StageTaskSelect({ k, stage, task, locked, onNote }: { k: number; stage: TaskSpec; task: TaskSpec; locked: boolean; onNote: (note: string | null) => void }) {
  const network = taskShape(task);
  const choices = stageTaskChoices(task);
  const options = choices.map((c) => ({
    value: c.name,
    label: c.fits ? c.title : `${c.title} (${c.N_in} in, ${c.N_out} out; the network has ${network.N_in}, ${network.N_out})`,
  }));
  const choose = (name: string): string | null => {
    onNote(null);
    let refusal: string | null = null;
    const spec = useAppStore.getState().spec;
    for (const [attempt, draft] of stageTaskDrafts(spec, k, name).entries()) {
      const failure = useAppStore.getState().editSpec(() => draft);
      if (!failure) {
        if (attempt > 0) onNote(`Stage ${k + 1} uses ${choices.find((c) => c.name === name)?.title}'s own T: ${refusal}`);
        return null;
      }
      refusal ??= failure.split('\n')[0];
    }
    return refusal;
  };
  return <SelectField label={`Task (stage ${k + 1})`} testId={`stage-${k + 1}-task`} value={stage.name} options={options} disabled={locked} onChange={choose} />;
}

/** The stage's option fields: its built-in task's, or the person's task's as its code declares them. */
function StageOptions({ k, stage, task, locked }: { k: number; stage: TaskSpec; task: TaskSpec; locked: boolean }) {
  const declared = useAppStore((s) => s.codeCheck.task);
  if (!isCustomTask(stage)) {
    const options = taskDefinition(stage.name).options as TaskOptions;
    return Object.entries(options).map(([key, option]) => (
      <OptionField key={`${stage.name}.${key}`} name={key} option={option} value={stage[key]} disabled={locked} stage={k} />
    ));
  }
  if (!declared || !isCustomTask(task) || stage.source !== task.source) {
    return <p className="task-note">This stage runs its own copy of your task's code; its options appear here while the editor holds that code.</p>;
  }
  const values = stage.options as Record<string, unknown>;
  return Object.entries(declared.options).map(([key, option]) => (
    <OptionField key={`custom.${key}.${JSON.stringify(option)}`} name={key} option={option} value={key in values ? values[key] : option.default} disabled={locked} custom stage={k} />
  ));
}

interface StageCardProps {
  k: number;
  curriculum: CurriculumSpec;
  task: TaskSpec;
  locked: boolean;
  /** a structural edit (move, remove) with its refusal, if any */
  onStructure: (next: CurriculumSpec | { refusal: string }) => void;
  onNote: (note: string | null) => void;
}

function StageCard({ k, curriculum, task, locked, onStructure, onNote }: StageCardProps) {
  const stage = curriculum.stages[k];
  const last = curriculum.stages.length - 1;
  return (
    <li className="stage" data-testid={`stage-${k + 1}`}>
      <div className="stage-header">
        <h3>{stageName(task, stage, k)}</h3>
        <div className="stage-buttons">
          <button type="button" className="secondary" data-testid={`stage-${k + 1}-up`} aria-label={`Move stage ${k + 1} up`} disabled={locked || k === 0} onClick={() => onStructure(moveStage(curriculum, k, -1))}>
            Up
          </button>
          <button type="button" className="secondary" data-testid={`stage-${k + 1}-down`} aria-label={`Move stage ${k + 1} down`} disabled={locked || k === last} onClick={() => onStructure(moveStage(curriculum, k, 1))}>
            Down
          </button>
          <button type="button" className="secondary" data-testid={`stage-${k + 1}-remove`} aria-label={`Remove stage ${k + 1}`} disabled={locked} onClick={() => onStructure(removeStage(curriculum, k))}>
            Remove
          </button>
        </div>
      </div>
      <div className="field-grid">
        <StageTaskSelect k={k} stage={stage} task={task} locked={locked} onNote={onNote} />
        <NumberField
          label={`Threshold (stage ${k + 1})`}
          testId={`stage-${k + 1}-threshold`}
          value={curriculum.thresholds[k]}
          disabled={locked}
          hint={`Stage ${k + 1} trains ${untilText(curriculum.metric, curriculum.thresholds[k])}.`}
          edit={(spec, v) => (spec.curriculum!.thresholds[k] = v as number)}
        />
        <NumberField
          label={`T in ms (stage ${k + 1})`}
          testId={`stage-${k + 1}-T`}
          value={stage.T}
          disabled={locked}
          edit={(spec, v) => (spec.curriculum!.stages[k].T = v as number)}
        />
        <StageOptions k={k} stage={stage} task={task} locked={locked} />
      </div>
    </li>
  );
}

export function CurriculumPanel({ locked }: { locked: boolean }) {
  const { task, curriculum } = useAppStore(useShallow((s) => ({ task: s.spec.task, curriculum: s.spec.curriculum })));
  const [note, setNote] = useState<{ text: string; alert: boolean } | null>(null);
  // stage cards are remounted after a structural edit, so a field's unsaved text never moves to another stage
  const [layout, setLayout] = useState(0);
  const onNote = (text: string | null) => setNote(text === null ? null : { text, alert: false });

  const structure = (next: CurriculumSpec | { refusal: string }) => {
    const refusal = 'refusal' in next ? next.refusal : setCurriculum(() => next);
    setNote(refusal ? { text: refusal, alert: true } : null);
    if (!refusal) setLayout((n) => n + 1);
  };

  return (
    <section className="card" data-testid="curriculum-editor" aria-labelledby="curriculum-heading">
      <h2 id="curriculum-heading">Curriculum</h2>
      <p className="description">
        Train on the stages in order, each until its threshold is met on a fresh batch; the run ends after the last. One network, built
        from the task, learns every stage: a stage may change the task's options and T, or be another task with the same inputs and
        outputs; dt, τ and the batch size are the task's.
      </p>
      <div className="field-grid">
        <PresetSelect locked={locked} onNote={onNote} />
      </div>
      {curriculum && <MetricFields curriculum={curriculum} locked={locked} onNote={onNote} />}
      {curriculum && (
        <ol className="stages" aria-label="Curriculum stages">
          {curriculum.stages.map((_, k) => (
            <StageCard key={`${layout}.${k}`} k={k} curriculum={curriculum} task={task} locked={locked} onStructure={structure} onNote={onNote} />
          ))}
        </ol>
      )}
      <button type="button" className="secondary" data-testid="add-stage" disabled={locked} onClick={() => structure(addStage(useAppStore.getState().spec))}>
        {curriculum ? 'Add stage' : 'Add a stage (start a curriculum)'}
      </button>
      {note && (
        <p className="task-note curriculum-note" data-testid="curriculum-note" role={note.alert ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
    </section>
  );
}
