/**
 * Files in and out, in the experiment toolbar: Open file… (a weights .npz, a spec .json or a task .ts; a drop
 * anywhere on the page does the same), Download spec (.json) and Download metrics (.csv), and the task choice for
 * a PsychRNN network. (The imported network's "Train further" sits in the results: ImportedNetworkBar.tsx.)
 */
import { type ChangeEvent, useCallback, useState } from 'react';
import { useAppStore } from '../store.ts';
import { downloadMetrics, downloadSpec } from './downloads.ts';
import { DropOverlay } from './DropOverlay.tsx';
import { openFile } from './open-file.ts';
import { TaskChoiceDialog } from './TaskChoiceDialog.tsx';
import './files.css';

/** Runs `open` and shows its refusal (or clears the last one); an unexpected error is shown, not thrown away. */
function useOpen(): { message: string | null; open: (file: File) => void; dismiss: () => void } {
  const [message, setMessage] = useState<string | null>(null);
  const open = useCallback((file: File) => {
    setMessage(null);
    openFile(file).then(setMessage, (error: Error) => setMessage(`${file.name} could not be opened: ${error.message}`));
  }, []);
  return { message, open, dismiss: useCallback(() => setMessage(null), []) };
}

function OpenFileButton({ onFile }: { onFile: (file: File) => void }) {
  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // the same file can be opened again
    if (file) onFile(file);
  };
  return (
    <label className="file-button" title="A weights .npz (PsychRNN's or CogRNN's), an experiment spec .json or a task .ts file; or drop one on the page">
      Open file…
      <input type="file" accept=".npz,.json,.ts" data-testid="import-file" onChange={choose} />
    </label>
  );
}

function DownloadMetricsButton() {
  const points = useAppStore((s) => s.curve.trials.length);
  return (
    <button
      type="button"
      className="secondary"
      data-testid="download-metrics"
      disabled={points === 0}
      title={points === 0 ? 'No training metrics yet: train first' : `The loss and accuracy at ${points.toLocaleString()} points (trials, loss, accuracy, stage)`}
      onClick={downloadMetrics}
    >
      Download metrics (.csv)
    </button>
  );
}

export function FileControls() {
  const { message, open, dismiss } = useOpen();
  return (
    <div className="file-controls">
      <OpenFileButton onFile={open} />
      <button type="button" className="secondary" data-testid="download-spec" title="The experiment spec, for Open file…, cogrnn train or PsychRNN users" onClick={downloadSpec}>
        Download spec (.json)
      </button>
      <DownloadMetricsButton />
      {message && (
        <p className="file-message" role="alert" data-testid="file-message">
          {message}{' '}
          <button type="button" className="file-message-dismiss" onClick={dismiss}>
            Dismiss
          </button>
        </p>
      )}
      <TaskChoiceDialog />
      <DropOverlay onFile={open} />
    </div>
  );
}
