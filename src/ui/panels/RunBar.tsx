/**
 * The run: Train, Pause/Resume, Stop, Reset; progress with ETA; backend, stage, loss, accuracy; messages. Train says
 * which field blocks it, and warns (still training) when the experiment is large.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { resourceWarning } from '../../core/resources.ts';
import { pauseOrResume, reset, stop, train } from '../run.ts';
import { blockingField, useAppStore } from '../store.ts';

function eta(elapsedMs: number, fraction: number): string {
  if (!(fraction > 0) || fraction >= 1) return '';
  const s = Math.round((elapsedMs / 1000) * (1 / fraction - 1));
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s left` : `${s} s left`;
}

/** Why Train is disabled, or what to expect from it: one line under the buttons. */
function TrainNotes({ running }: { running: boolean }) {
  const spec = useAppStore((s) => s.spec);
  const blocking = blockingField(useAppStore((s) => s.invalidFields));
  const warning = useMemo(() => resourceWarning(spec), [spec]);
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

export function RunBar() {
  // only what the bar shows: a new test summary or checkpoint does not redraw it
  const s = useAppStore(
    useShallow((state) => ({
      runState: state.runState,
      invalidFields: state.invalidFields,
      progress: state.progress,
      backend: state.backend,
      backendNote: state.backendNote,
      message: state.message,
      probes: state.probes,
      error: state.error,
    })),
  );
  const running = s.runState === 'training' || s.runState === 'paused' || s.runState === 'probing';
  const blocked = blockingField(s.invalidFields) !== null;
  const progress = s.progress;
  const fraction = progress ? Math.min(1, progress.trials / progress.totalTrials) : 0;
  return (
    <section className="card run-bar" aria-label="Run">
      <div className="buttons">
        <button
          type="button"
          className="primary"
          data-testid="train-button"
          disabled={running || blocked}
          aria-describedby={blocked ? 'train-blocked' : undefined}
          onClick={train}
        >
          Train
        </button>
        <button type="button" data-testid="pause-button" disabled={s.runState !== 'training' && s.runState !== 'paused'} onClick={pauseOrResume}>
          {s.runState === 'paused' ? 'Resume' : 'Pause'}
        </button>
        <button type="button" data-testid="stop-button" disabled={!running} onClick={() => void stop()}>
          Stop
        </button>
        <button type="button" data-testid="reset-button" disabled={running} onClick={reset}>
          Reset
        </button>
      </div>
      <div className="progress-row">
        <progress data-testid="progress" max={1} value={fraction} aria-label="Training progress" />
        <span className="progress-text">
          {progress ? `${progress.trials.toLocaleString()} / ${progress.totalTrials.toLocaleString()} trials` : 'not started'}
          {progress ? ` · ${eta(progress.elapsedMs, fraction)}` : ''}
        </span>
      </div>
      <dl className="stats">
        <div>
          <dt>Backend</dt>
          <dd data-testid="backend-indicator">{s.backend ?? (s.runState === 'probing' ? 'choosing…' : '—')}</dd>
        </div>
        <div>
          <dt>Stage</dt>
          <dd data-testid="stage-value">{progress ? `${progress.stage + 1} / ${progress.stages}` : '—'}</dd>
        </div>
        <div>
          <dt>Loss</dt>
          <dd data-testid="loss-value" data-value={progress?.loss}>
            {progress && Number.isFinite(progress.loss) ? progress.loss.toPrecision(3) : '—'}
          </dd>
        </div>
        <div>
          <dt>Accuracy</dt>
          <dd data-testid="accuracy-value">{progress && Number.isFinite(progress.accuracy) ? progress.accuracy.toFixed(3) : '—'}</dd>
        </div>
      </dl>
      {s.backendNote && (
        <p className="status-message" data-testid="backend-note">
          {s.backendNote}
        </p>
      )}
      <TrainNotes running={running} />
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
    </section>
  );
}
