/**
 * What the fixed-points card's buttons do: ask the worker which conditions and inputs the held network's task
 * offers, run a search with the form's settings (progress into the store as it comes), and cancel it. An answer
 * for a network the page no longer holds is dropped.
 */
import { useAppStore } from '../store.ts';
import { cancelSearch, describeNetwork, findFixedPoints } from './client.ts';
import { parseForm } from './form.ts';
import { useFixedPoints } from './store.ts';

const stillHeld = (file: Uint8Array) => useFixedPoints.getState().network === file;

/** Loads the conditions of the held network's task once per network; the first condition is chosen if none is. */
export async function loadChoices(): Promise<void> {
  const { network, choices, loadingChoices } = useFixedPoints.getState();
  if (!network || choices || loadingChoices) return;
  useFixedPoints.setState({ loadingChoices: true, error: null });
  const answer = await describeNetwork({ spec: useAppStore.getState().spec, network: { file: network.slice() } });
  if (!stillHeld(network)) return;
  if (!answer.ok) {
    useFixedPoints.setState({ loadingChoices: false, error: answer.message });
    return;
  }
  const { form } = useFixedPoints.getState();
  const labels = answer.choices.conditions.map((c) => c.label);
  const condition = form.condition !== null && labels.includes(form.condition) ? form.condition : (labels[0] ?? null);
  useFixedPoints.setState({ loadingChoices: false, choices: answer.choices, form: { ...form, condition } });
}

export async function runSearch(): Promise<void> {
  const { network, choices, form, searching } = useFixedPoints.getState();
  if (!network || !choices || searching) return;
  const parsed = parseForm(form, choices.N_in);
  if (!parsed.ok) {
    useFixedPoints.setState({ error: parsed.messages.join('; ') });
    return;
  }
  useFixedPoints.setState({ searching: true, progress: null, result: null, error: null });
  const answer = await findFixedPoints(
    { spec: useAppStore.getState().spec, network: { file: network.slice() }, condition: form.condition, input: parsed.input, options: parsed.options },
    (progress) => {
      if (stillHeld(network)) useFixedPoints.setState({ progress });
    },
  );
  if (!stillHeld(network)) return;
  useFixedPoints.setState(answer.ok ? { searching: false, result: answer.result } : { searching: false, error: answer.message });
}

export function cancel(): void {
  void cancelSearch();
}
