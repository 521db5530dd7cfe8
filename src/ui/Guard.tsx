/**
 * An error boundary around one part of the page (a panel, a plot, the trial preview): when the part throws, it
 * shows what failed and a Retry button, and the rest of the page keeps working.
 */
import type { ReactNode } from 'react';
import { ErrorBoundary } from 'react-error-boundary';

interface GuardProps {
  /** what the part is, for the message: "The task panel", "The loss plot" */
  part: string;
  /** the part is tried again when one of these changes (new data, a new spec) */
  resetKeys?: unknown[];
  children: ReactNode;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function Guard({ part, resetKeys, children }: GuardProps) {
  return (
    <ErrorBoundary
      resetKeys={resetKeys}
      fallbackRender={({ error, resetErrorBoundary }) => (
        <div className="part-failed" role="alert" data-testid="part-failed">
          <p>
            <strong>{part} failed:</strong> {errorText(error)}
          </p>
          <button type="button" onClick={() => resetErrorBoundary()}>
            Retry
          </button>
        </div>
      )}
    >
      {children}
    </ErrorBoundary>
  );
}
