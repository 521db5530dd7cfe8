/**
 * A PsychRNN network came without its experiment: which task to evaluate it on (the built-in tasks its N_in and
 * N_out fit) and the time step and time constant it was trained with (PsychRNN's files do not store them; its
 * tutorials use dt 10 ms, τ 100 ms). Evaluate opens that experiment and simulates the network on it.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { cancelTaskChoice, evaluateImported, type PendingNetwork, useImportStore } from './imported-network.ts';
import { PSYCHRNN_TIMING, specForNetwork } from './network-spec.ts';
import { mayOpen } from './open-experiment.ts';

function positive(text: string): number | null {
  const x = Number(text);
  return text.trim() !== '' && Number.isFinite(x) && x > 0 ? x : null;
}

function ChoiceForm({ pending }: { pending: PendingNetwork }) {
  const { weights, fileName, tasks } = pending;
  const [task, setTask] = useState(tasks[0].name);
  const [dt, setDt] = useState(String(PSYCHRNN_TIMING.dt));
  const [tau, setTau] = useState(String(PSYCHRNN_TIMING.tau));
  const [refusal, setRefusal] = useState<string | null>(null);

  const evaluate = (event: FormEvent) => {
    event.preventDefault();
    const timing = { dt: positive(dt), tau: positive(tau) };
    if (timing.dt === null || timing.tau === null) {
      return setRefusal(`dt and τ must be numbers > 0 (ms); got dt ${JSON.stringify(dt)}, τ ${JSON.stringify(tau)}`);
    }
    const result = specForNetwork(weights, task, { dt: timing.dt, tau: timing.tau }, fileName);
    if (!result.ok) return setRefusal(result.message);
    if (mayOpen(result.spec, fileName)) evaluateImported(result.spec, weights, fileName);
  };

  return (
    <form method="dialog" onSubmit={evaluate}>
      <h2 id="task-choice-heading">Evaluate {fileName}</h2>
      <p className="description">
        {NETWORK_KINDS[weights.model]}, N_in {weights.N_in}, N_rec {weights.N_rec}, N_out {weights.N_out}
        {weights.dale_ratio !== null ? `, Dale ratio ${weights.dale_ratio}` : ''}, {weights.transfer_function}. Its file holds no task: choose the one
        to simulate it on.
      </p>
      <div className="field-grid">
        <div className="field">
          <label htmlFor="import-task">Task</label>
          <select id="import-task" data-testid="import-task" value={task} onChange={(e) => setTask(e.target.value)}>
            {tasks.map((t) => (
              <option key={t.name} value={t.name}>
                {t.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="import-dt">dt (ms)</label>
          <input id="import-dt" type="text" inputMode="decimal" value={dt} onChange={(e) => setDt(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="import-tau">τ (ms)</label>
          <input id="import-tau" type="text" inputMode="decimal" value={tau} onChange={(e) => setTau(e.target.value)} />
        </div>
      </div>
      {refusal && (
        <p className="file-message" role="alert">
          {refusal}
        </p>
      )}
      <div className="buttons">
        <button type="submit" className="primary" data-testid="import-evaluate">
          Evaluate
        </button>
        <button type="button" className="secondary" onClick={cancelTaskChoice}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** How the dialog names the network a file holds (a GRU file can only be CogRNN's: PsychRNN has no GRU). */
const NETWORK_KINDS: Record<PendingNetwork['weights']['model'], string> = {
  basic: 'A PsychRNN network: rate RNN',
  lstm: 'A PsychRNN network: LSTM',
  gru: 'A CogRNN network: GRU',
};

export function TaskChoiceDialog() {
  const pending = useImportStore((s) => s.pending);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (pending && element && !element.open) element.showModal();
    if (!pending && element?.open) element.close();
  }, [pending]);
  return (
    <dialog ref={dialog} className="task-choice modal" data-testid="task-choice" aria-labelledby="task-choice-heading" onCancel={cancelTaskChoice}>
      {pending && <ChoiceForm key={`${pending.fileName}:${pending.weights.N_rec}`} pending={pending} />}
    </dialog>
  );
}
