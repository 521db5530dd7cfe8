/**
 * Saves the page as it changes (a subscription to the app's store): the open experiment on every change of its spec
 * or task editor, and the run being trained — its curve every `CURVE_SAVE_MS` at most, and at once when a test
 * summary, a checkpoint (the worker sends one with each test, at metric epochs) or a change of run state arrives,
 * so a reload loses at most the points since the last checkpoint. Each `openExperiment` (a share link, an imported
 * file) starts a new saved experiment, so the one open before stays in the list; the list opening a saved one says
 * so first (`expectOpen`), and that one is continued instead.
 */
import type { AppState } from '../store.ts';
import { newId, OPEN_KEY, type ExperimentRecord, type RunRecord, type SavedRunState } from './db.ts';
import { type InterruptedRun, useSaveState } from './save-state.ts';
import type { SavedExperiments } from './storage.ts';

/** The longest time between two saves of a training run's curve. */
export const CURVE_SAVE_MS = 2000;

type RunBase = Pick<RunRecord, 'id' | 'experimentId' | 'name' | 'startedAt'> & {
  /** a run a reload interrupted: saved as it was ('running', 'paused') until it is resumed or left */
  interrupted: RunRecord | null;
};

export interface Store {
  getState(): AppState;
  subscribe(listener: (state: AppState, previous: AppState) => void): () => void;
}

/** Where the run stands, as saved: probing and training are both running. */
export function savedRunState(runState: AppState['runState']): SavedRunState {
  if (runState === 'probing' || runState === 'training') return 'running';
  return runState === 'idle' ? 'stopped' : runState;
}

/** A new experiment record for `spec` and `editor`, named after the spec. */
export function newExperiment(state: Pick<AppState, 'spec' | 'editor'>, now = Date.now()): ExperimentRecord {
  return { id: newId(), name: state.spec.name ?? 'Untitled experiment', spec: state.spec, editor: state.editor, createdAt: now, updatedAt: now };
}

export class Autosave {
  private run: RunBase | null = null;
  private runCount = 0;
  private curveTimer: ReturnType<typeof setTimeout> | null = null;
  private expected: { experiment: ExperimentRecord; runCount: number } | null = null;
  private continueNext = false;
  private readonly unsubscribe: () => void;

  constructor(
    readonly storage: SavedExperiments,
    private readonly store: Store,
    private experiment: ExperimentRecord,
    /** the experiment's runs as loaded; the latest is the one shown, and continues to be saved */
    runs: RunRecord[],
    /** whether the latest run was interrupted by a reload (saved as it was until resumed or left) */
    interrupted: boolean,
  ) {
    this.runCount = runs.length;
    const latest = runs.at(-1);
    if (latest) this.attach(latest, interrupted);
    this.unsubscribe = store.subscribe((state, previous) => this.changed(state, previous));
    useSaveState.setState({ experimentId: experiment.id });
    this.storage.write(`meta:${OPEN_KEY}`, (db) => db.setMeta(OPEN_KEY, experiment.id));
  }

  get experimentId(): string {
    return this.experiment.id;
  }

  get runId(): string | null {
    return this.run?.id ?? null;
  }

  /** The next `openExperiment` is this saved experiment (the list opens it): continue it, not a new one. */
  expectOpen(experiment: ExperimentRecord, runCount: number): void {
    this.expected = { experiment, runCount };
  }

  /** Attaches a run shown by the list's open, so later changes (Download weights marks it) are saved to it. */
  attach(run: RunRecord, interrupted: boolean): void {
    this.run = { ...base(run), interrupted: interrupted ? run : null };
    useSaveState.setState({ interrupted: interruptedRun(run, interrupted) });
  }

  /** The next run started is the shown run resumed (resume.ts): it goes on in the same record. */
  continueShownRun(): void {
    this.continueNext = true;
  }

  /** Stops saving (tests; a page that replaces its autosave). */
  stop(): void {
    this.unsubscribe();
    if (this.curveTimer) clearTimeout(this.curveTimer);
  }

