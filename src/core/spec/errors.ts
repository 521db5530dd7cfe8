/**
 * Errors in an experiment spec, written for the person who wrote it: each names the field (dotted path with
 * [i] for indices), the value found and what is allowed, e.g. `model.N_rec: got -3; must be an integer ≥ 1`.
 */
import {
  type Node as JsonNode,
  type ParseError,
  type ParseErrorCode,
  parse as parseJsonc,
  parseTree,
  printParseErrorCode,
} from 'jsonc-parser';
import type { z } from 'zod';

export interface SpecIssue {
  /** dotted path with [i] for array indices, e.g. `curriculum.stages[2].N_in`; '' for the whole spec or text */
  path: string;
  /** the offending value (undefined when the field is missing) */
  value: unknown;
  /** what is wrong and what is allowed */
  message: string;
  /** the value as written in the JSON text, when that says more than the parsed value (1e400 parses to Infinity) */
  raw?: string;
}

/** Lines shown in `.message`; `.issues` always holds them all. */
const MAX_LINES = 20;

export class SpecError extends Error {
  override name = 'SpecError';
  readonly issues: SpecIssue[];

  constructor(issues: SpecIssue[]) {
    const lines = issues.slice(0, MAX_LINES).map(formatIssue);
    if (issues.length > MAX_LINES) lines.push(`… and ${issues.length - MAX_LINES} more problems`);
    super(lines.join('\n'));
    this.issues = issues;
  }
}

export function formatIssue({ path, value, message, raw }: SpecIssue): string {
  if (path === '' && value === undefined) return message; // about the text, not a value
  const got = raw !== undefined ? `got ${raw}` : value === undefined ? 'missing' : `got ${showValue(value)}`;
  return `${path || '(spec)'}: ${got}; ${message}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join('');
}

/** A short rendering of a value: matrices by their shape, anything long truncated. */
export function showValue(value: unknown, maxLength = 60): string {
  if (Array.isArray(value) && value.length > 0 && value.every(Array.isArray)) {
    const widths = new Set(value.map((row: unknown[]) => row.length));
    return widths.size === 1
      ? `a ${value.length}×${[...widths][0]} matrix`
      : `a ${value.length}-row matrix with rows of ${[...widths].sort((a, b) => a - b).join('/')} entries`;
  }
  if (Array.isArray(value) && value.length > 8) return `an array of ${value.length} entries`;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value); // JSON would say null
  const text = JSON.stringify(value) ?? String(value);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** Levenshtein distance, for "did you mean" on misspelt keys. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/**
 * Messages for the unknown keys of one object, one line per key in the order zod lists them
 * (`fromZodError` splits them back into one issue per key).
 */
export function unknownKeysMessage(keys: readonly string[], allowed: readonly string[]): string {
  return keys
    .map((key) => {
      const near = allowed
        .map((name) => ({ name, d: editDistance(key.toLowerCase(), name.toLowerCase()) }))
        .sort((x, y) => x.d - y.d)[0];
      const hint = near && near.d <= Math.max(1, Math.floor(key.length / 3)) ? ` (did you mean "${near.name}"?)` : '';
      return `unknown key "${key}"${hint}; allowed keys: ${allowed.join(', ')}`;
    })
    .join('\n');
}

/** Turns zod's issues (parsed with `reportInput: true`) into SpecIssues. */
export function fromZodError(error: z.ZodError): SpecError {
  const issues: SpecIssue[] = [];
  for (const iss of error.issues) {
    const input = (iss as { input?: unknown }).input;
    if (iss.code === 'unrecognized_keys') {
      const lines = iss.message.split('\n');
      const object = input as Record<string, unknown>;
      iss.keys.forEach((key, i) =>
        issues.push({ path: formatPath([...iss.path, key]), value: object[key], message: lines[i] }),
      );
    } else if (iss.code === 'invalid_union' && 'discriminator' in iss && typeof iss.discriminator === 'string') {
      // zod reports a missing or unknown discriminator at path [..., discriminator] with the whole object as input
      const value = (input as Record<string, unknown> | undefined)?.[iss.discriminator];
      issues.push({ path: formatPath(iss.path), value, message: iss.message });
    } else {
      issues.push({ path: formatPath(iss.path), value: input, message: iss.message });
    }
  }
  // a value can fail two checks with one message (−3.5 for an integer ≥ 1): say it once
  const unique = new Map(issues.map((issue) => [`${issue.path}\u0000${issue.message}`, issue]));
  return new SpecError([...unique.values()]);
}

/**
 * A JSON.parse failure as an issue naming line and column. V8 gives a position for some errors only,
 * so the position (and a plain reason) come from jsonc-parser's strict parse of the same text.
 */
export function jsonSyntaxIssue(text: string, error: SyntaxError): SpecIssue {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  const reason = first ? describeJsonError(first.error) : error.message.replace(/\n/g, '\\n');
  const position = first ? first.offset : null;
  if (position === null) return { path: '', value: undefined, message: `JSON syntax error: ${reason}` };
  const before = text.slice(0, position).split('\n');
  const line = before.length;
  const column = before[before.length - 1].length + 1;
  // the line around the error, with ▸ marking the spot
  const lineText = text.split('\n')[line - 1] ?? '';
  const near = `${lineText.slice(Math.max(0, column - 31), column - 1)}▸${lineText.slice(column - 1, column + 19)}`;
  const where = `line ${line}, column ${column}${near === '▸' ? '' : ` (at ▸ in: ${near.trim()})`}`;
  return { path: '', value: undefined, message: `JSON syntax error at ${where}: ${reason}` };
}

/** JSON.parse of `text`; a syntax error is thrown as a SpecError naming its line and column (jsonSyntaxIssue). */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SpecError([jsonSyntaxIssue(text, error as SyntaxError)]);
  }
}

/** jsonc-parser's error codes in words. */
function describeJsonError(code: ParseErrorCode): string {
  const name = printParseErrorCode(code); // e.g. "ValueExpected"
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * The numbers of a JSON text too large for a double (`1e400` parses to Infinity), by the dotted path of their
 * field, each with its text as written, so a message can say "got 1e400" rather than "got Infinity".
 */
export function oversizedNumbers(text: string): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (node: JsonNode, path: (string | number)[]) => {
    if (node.type === 'number' && !Number.isFinite(node.value)) {
      found.set(formatPath(path), `${text.slice(node.offset, node.offset + node.length)} (beyond the largest number, about 1.8e308)`);
    }
    if (node.type === 'object') {
      for (const property of node.children ?? []) {
        const [key, child] = property.children ?? [];
        if (key && child) visit(child, [...path, String(key.value)]);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => visit(child, [...path, i]));
    }
  };
  const root = parseTree(text);
  if (root) visit(root, []);
  return found;
}
