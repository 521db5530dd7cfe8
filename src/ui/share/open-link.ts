/**
 * Share links in the page: the link of the current spec (`location` without its fragment + `#x=` + the payload,
 * core/share/link.ts), and opening one — at start-up and on every `hashchange`, a fragment that is a CogRNN link is
 * decoded; a good one replaces the experiment through the store's `openExperiment` (persistence saves it as a new
 * experiment, so the one open before stays in the list), a bad one is said and changes nothing. Either way the
 * fragment is then removed (history.replaceState), so a reload does not open it again and the same link pasted again
 * is a new `hashchange`. Code in a link waits for consent (consent.ts). A tutorial link, `#tutorial=<id>`, opens that
 * tutorial the same way (tutorials/open-tutorial.ts).
 */
import { create } from 'zustand';
import { decodeExperimentLink, encodeExperimentLink, isExperimentLinkFragment, LINK_PREFIX, LinkTooLargeError } from '../../core/share/link.ts';
import type { ExperimentSpec } from '../../core/spec/spec.ts';
import { isCustomTask } from '../../core/tasks/custom-task.ts';
import { type TaskEditorState, useAppStore } from '../store.ts';
import { isTutorialFragment } from '../tutorials/link.ts';
import { openTutorialFragment } from '../tutorials/open-tutorial.ts';
import { askConsent, carriesCode, codeSources } from './consent.ts';

/** Past this many characters some chat apps and mail programs cut a link: the page says how long it is. */
export const LONG_LINK_CHARS = 8000;

/** Why the last link opened was refused, shown until dismissed or a good link opens. */
export const useLinkProblem = create<{ problem: string | null }>(() => ({ problem: null }));

export type SharedLink = { ok: true; url: string } | { ok: false; message: string };

/** The address that opens `spec` in another browser. */
export function shareLink(spec: ExperimentSpec): SharedLink {
  try {
    return { ok: true, url: `${location.origin}${location.pathname}#${LINK_PREFIX}${encodeExperimentLink(spec)}` };
  } catch (error) {
    if (error instanceof LinkTooLargeError) return { ok: false, message: `${error.message} Download the spec instead and send the file.` };
    throw error;
  }
}

/**
 * The editor that goes with a linked spec: its code (the task's, else the first custom stage's) awaiting consent; for
 * a spec without code the editor as it was, closed — unless it held code of an earlier link not yet allowed, which
 * this experiment does not need (it stays with the experiment saved before).
 */
function linkedEditor(spec: ExperimentSpec, editor: TaskEditorState | null): TaskEditorState | null {
  if (!carriesCode(spec)) return editor && !editor.awaitingConsent ? { ...editor, open: false } : null;
  const open = isCustomTask(spec.task);
  const [first] = codeSources(spec, null);
  return { text: first.text, file: first.file, savedText: first.text, open, awaitingConsent: true };
}

function openedNotice(spec: ExperimentSpec): string {
  const name = spec.name ? `“${spec.name}”` : 'an experiment';
  const code = carriesCode(spec) ? ' Its task code has not run: read it, then choose Run it.' : '';
  return `Opened ${name} from a link; the experiment open before stays in the experiment list.${code}`;
}

const running = () => ['training', 'paused', 'probing'].includes(useAppStore.getState().runState);

/** The fragment as typed: the browser percent-encodes what a URL may not hold ("<" reads "%3C"). */
function addressFragment(): string {
  try {
    return decodeURIComponent(location.hash);
  } catch {
    return location.hash; // a stray "%": the link reader names the character
  }
}

/** Opens the link in the address's fragment, if it holds one (see the file's comment). */
export function openLinkInAddress(): void {
  const fragment = addressFragment();
  const tutorial = isTutorialFragment(fragment);
  if (!tutorial && !isExperimentLinkFragment(fragment)) return;
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  if (running()) {
    useLinkProblem.setState({ problem: 'A link was opened while training runs: opening it would replace the experiment being trained. Stop the run, then open the link again.' });
    return;
  }
  // `#tutorial=<id>`: an experiment bundled with the page (tutorials/), opened with its guide
  if (tutorial) {
    useLinkProblem.setState({ problem: openTutorialFragment(fragment) });
    return;
  }
  const decoded = decodeExperimentLink(fragment);
  if (!decoded.ok) {
    useLinkProblem.setState({ problem: decoded.message });
    return;
  }
  useLinkProblem.setState({ problem: null });
  const { openExperiment, editor } = useAppStore.getState();
  openExperiment({ spec: decoded.spec, editor: linkedEditor(decoded.spec, editor), notice: openedNotice(decoded.spec) });
  askConsent();
}

/** Opens the address's link now and every link the address takes later; returns the unsubscribe. */
export function followLinks(): () => void {
  openLinkInAddress();
  window.addEventListener('hashchange', openLinkInAddress);
  return () => window.removeEventListener('hashchange', openLinkInAddress);
}
