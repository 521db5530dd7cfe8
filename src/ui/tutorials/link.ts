/**
 * Tutorial links: `#tutorial=<id>`, short enough to print on a handout or write on a board. Unlike a share link
 * (`#x=…`, the whole spec) it names a tutorial bundled with the page, so the experiment it opens is the page's own.
 */
import { TUTORIALS, tutorialById, type Tutorial } from './index.ts';

/** The fragment of a tutorial link starts with this (after "#"). */
export const TUTORIAL_PREFIX = 'tutorial=';

/** Whether a fragment (`location.hash`, with or without "#") is a tutorial link. */
export function isTutorialFragment(fragment: string): boolean {
  return fragment.replace(/^#/, '').startsWith(TUTORIAL_PREFIX);
}

/** The fragment that opens `tutorial`. */
export function tutorialFragment(tutorial: Tutorial): string {
  return `#${TUTORIAL_PREFIX}${tutorial.id}`;
}

/** The full address of `tutorial` on the page at `base` (origin and path, no fragment). */
export function tutorialUrl(tutorial: Tutorial, base: string): string {
  return `${base}${tutorialFragment(tutorial)}`;
}

export type ReadTutorialLink = { ok: true; tutorial: Tutorial } | { ok: false; message: string };

/** The tutorial a fragment names, or a sentence saying which ids exist. */
export function readTutorialFragment(fragment: string): ReadTutorialLink {
  const id = fragment.replace(/^#/, '').slice(TUTORIAL_PREFIX.length).trim();
  const tutorial = tutorialById(id.toLowerCase());
  if (tutorial) return { ok: true, tutorial };
  const known = TUTORIALS.map((t) => `“${t.id}”`).join(', ');
  const named = id === '' ? 'This tutorial link names no tutorial' : `There is no tutorial “${id.length > 40 ? `${id.slice(0, 40)}…` : id}”`;
  return { ok: false, message: `${named}: a tutorial link ends in #${TUTORIAL_PREFIX} and one of ${known}.` };
}
