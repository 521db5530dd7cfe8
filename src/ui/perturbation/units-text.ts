/**
 * The perturbation lab's units field: text such as "0-9, 20" (ranges inclusive, "–" or "-", commas or spaces) to the
 * unit indices of the spec's `perturbation.silence`, and back. A bad entry is refused with a message naming it and
 * what is allowed; indices ≥ N_rec are left for the spec check, whose message names N_rec.
 */

export type UnitsParse = { ok: true; units: number[] } | { ok: false; message: string };

const INDEX = /^\d+$/;
const RANGE = /^(\d+)-(\d+)$/;
/** A range longer than this is a typo (the spec check's resource limits keep N_rec far below it). */
const MAX_RANGE = 100_000;

/** The indices `text` lists, ascending and distinct; an empty text is no units. */
export function parseUnits(text: string): UnitsParse {
  const units = new Set<number>();
  // "5 – 6" is one range: the dash's spaces go before the text is split at commas and spaces
  const parts = text.replace(/\s*[-–]\s*/g, '-').split(/[,;\s]+/).filter((p) => p !== '');
  for (const part of parts) {
    const range = RANGE.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (from > to) return { ok: false, message: `"${part}": a range goes from the lower unit to the higher, e.g. "${to}-${from}"` };
      if (to - from > MAX_RANGE) return { ok: false, message: `"${part}" spans more than ${MAX_RANGE.toLocaleString('en-US')} units` };
      for (let u = from; u <= to; u++) units.add(u);
    } else if (INDEX.test(part)) {
      units.add(Number(part));
    } else {
      return { ok: false, message: `"${part}" is not a unit index or range: use indices from 0 and ranges like "0-9", separated by commas` };
    }
  }
  return { ok: true, units: [...units].sort((a, b) => a - b) };
}

/** "0–9, 20" for [0, 1, …, 9, 20]: runs of three or more consecutive units as ranges. */
export function formatUnits(units: readonly number[]): string {
  const sorted = [...new Set(units)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let k = 0; k < sorted.length; ) {
    let end = k;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++;
    if (end - k >= 2) parts.push(`${sorted[k]}-${sorted[end]}`);
    else for (let m = k; m <= end; m++) parts.push(String(sorted[m]));
    k = end + 1;
  }
  return parts.join(', ');
}