  private changed(state: AppState, previous: AppState): void {
    if (state.openedExperiments !== previous.openedExperiments) this.switchExperiment(state, previous);
    else if (state.spec !== previous.spec || state.editor !== previous.editor) this.saveExperiment(state);

    if (state.runState === 'probing' && previous.runState !== 'probing') this.beginRun(state, previous);
    else if (this.run && state.runState === 'idle' && previous.runState !== 'idle') this.leaveRun(previous);
    if (!this.run || this.run.interrupted) return;
    const now =
      state.checkpoint !== previous.checkpoint ||
      state.test !== previous.test ||
      state.runState !== previous.runState ||
      state.weightBaseline !== previous.weightBaseline;
    if (now) this.saveRun();
    else if (state.curve !== previous.curve || state.progress !== previous.progress) this.saveRunSoon();
  }

  private switchExperiment(state: AppState, previous: AppState): void {
    this.leaveRun(previous);
    const expected = this.expected;
    this.expected = null;
    if (expected) {
      this.experiment = expected.experiment;
      this.runCount = expected.runCount;
    } else {
      this.experiment = newExperiment(state);
      this.runCount = 0;
      this.writeExperiment();
    }
    const id = this.experiment.id;
    this.storage.write(`meta:${OPEN_KEY}`, (db) => db.setMeta(OPEN_KEY, id));
    useSaveState.setState({ experimentId: id, interrupted: null });
  }

  private saveExperiment(state: AppState): void {
    this.experiment = { ...this.experiment, name: state.spec.name ?? this.experiment.name, spec: state.spec, editor: state.editor, updatedAt: Date.now() };
    this.writeExperiment();
  }

  private writeExperiment(): void {
    const record = this.experiment;
    this.storage.write(`experiment:${record.id}`, (db) => db.putExperiment(record));
    this.touched();
  }

  private beginRun(state: AppState, previous: AppState): void {
    const shown = this.run;
    if (this.continueNext && shown) {
      this.run = { ...shown, interrupted: null };
    } else {
      this.leaveRun(previous);
      this.runCount += 1;
      this.run = { id: newId(), experimentId: this.experiment.id, name: `Run ${this.runCount}`, startedAt: Date.now(), interrupted: null };
    }
    this.continueNext = false;
    useSaveState.setState({ interrupted: null });
    this.saveRun(state);
  }

  /**
   * The shown run is left (new results, Reset, another experiment): its last points are saved from `last`, the state
   * before the results were cleared; one a reload interrupted is marked stopped.
   */
  private leaveRun(last: AppState): void {
    const run = this.run;
    if (!run) return;
    this.saveRun(last);
    this.run = null;
    if (run.interrupted) {
      const record: RunRecord = { ...run.interrupted, state: 'stopped', updatedAt: Date.now() };
      this.storage.write(`run:${run.id}`, (db) => db.putRun(record));
    }
    useSaveState.setState({ interrupted: null });
  }

  private saveRunSoon(): void {
    // the list is not read again for a curve alone: reading every run every 2 s while it is open costs more than it shows
    this.curveTimer ??= setTimeout(() => this.saveRun(this.store.getState(), false), CURVE_SAVE_MS);
  }

  private saveRun(state = this.store.getState(), announce = true): void {
    if (this.curveTimer) clearTimeout(this.curveTimer);
    this.curveTimer = null;
    const run = this.run;
    if (!run || run.interrupted) return;
    const { interrupted: _interrupted, ...identity } = run;
    const record: RunRecord = {
      ...identity,
      updatedAt: Date.now(),
      state: savedRunState(state.runState),
      curve: state.curve,
      progress: state.progress,
      test: state.test,
      baseline: state.weightBaseline,
      checkpoint: state.checkpoint,
      message: state.message,
    };
    this.storage.write(`run:${run.id}`, (db) => db.putRun(record));
    if (announce) this.touched();
  }

  /** The list shows saved records: it reads them again once these writes have landed. */
  private touched(): void {
    void this.storage.flush().then(() => useSaveState.setState((s) => ({ revision: s.revision + 1 })));
  }
}

/** What the resume bar offers for `run`: its checkpoint's trials, when it was interrupted and can be continued. */
export function interruptedRun(run: RunRecord, interrupted: boolean): InterruptedRun | null {
  return interrupted && run.checkpoint?.state ? { runId: run.id, trials: run.checkpoint.trials } : null;
}

const base = (run: RunRecord) => ({ id: run.id, experimentId: run.experimentId, name: run.name, startedAt: run.startedAt });

let active: Autosave | null = null;

/** The page's autosave, once start-up has made it (main.tsx). */
export function activeAutosave(): Autosave | null {
  return active;
}

export function setActiveAutosave(autosave: Autosave | null): void {
  active?.stop();
  active = autosave;
}
