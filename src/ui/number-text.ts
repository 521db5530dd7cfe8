/** What a number field's text means: a number, empty (null, where the field allows it), or why it is neither. */

/** A decimal number as a person writes it: 12, -0.5, .5, 1e3 (not 0x10, 1_000 or Infinity). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export type ParsedText = { ok: true; value: number | null } | { ok: false; message: string };

/** `emptyMeans` is what an empty field stands for (null in the spec); without it an empty field is refused. */
export function parseNumberText(raw: string, label: string, emptyMeans?: string): ParsedText {
  const text = raw.trim();
  if (text === '') return emptyMeans === undefined ? { ok: false, message: `${label} needs a number` } : { ok: true, value: null };
  if (!DECIMAL.test(text)) return { ok: false, message: `${label}: "${raw}" is not a number` };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, message: `${label}: ${text} is too large for a number (the largest is about 1.8e308)` };
  return { ok: true, value };
}
