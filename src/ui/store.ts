/**
 * The app's state (zustand): the experiment spec — the one structure that also goes to the worker, the
 * URL and files — plus UI-only state and the results streamed back. No training logic lives here.
 * The page's experiment and its latest run are saved as they change (experiments/autosave.ts) and read back before
 * the first render (experiments/startup.ts, main.tsx); the latest checkpoint the worker sent is held here, so a
 * worker that has to be restarted loses nothing and Download weights needs no worker. The task editor's text is
 * kept here too (and across reloads) whether or not it compiles; what the task worker said about it is `codeCheck`
 * (task-code.ts drives both).
 */
import { create } from 'zustand';
import { type Curve, extendCurve } from './curve.ts';
import { defaultSpec, type ExperimentSpec, safeParseSpec } from '../core/spec/spec.ts';
import type { TrainerState } from '../core/train/trainer.ts';
import type { BackendName, BackendProbe, ProgressUpdate, RunState, TestUpdate, WeightBaseline, WorkerUpdate } from '../worker/protocol.ts';
import type { DeclaredTask, PreviewTrials, ReplacedValue, SourceProblem, ValueProblem } from '../worker/task-service.ts';
import type { StoredEditor } from './persistence.ts';


/** A field whose text is not in the spec (not a number, or refused by the spec check). */
export interface InvalidField {
  label: string;
  message: string;
}

export interface HeldCheckpoint {
  trials: number;
  /** a PsychRNN-compatible .npz with the spec inside */
  file: Uint8Array;
  /** saved with Download weights since it arrived */
  downloaded: boolean;
  /** the trainer's position, to resume the run from (protocol.ts CheckpointUpdate.state); null when it cannot be */
  state: TrainerState | null;
}

/** The task editor's state: its text as typed, its file name, and whether the page works on this code. */
export type TaskEditorState = StoredEditor;

/** What the task worker last said about the editor's code and the task's values. */
export interface CodeCheck {
  /** a check of the current code and values is under way */
  checking: boolean;
  /** the declarations of the code as last compiled (the option fields are drawn from them) */
  task: DeclaredTask | null;
  /** why the code cannot be used: a compile error, an error its functions threw, or the spec refusing it */
  error: SourceProblem | null;
  /** rules of the task that the values break */
  problems: ValueProblem[];
  /** values the declarations did not allow, replaced by their defaults */
  replaced: ReplacedValue[];
  preview: PreviewTrials | null;
  /** why there is no preview although the code compiles (a trial too long to draw) */
  previewNote: string | null;
  /** the first type error TypeScript reports; the code still runs */
  typeError: SourceProblem | null;
  /** the fingerprint of the code the answer is about (code-fingerprint.ts) */
  code: string | null;
}

/** An experiment to open: a spec already parsed, the editor that goes with it, and a sentence to show, if any. */
export interface OpenedExperiment {
  spec: ExperimentSpec;
  editor: TaskEditorState | null;
  notice?: string | null;
}

export const EMPTY_CHECK: CodeCheck = { checking: false, task: null, error: null, problems: [], replaced: [], preview: null, previewNote: null, typeError: null, code: null };

export type { Curve };

export interface AppState {
  spec: ExperimentSpec;
  /** the task editor, once a task has been created, forked or opened (kept when a built-in task is chosen) */
  editor: TaskEditorState | null;
  codeCheck: CodeCheck;
  /** what changed in the network when the task's shape did (connectivity masks reset), or null */
  networkNote: string | null;
  /**
   * The fields showing text that is not in the spec, by field id, in the order they became invalid. Train is
   * disabled while any is here, so the page never trains on a value other than the one it shows.
   */
  invalidFields: Record<string, InvalidField>;
  /** a sentence about the page itself: the stored spec could not be restored, or cannot be saved */
  notice: string | null;
  checkpoint: HeldCheckpoint | null;
  /** 'auto' lets the worker choose the fastest backend by a timed probe */
  backendChoice: BackendName | 'auto';
  /** CPU threads of the cpu and wasm backends' kernels; 'auto' = the cores the page reports (at most 8) */
  threadsChoice: number | 'auto';
  runState: RunState;
  backend: BackendName | null;
  probes: BackendProbe[];
  message: string | null;
  /** why training runs on the backend it runs on */
  backendNote: string | null;
  error: string | null;
  progress: Omit<ProgressUpdate, 'points' | 'stageChanges' | 'type'> | null;
  curve: Curve;
  test: TestUpdate | null;
  /** the run's W_rec before training and the masks of the spec it trains with (the weights view's change and masks) */
  weightBaseline: WeightBaseline | null;
  /**
   * Counts the experiments opened since the page loaded (a link, a file, the experiment list): each open replaces
   * the spec and the editor and clears the results, and persistence starts a new saved experiment from it.
   */
  openedExperiments: number;
  /** Opens another experiment: its spec and editor replace the page's, the results are cleared. */
  openExperiment: (opened: OpenedExperiment) => void;
  /** Replaces the spec when `candidate` is valid; returns the validation message otherwise (nothing is lost). */
  editSpec: (edit: (spec: ExperimentSpec) => unknown) => string | null;
  /** Registers (or with null, clears) the field `id`'s error. */
  setFieldError: (id: string, field: InvalidField | null) => void;
  markDownloaded: () => void;
  setBackendChoice: (choice: BackendName | 'auto') => void;
  setThreadsChoice: (choice: number | 'auto') => void;
  /** Clears the results before a new run. */
  clearResults: () => void;
  apply: (update: WorkerUpdate) => void;
}

