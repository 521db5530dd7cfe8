/**
 * The run: Train, Pause/Resume, Stop, Reset; progress with ETA; backend, stage, loss, accuracy; messages. Train says
 * which field blocks it (or that task code from a link awaits consent, with a button to review it), and warns (still
 * training) when the experiment is large. Each part selects only the store fields it shows, so a progress update
 * redraws the progress line and the numbers, not the buttons or the messages.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { resourceWarning } from '../../core/resources.ts';
import { stageIndicator } from '../curriculum-edit.ts';
import { pauseOrResume, reset, stop, train } from '../run.ts';
import { askConsent, consentPending } from '../share/consent.ts';
import { type AppState, blockingField, useAppStore } from '../store.ts';
import { useComparisonStore } from '../comparison/store.ts';

const isRunning = (runState: AppState['runState']) => runState === 'training' || runState === 'paused' || runState === 'probing';

function eta(elapsedMs: number, fraction: number): string {
  if (!(fraction > 0) || fraction >= 1) return '';
  const s = Math.round((elapsedMs / 1000) * (1 / fraction - 1));
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s left` : `${s} s left`;
}

/** Why Train is disabled, or what to expect from it: one line under the buttons. */
function TrainNotes({ running }: { running: boolean }) {
  const spec = useAppStore((s) => s.spec);
  const blocking = blockingField(useAppStore((s) => s.invalidFields));
  const awaitingConsent = useAppStore(consentPending);
  const warning = useMemo(() => resourceWarning(spec), [spec]);
  const comparing = useComparisonStore((s) => s.status === 'running');
  if (comparing && !running) {
    return (
      <p className="train-blocked" id="train-blocked" data-testid="train-blocked">
        Train waits: a comparison over seeds is training (Cancel it in its card to train now).
      </p>
    );
  }
  if (awaitingConsent && !running) {
    return (
      <p className="train-blocked" id="train-blocked" data-testid="train-blocked">
        Allow the task code first: it came from a link and has not run.{' '}
        <button type="button" data-testid="train-consent-review" onClick={askConsent}>
          Review and run
        </button>
      </p>
    );
  }
  if (blocking && !running) {
    const more = blocking.more > 0 ? ` (and ${blocking.more} more field${blocking.more > 1 ? 's' : ''})` : '';
    return (
      <p className="train-blocked" id="train-blocked" data-testid="train-blocked">
        Fix {blocking.field.label} first{more}: {blocking.field.message}
      </p>
    );
  }
  return warning ? (
    <p className="resource-warning" data-testid="resource-warning">
      {warning[0].toUpperCase()}
      {warning.slice(1)}.
    </p>
  ) : null;
}

function Buttons() {
  const runState = useAppStore((state) => state.runState);
  const comparing = useComparisonStore((state) => state.status === 'running');
  // code from a link waiting for consent holds Train back like an invalid field (run.ts trainRefusal)
  const blocked = useAppStore((state) => blockingField(state.invalidFields) !== null || consentPending(state)) || comparing;
  const running = isRunning(runState);
  return (
    <div className="buttons">
      <button
        type="button"
        className="primary"
        data-testid="train-button"
        disabled={running || blocked}
        aria-describedby={blocked ? 'train-blocked' : undefined}
        onClick={() => train()}
      >
        Train
      </button>
      <button type="button" data-testid="pause-button" disabled={runState !== 'training' && runState !== 'paused'} onClick={pauseOrResume}>
        {runState === 'paused' ? 'Resume' : 'Pause'}
      </button>
      <button type="button" data-testid="stop-button" disabled={!running} onClick={() => void stop()}>
        Stop
      </button>
      <button type="button" data-testid="reset-button" disabled={running} onClick={reset}>
        Reset
      </button>
    </div>
  );
}

