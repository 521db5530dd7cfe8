/** Training progress on stderr: JSON lines with --json, else a bar redrawn in place on a terminal, else one line per update. */
import type { TrainingProgress } from '../core/train/trainer.ts';

export type ProgressReporter = (p: TrainingProgress) => void;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function progressLine(p: TrainingProgress, width = 24): string {
  const fraction = Math.min(1, p.trials / p.totalTrials);
  const filled = Math.round(fraction * width);
  const eta = (p.elapsedMs / 1000) * (1 / Math.max(fraction, 1e-9) - 1);
  const stage = p.stages > 1 ? `  stage ${p.stage + 1}/${p.stages}` : '';
  return (
    `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.trials}/${p.totalTrials} trials` +
    `  loss ${p.loss.toFixed(5)}  accuracy ${p.accuracy.toFixed(3)}${stage}  ETA ${duration(eta)}`
  );
}

export function progressReporter(stream: NodeJS.WriteStream, json: boolean): ProgressReporter {
  if (json) return (p) => stream.write(`${JSON.stringify({ event: 'progress', ...p })}\n`);
  if (!stream.isTTY) return (p) => stream.write(`${progressLine(p)}\n`);
  return (p) => stream.write(`\r${progressLine(p)}\x1b[K`);
}