const EMPTY_CURVE: Curve = { trials: [], loss: [], accuracy: [], stageChanges: [] };

/** The state of a page with no run yet. */
const RESULTS_CLEARED = {
  progress: null,
  curve: EMPTY_CURVE,
  test: null,
  weightBaseline: null,
  checkpoint: null,
  message: null,
  backendNote: null,
  error: null,
  backend: null,
  runState: 'idle',
} satisfies Partial<AppState>;

/** The spec the page opens with: PsychRNN's Fig. 2 experiment (examples/perceptual-discrimination.json). */
export function initialSpec(): ExperimentSpec {
  const spec = defaultSpec();
  return { ...spec, name: 'Perceptual discrimination (paper Fig. 2)', seed: 2020 };
}

export const useAppStore = create<AppState>((set) => ({
  // the saved experiment replaces these before the first render (main.tsx)
  spec: initialSpec(),
  editor: null,
  codeCheck: EMPTY_CHECK,
  networkNote: null,
  invalidFields: {},
  notice: null,
  checkpoint: null,
  backendChoice: 'auto',
  threadsChoice: 'auto',
  runState: 'idle',
  backend: null,
  probes: [],
  message: null,
  backendNote: null,
  error: null,
  progress: null,
  curve: EMPTY_CURVE,
  test: null,
  weightBaseline: null,
  openedExperiments: 0,

  openExperiment({ spec, editor, notice }) {
    set((s) => ({
      ...RESULTS_CLEARED,
      spec,
      editor,
      codeCheck: EMPTY_CHECK,
      networkNote: null,
      invalidFields: {},
      notice: notice ?? null,
      openedExperiments: s.openedExperiments + 1,
    }));
  },

  editSpec(edit) {
    let failure: string | null = null;
    set((state) => {
      const result = safeParseSpec(edit(structuredClone(state.spec)));
      if (!result.ok) {
        failure = result.error.message;
        return {};
      }
      return { spec: result.spec };
    });
    return failure;
  },

  setFieldError: (id, field) =>
    set((s) => {
      const current = s.invalidFields[id];
      if (field === null) {
        if (!current) return {};
        const { [id]: _cleared, ...rest } = s.invalidFields;
        return { invalidFields: rest };
      }
      if (current?.label === field.label && current.message === field.message) return {};
      return { invalidFields: { ...s.invalidFields, [id]: field } };
    }),

  markDownloaded: () => set((s) => (s.checkpoint ? { checkpoint: { ...s.checkpoint, downloaded: true } } : {})),

  setBackendChoice: (choice) => set({ backendChoice: choice }),
  setThreadsChoice: (choice) => set({ threadsChoice: choice }),

  clearResults: () => set(RESULTS_CLEARED),

  apply(update) {
    switch (update.type) {
      case 'status':
        set((s) => ({
          runState: update.state,
          backend: update.backend ?? s.backend,
          probes: update.probes ?? s.probes,
          message: update.message ?? s.message,
          backendNote: update.backendNote ?? s.backendNote,
          error: update.state === 'error' ? (update.message ?? s.error) : s.error,
        }));
        break;
      case 'progress': {
        const { points, stageChanges, type: _type, ...progress } = update;
        set((s) => ({ progress, curve: extendCurve(s.curve, points, stageChanges) }));
        break;
      }
      case 'test':
        set({ test: update });
        break;
      case 'weights-baseline': {
        const { type: _type, ...baseline } = update;
        set({ weightBaseline: baseline });
        break;
      }
      case 'checkpoint':
        set({ checkpoint: { trials: update.trials, file: update.file, downloaded: false, state: update.state } });
        break;
      case 'error':
        set({ error: update.message });
        break;
    }
  },
}));

/** The first field that blocks training, with how many more do. */
export function blockingField(invalid: Record<string, InvalidField>): { field: InvalidField; more: number } | null {
  const fields = Object.values(invalid);
  return fields.length > 0 ? { field: fields[0], more: fields.length - 1 } : null;
}