function ProgressLine() {
  const p = useAppStore(
    useShallow((state) => ({ trials: state.progress?.trials, totalTrials: state.progress?.totalTrials, elapsedMs: state.progress?.elapsedMs })),
  );
  const started = p.trials !== undefined && p.totalTrials !== undefined;
  const fraction = started ? Math.min(1, p.trials! / p.totalTrials!) : 0;
  return (
    <div className="progress-row">
      <progress data-testid="progress" max={1} value={fraction} aria-label="Training progress" />
      <span className="progress-text">
        {started ? `${p.trials!.toLocaleString()} / ${p.totalTrials!.toLocaleString()} trials · ${eta(p.elapsedMs ?? 0, fraction)}` : 'not started'}
      </span>
    </div>
  );
}

/** The curriculum stage trained now, what it is and what ends it: "2 / 4 · coherence 0.5 · until accuracy ≥ 0.9". */
function StageIndicator() {
  const { stage, stages } = useAppStore(useShallow((state) => ({ stage: state.progress?.stage, stages: state.progress?.stages })));
  const { task, curriculum } = useAppStore(useShallow((state) => ({ task: state.spec.task, curriculum: state.spec.curriculum })));
  const shown = useMemo(
    () => (stage === undefined || stages === undefined ? null : stageIndicator({ task, curriculum }, stage, stages)),
    [stage, stages, task, curriculum],
  );
  return (
    <dd data-testid="stage-indicator" data-stage={stage === undefined ? undefined : stage + 1}>
      {shown ? shown.count : '—'}
      {shown?.detail && <small> · {shown.detail}</small>}
    </dd>
  );
}

function Stats() {
  const s = useAppStore(
    useShallow((state) => ({ backend: state.backend, probing: state.runState === 'probing', loss: state.progress?.loss, accuracy: state.progress?.accuracy })),
  );
  return (
    <dl className="stats">
      <div>
        <dt>Backend</dt>
        <dd data-testid="backend-indicator">{s.backend ?? (s.probing ? 'choosing…' : '—')}</dd>
      </div>
      <div>
        <dt>Stage</dt>
        <StageIndicator />
      </div>
      <div>
        <dt>Loss</dt>
        <dd data-testid="loss-value" data-value={s.loss === undefined ? undefined : String(s.loss)}>
          {s.loss !== undefined && Number.isFinite(s.loss) ? s.loss.toPrecision(3) : '—'}
        </dd>
      </div>
      <div>
        <dt>Accuracy</dt>
        <dd data-testid="accuracy-value">{s.accuracy !== undefined && Number.isFinite(s.accuracy) ? s.accuracy.toFixed(3) : '—'}</dd>
      </div>
    </dl>
  );
}

/** Why training runs where it does, the status line, the backends measured and the error, as the worker said them. */
function Messages() {
  const s = useAppStore(
    useShallow((state) => ({ running: isRunning(state.runState), backend: state.backend, backendNote: state.backendNote, message: state.message, probes: state.probes, error: state.error })),
  );
  return (
    <>
      {s.backendNote && (
        <p className="status-message" data-testid="backend-note">
          {s.backendNote}
        </p>
      )}
      <TrainNotes running={s.running} />
      {s.message && <p className="status-message" data-testid="status-message">{s.message}</p>}
      {s.probes.length > 0 && (
        <details className="probes-details">
          <summary>Backends measured</summary>
          <ul className="probes" data-testid="backend-probes" aria-label="Backends measured">
            {s.probes.map((p) => (
              <li key={p.name} className={p.name === s.backend ? 'chosen' : undefined}>
                <strong>{p.name}</strong>{' '}
                {p.msPerStep !== undefined ? `${p.msPerStep.toFixed(0)} ms per training step` : (p.reason ?? 'available')}
              </li>
            ))}
          </ul>
        </details>
      )}
      {s.error && (
        <p className="error-banner" role="alert" data-testid="error-banner">
          {s.error}
        </p>
      )}
    </>
  );
}

export function RunBar() {
  return (
    <section className="card run-bar" aria-label="Run">
      <Buttons />
      <ProgressLine />
      <Stats />
      <Messages />
    </section>
  );
}
