/**
 * What happens to a file given to the page (Open file… or a drop): it is classified by its first bytes
 * (classify.ts), refused when larger than its kind allows, then read once and opened —
 * - a spec .json: parsed by the spec's own parser (a future version gets its message) and opened;
 * - a task .ts: the task editor's Open path (task-code.ts), as if opened there;
 * - a weights .npz: read with the experiment-file reader. Ours carries its spec: that experiment opens and the
 *   network is simulated on it. PsychRNN's carries none: the person is asked which task to evaluate it on.
 * Any refusal is returned as a sentence naming the file and the problem; nothing open changes then.
 */
import { loadExperimentNpz } from '../../core/io/experiment-file.ts';
import { type ExperimentSpec, parseSpecText } from '../../core/spec/spec.ts';
import { useAppStore } from '../store.ts';
import { openTaskFile } from '../task-code.ts';
import { classifyFile, HEAD_BYTES, tooLarge } from './classify.ts';
import { askForTask, evaluateImported, networkMismatch } from './imported-network.ts';
import { fittingTasks } from './network-spec.ts';
import { mayOpen, openSpec } from './open-experiment.ts';

const oneLine = (message: string) => message.split('\n').join('; ');

/** Why no file may be opened now (a run is going: opening would replace the experiment it trains), or null. */
function busy(name: string): string | null {
  const { runState } = useAppStore.getState();
  if (runState !== 'training' && runState !== 'paused' && runState !== 'probing') return null;
  return `${name} was not opened: a run is going (stop it first; opening a file replaces the experiment it trains)`;
}

/** Opens `file`; returns why it was refused, or null (opened, or the person declined to replace their work). */
export async function openFile(file: File): Promise<string | null> {
  const refusal = busy(file.name);
  if (refusal) return refusal;
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const classified = classifyFile(file.name, head);
  if (classified.kind === 'refused') return classified.message;
  if (file.size > classified.limitBytes) return tooLarge(file.name, classified.kind, file.size, classified.limitBytes);
  switch (classified.kind) {
    case 'task':
      return openTaskFile(file);
    case 'spec':
      return openSpecFile(file.name, await file.text());
    case 'npz':
      return openWeightsFile(file.name, new Uint8Array(await file.arrayBuffer()));
  }
}

function openSpecFile(name: string, text: string): string | null {
  let spec: ExperimentSpec;
  try {
    spec = parseSpecText(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return `${name} is not an experiment spec CogRNN can open: ${oneLine((error as Error).message)}`;
  }
  if (mayOpen(spec, name)) openSpec(spec, `Opened ${name}.`);
  return null;
}

function openWeightsFile(name: string, bytes: Uint8Array): string | null {
  let file;
  try {
    file = loadExperimentNpz(bytes);
  } catch (error) {
    return `${name} is not a weights file CogRNN can open: ${oneLine((error as Error).message)}`;
  }
  const { weights, spec } = file;
  if (spec) {
    const mismatch = networkMismatch(spec, weights);
    if (mismatch) return `${name}'s stored spec does not fit its weights: the spec has ${mismatch}`;
    if (mayOpen(spec, name)) evaluateImported(spec, weights, name);
    return null;
  }
  const tasks = fittingTasks(weights);
  if (tasks.length === 0) {
    return `${name} holds a network with N_in ${weights.N_in} and N_out ${weights.N_out}; no built-in task has that many inputs and outputs`;
  }
  askForTask({ weights, fileName: name, tasks });
  return null;
}
