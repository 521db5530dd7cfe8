/**
 * What a guided tutorial is: a ready experiment (a spec as a file holds it), a few steps that point at the page's
 * controls by the names the page shows, and a "next step" to try alone. One file per tutorial under lessons/ holds
 * everything about it; index.ts lists them in order. A step the store can tell is done carries a check, and the
 * guide ticks it (a trained network, a painted mask, a curriculum present).
 *
 * Step text is plain text with two marks: **Name** is a control or heading as the page labels it, `code` is code or
 * a spec key. They are read by `textParts`, so a lesson never holds markup the page would have to trust.
 */
import type { ExperimentSpecInput } from '../../core/spec/spec.ts';
import type { AppState } from '../store.ts';

/** The part of the page's state a step's check reads. */
export type GuideState = Pick<AppState, 'spec' | 'editor' | 'progress' | 'test' | 'checkpoint'>;

export interface StepCheck {
  /** what ticks it, shown beside the tick: "accuracy ≥ 0.9" */
  label: string;
  done: (state: GuideState) => boolean;
}

export interface TutorialStep {
  /** a short paragraph (see the file's comment for its two marks) */
  text: string;
  check?: StepCheck;
}

export interface Tutorial {
  /** the link's id, `#tutorial=<id>`: short, lower case, words joined by "-" */
  id: string;
  title: string;
  /** one line, for the list */
  summary: string;
  /** the PsychRNN tutorial it follows (or what it adds to them) */
  follows: string;
  /** the ready experiment, as a spec file holds it: parsed (defaults filled in) when it opens */
  experiment: ExperimentSpecInput;
  /** 3–6 steps, in order */
  steps: TutorialStep[];
  /** something to try after the steps */
  next: TutorialStep;
}

/** PsychRNN's tutorials' task: PerceptualDiscrimination at dt 10 ms, τ 100 ms, T 2000 ms, 128 trials a batch. */
export const PSYCHRNN_PD = { name: 'PerceptualDiscrimination', dt: 10, tau: 100, T: 2000, N_batch: 128 } as const;

export type TextPart = { kind: 'text' | 'control' | 'code'; text: string };

/** A step's text as plain, control (**…**) and code (`…`) parts; an unclosed mark is plain text. */
export function textParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  const mark = /\*\*([^*]+)\*\*|`([^`]+)`/g;
  let at = 0;
  for (const match of text.matchAll(mark)) {
    if (match.index > at) parts.push({ kind: 'text', text: text.slice(at, match.index) });
    parts.push(match[1] !== undefined ? { kind: 'control', text: match[1] } : { kind: 'code', text: match[2] });
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push({ kind: 'text', text: text.slice(at) });
  return parts;
}

/** The step's text without its marks (the handout's plain copy, tests). */
export function plainText(text: string): string {
  return textParts(text)
    .map((part) => part.text)
    .join('');
}
