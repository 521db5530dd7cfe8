/**
 * The "Perturbation lab" card: the spec's perturbation (PerturbationFields) and, for the network the page holds
 * (trained, resumed or imported), Run perturbation — the network on fresh trials of its task without and with it,
 * in the perturbation worker on the plain simulator — with the results side by side. Disabled while training, when
 * the network still changes, and while a field shows a value the spec does not hold.
 */
import { useShallow } from 'zustand/react/shallow';
import { blockingField, useAppStore } from '../store.ts';
import { PerturbationFields } from './PerturbationFields.tsx';
import { PerturbationResults } from './PerturbationResults.tsx';
import { runHeldPerturbation, usePerturbationLab } from './store.ts';
import './perturbation.css';

/** Why Run perturbation is disabled, or null. */
function useRunBlock(): string | null {
  const { held, training, blocking } = useAppStore(
    useShallow((s) => ({
      held: s.checkpoint !== null,
      training: s.runState === 'training' || s.runState === 'paused' || s.runState === 'probing',
      blocking: blockingField(s.invalidFields)?.field.label ?? null,
    })),
  );
  const running = usePerturbationLab((s) => s.running);
  if (!held) return 'Train a network or open a weights file first: the lab perturbs the network the page holds.';
  if (training) return 'Training is under way and the network is still changing: stop it or let it finish first.';
  if (blocking) return `${blocking} shows a value the experiment does not hold: fix it first.`;
  if (running) return 'Running…';
  return null;
}

function Results() {
  const { comparison, ranWith, experiment, error, specSource } = usePerturbationLab(
    useShallow((s) => ({ comparison: s.comparison, ranWith: s.ranWith, experiment: s.experiment, error: s.error, specSource: s.specSource })),
  );
  const current = useAppStore(useShallow((s) => ({ perturbation: s.spec.perturbation, opened: s.openedExperiments })));
  const shown = comparison !== null && experiment === current.opened;
  return (
    <>
      {error && (
        <p className="field-error" role="alert" data-testid="perturb-error">
          {error}
        </p>
      )}
      {shown && specSource === 'file' && <p className="field-hint">Trials of the task the network was trained on (the experiment stored in its file).</p>}
      {shown && <PerturbationResults comparison={comparison} stale={JSON.stringify(ranWith) !== JSON.stringify(current.perturbation)} />}
    </>
  );
}

export function PerturbationCard() {
  const block = useRunBlock();
  const running = usePerturbationLab((s) => s.running);
  return (
    <section className="card perturb" aria-labelledby="perturb-heading" data-testid="perturb-panel">
      <h2 id="perturb-heading">Perturbation lab</h2>
      <p className="field-hint">
        Silence units, cut connections, add state noise or scale W_rec or an input during a time window, and compare the held network before and after on the same trials. The perturbation is part of the experiment: saved with it and carried by its share link.
      </p>
      <PerturbationFields />
      <div className="buttons">
        <button type="button" className="primary" data-testid="perturb-run" disabled={block !== null} title={block ?? undefined} onClick={() => void runHeldPerturbation()}>
          {running ? 'Running…' : 'Run perturbation'}
        </button>
      </div>
      {block && !running && <p className="field-hint" data-testid="perturb-run-reason">{block}</p>}
      <Results />
    </section>
  );
}
