/**
 * The "Fixed points" card (Sussillo & Barak 2013): shown while the page holds a network (trained, resumed or
 * imported), it asks the fixed-points worker which conditions the network's task has, searches the one chosen, and
 * shows the points on the trajectories' PCs and in a table. Disabled while training, when the network still changes.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Guard } from '../Guard.tsx';
import { useAppStore } from '../store.ts';
import { FixedPointsForm } from './FixedPointsForm.tsx';
import { FixedPointsPlot } from './FixedPointsPlot.tsx';
import { FixedPointsTable } from './FixedPointsTable.tsx';
import { vectorText } from './form.ts';
import { loadChoices } from './search.ts';
import { useFixedPoints } from './store.ts';
import './fixed-points.css';

const LOCKED_REASON = 'Training is under way and the network is still changing: stop it or let it finish first';

function Summary() {
  const result = useFixedPoints((s) => s.result);
  if (!result) return null;
  const counts = new Map<string, number>();
  for (const p of result.points) counts.set(p.stability, (counts.get(p.stability) ?? 0) + 1);
  const kinds = [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ');
  const where = result.condition === null ? 'zero input, trials of every condition' : `condition ${result.condition}, ${result.inputLabel}`;
  return (
    <p className="fixed-points-summary" data-testid="fixed-points-summary" data-cancelled={result.cancelled} data-points={result.points.length}>
      {result.points.length} fixed point{result.points.length === 1 ? '' : 's'}
      {kinds ? ` (${kinds})` : ''} at u = {vectorText(result.input)} ({where}) after {result.iterations.toLocaleString()} iterations from{' '}
      {result.options.startCount} starts{result.cancelled ? ' — cancelled: the points found so far' : ''}.
    </p>
  );
}

function Results() {
  const result = useFixedPoints((s) => s.result);
  return (
    <>
      <Summary />
      <Guard part="The fixed-points plot" resetKeys={[result]}>
        <FixedPointsPlot result={result} />
      </Guard>
      {result && <FixedPointsTable points={result.points} />}
    </>
  );
}

function CardBody({ locked }: { locked: boolean }) {
  const { choices, loadingChoices, error, network } = useFixedPoints(
    useShallow((s) => ({ choices: s.choices, loadingChoices: s.loadingChoices, error: s.error, network: s.network })),
  );
  useEffect(() => {
    if (!locked) void loadChoices();
  }, [locked, network]);
  return (
    <>
      {choices && (
        <p className="field-hint">
          {choices.model} network, N_rec {choices.N_rec}; trials of {choices.taskName} from {choices.specSource === 'file' ? "the network's own experiment" : "the page's experiment"}, run without noise.
        </p>
      )}
      {loadingChoices && <p className="status-message">Reading the task's conditions…</p>}
      {choices && <FixedPointsForm choices={choices} lockedReason={locked ? LOCKED_REASON : null} />}
      {!choices && !loadingChoices && locked && <p className="status-message">{LOCKED_REASON}.</p>}
      {error && (
        <p className="error-banner" role="alert" data-testid="fixed-points-error">
          {error}
        </p>
      )}
      <Results />
    </>
  );
}

export function FixedPointsCard() {
  const held = useAppStore((s) => s.checkpoint !== null);
  const locked = useAppStore((s) => s.runState === 'training' || s.runState === 'paused' || s.runState === 'probing');
  if (!held) return null;
  return (
    <section className="card fixed-points" aria-labelledby="fixed-points-heading" data-testid="fixed-points-card">
      <h2 id="fixed-points-heading">Fixed points</h2>
      <p className="field-hint">
        States x where one noise-free step leaves the network where it is, F(x, u) = x, found by minimising q = ½‖F(x, u) − x‖² from states along the trials
        (Sussillo &amp; Barak 2013); each is classed by its Jacobian's eigenvalues λ.
      </p>
      <CardBody locked={locked} />
    </section>
  );
}
