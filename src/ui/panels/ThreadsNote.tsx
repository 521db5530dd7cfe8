/**
 * One line in the run bar: how many CPU threads training may use on this page, and why — "CPU threads: up to 8 (page
 * is cross-origin isolated)" or "Single-threaded: this page is not cross-origin isolated (…)". The page's own view
 * (src/core/platform/threads-available.ts): a page's workers are isolated exactly when the page is, and neither
 * isolation nor the core count changes while the page is open, so it is read once and selects nothing from the store.
 */
import { useMemo } from 'react';
import { currentPlatform, threadsAvailable, threadsLine } from '../../core/platform/threads-available.ts';

export function ThreadsNote() {
  const available = useMemo(() => threadsAvailable(currentPlatform()), []);
  return (
    <p className="status-message" data-testid="threads-note" data-threads={available.threads}>
      {threadsLine(available)}
    </p>
  );
}
