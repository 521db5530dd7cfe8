/** A tutorial step's text with its marks drawn: controls in bold, code in monospace (tutorial.ts textParts). */
import { textParts } from './tutorial.ts';

export function StepText({ text }: { text: string }) {
  return (
    <>
      {textParts(text).map((part, k) =>
        part.kind === 'control' ? (
          <strong key={k}>{part.text}</strong>
        ) : part.kind === 'code' ? (
          <code key={k}>{part.text}</code>
        ) : (
          <span key={k}>{part.text}</span>
        ),
      )}
    </>
  );
}
