/**
 * The app's state (zustand): the experiment spec — the one structure that also goes to the worker, the
 * URL and files — plus UI-only state and the results streamed back. No training logic lives here.
 */
import { create } from 'zustand';
import { defaultSpec, type ExperimentSpec, safeParseSpec } from '../core/spec.ts';
import type { BackendName, BackendProbe, ProgressUpdate, RunState, TestUpdate, WorkerUpdate } from '../worker/protocol.ts';

export interface Curve {
  trials: number[];
  loss: number[];
  accuracy: number[];
  stageChanges: { trials: number; stage: number }[];
}

export interface AppState {
  spec: ExperimentSpec;
  /** 'auto' lets the worker choose the fastest backend by a timed probe */
  backendChoice: BackendName | 'auto';
  runState: RunState;
  backend: BackendName | null;
  probes: BackendProbe[];
  message: string | null;
  error: string | null;
  progress: Omit<ProgressUpdate, 'points' | 'stageChanges' | 'type'> | null;
  curve: Curve;
  test: TestUpdate | null;
  /** Replaces the spec when `candidate` is valid; returns the validation message otherwise (nothing is lost). */
  editSpec: (edit: (spec: ExperimentSpec) => unknown) => string | null;
  setBackendChoice: (choice: BackendName | 'auto') => void;
  /** Clears the results before a new run. */
  clearResults: () => void;
  apply: (update: WorkerUpdate) => void;
}

const EMPTY_CURVE: Curve = { trials: [], loss: [], accuracy: [], stageChanges: [] };

/** The spec the page opens with: PsychRNN's Fig. 2 experiment (examples/perceptual-discrimination.json). */
export function initialSpec(): ExperimentSpec {
  const spec = defaultSpec();
  return { ...spec, name: 'Perceptual discrimination (paper Fig. 2)', seed: 2020 };
}

export const useAppStore = create<AppState>((set) => ({
  spec: initialSpec(),
  backendChoice: 'auto',
  runState: 'idle',
  backend: null,
  probes: [],
  message: null,
  error: null,
  progress: null,
  curve: EMPTY_CURVE,
  test: null,

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

  setBackendChoice: (choice) => set({ backendChoice: choice }),

  clearResults: () =>
    set({ progress: null, curve: EMPTY_CURVE, test: null, message: null, error: null, backend: null, runState: 'idle' }),

  apply(update) {
    switch (update.type) {
      case 'status':
        set((s) => ({
          runState: update.state,
          backend: update.backend ?? s.backend,
          probes: update.probes ?? s.probes,
          message: update.message ?? s.message,
          error: update.state === 'error' ? (update.message ?? s.error) : s.error,
        }));
        break;
      case 'progress': {
        const { points, stageChanges, type: _type, ...progress } = update;
        set((s) => ({
          progress,
          curve: {
            trials: s.curve.trials.concat(Array.from(points.trials)),
            loss: s.curve.loss.concat(Array.from(points.loss)),
            accuracy: s.curve.accuracy.concat(Array.from(points.accuracy)),
            stageChanges: s.curve.stageChanges.concat(stageChanges),
          },
        }));
        break;
      }
      case 'test':
        set({ test: update });
        break;
      case 'error':
        set({ error: update.message });
        break;
    }
  },
}));
